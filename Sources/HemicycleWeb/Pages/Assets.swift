import Crypto
import Foundation
import Hummingbird
import Legislation
import NIOCore

/// The static files of the pages (`templates/assets/`), served under names that carry a hash of
/// their content (`/assets/hemicycle.3f9a1c0b2d4e.css`): a browser may keep each for a year,
/// and a changed file gets a new name, so nobody sees a stale stylesheet.
struct Assets: Sendable {
    struct File: Sendable {
        let bytes: ByteBuffer
        let contentType: String
    }

    /// Files by their hashed name.
    let files: [String: File]
    /// Hashed names by plain name (`hemicycle.css`).
    let names: [String: String]

    /// The kinds of file served, by extension; any other file in the folder is left out.
    static let contentTypes = [
        "css": "text/css; charset=utf-8", "svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon",
        "txt": "text/plain; charset=utf-8",
    ]

    static func load(from directory: URL) throws -> Assets {
        let found: [String]
        do {
            found = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw SiteError("cannot read the assets folder \(directory.path): \(error)")
        }
        var files: [String: File] = [:]
        var names: [String: String] = [:]
        for name in found.sorted() {
            let url = directory.appendingPathComponent(name)
            guard let type = contentTypes[url.pathExtension] else { continue }
            let data = try Data(contentsOf: url)
            let hash = Hexadecimal.encode(Array(SHA256.hash(data: data).prefix(6)))
            let hashed = url.deletingPathExtension().lastPathComponent + "." + hash + "." + url.pathExtension
            files[hashed] = File(bytes: ByteBuffer(bytes: data), contentType: type)
            names[name] = hashed
        }
        guard names["hemicycle.css"] != nil else {
            throw SiteError("\(directory.path) has no hemicycle.css")
        }
        return Assets(files: files, names: names)
    }

    /// The address of a plain-named file, as pages link it.
    func path(_ name: String) -> String { "/assets/" + (names[name] ?? name) }

    /// The file under its hashed name, kept by browsers and proxies for a year; 404 otherwise.
    func response(for name: String) throws -> Response {
        guard let file = files[name] else { throw HTTPError(.notFound, message: "no such asset: \(name)") }
        return Response(
            status: .ok,
            headers: [.contentType: file.contentType, .cacheControl: "public, max-age=31536000, immutable"],
            body: .init(byteBuffer: file.bytes))
    }
}
