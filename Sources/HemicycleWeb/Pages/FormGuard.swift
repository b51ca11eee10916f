import Foundation
import HTTPTypes
import Hemicycle
import Hummingbird
import MultipartKit
import NIOCore

/// The fields of a submitted form (`application/x-www-form-urlencoded`, or `multipart/form-data`
/// when it uploads a file).
struct FormFields: Sendable {
    let values: [String: [String]]
    /// The files uploaded, by field name: their bytes, when a file was chosen.
    var files: [String: [UInt8]] = [:]

    /// The first value of `name`, if sent.
    subscript(_ name: String) -> String? { values[name]?.first }

    /// Every value of `name`, in the order sent (check boxes of one name).
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// Parses a form body; `+` is a space, `%XX` a byte, and names or values that are not UTF-8
    /// once decoded are dropped.
    init(_ body: String) {
        var values: [String: [String]] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? {
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else { continue }
            values[name, default: []].append(value)
        }
        self.values = values
    }

    /// Parses a `multipart/form-data` body with MultipartKit's parser: parts with a file name are
    /// files, the others fields; a part that is not UTF-8 text where text is due is dropped.
    init(multipart body: ByteBuffer, boundary: String) throws {
        let parser = MultipartParser(boundary: boundary)
        var values: [String: [String]] = [:]
        var files: [String: [UInt8]] = [:]
        var disposition = ""
        var bytes: [UInt8] = []
        parser.onHeader = { name, value in
            if name.lowercased() == "content-disposition" { disposition = value }
        }
        parser.onBody = { buffer in bytes += buffer.readBytes(length: buffer.readableBytes) ?? [] }
        parser.onPartComplete = {
            let parameters = Self.parameters(disposition)
            if let name = parameters["name"] {
                if let file = parameters["filename"] {
                    if !file.isEmpty || !bytes.isEmpty { files[name] = bytes }
                } else if let text = String(validating: bytes, as: UTF8.self) {
                    values[name, default: []].append(text)
                }
            }
            disposition = ""
            bytes = []
        }
        try parser.execute(body)
        self.values = values
        self.files = files
    }

    /// The parameters of a `Content-Disposition` header: `form-data; name="x"; filename="y"`.
    static func parameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            result[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] = value
        }
        return result
    }
}

/// Guards every state-changing page request (anything but GET and HEAD) against requests forged
/// by another site: a browser's `Sec-Fetch-Site` must say the request comes from our own pages,
/// its `Origin` must be ours, and the form must carry the visitor's token (`csrf`), which only our
/// pages know. The form is read here, once, up to a size limit, and handed to the handler.
struct FormGuard: RouterMiddleware {
    typealias Context = HemicycleRequestContext

    /// The largest form accepted: an article's text fits many times over.
    static let maximumSize = 2 << 20

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        guard let visitor = context.visitor else { throw HemicycleError(.internal, "a form reached no session") }
        if let site = request.headers[.secFetchSite], site != "same-origin", site != "none" {
            throw Self.refusal("a form from another site (Sec-Fetch-Site: \(site))")
        }
        if let origin = request.headers[.origin], !Self.sameOrigin(origin, request) {
            throw Self.refusal("a form from another origin (\(origin))")
        }
        let type = request.headers[.contentType] ?? ""
        var request = request
        let form: FormFields
        if type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            let body = try await request.collectBody(upTo: Self.maximumSize)
            form = FormFields(String(decoding: body.readableBytesView, as: UTF8.self))
        } else if type.lowercased().hasPrefix("multipart/form-data"),
            let boundary = FormFields.parameters(
                "form-data; " + type.split(separator: ";").dropFirst().joined(separator: ";"))["boundary"],
            !boundary.isEmpty
        {
            let body = try await request.collectBody(upTo: HemicycleRequestContext.maximumBodySize)
            do {
                form = try FormFields(multipart: body, boundary: boundary)
            } catch {
                throw HemicycleError(.invalidInput, "the uploaded form cannot be read", key: "form.type")
            }
        } else {
            throw HemicycleError(
                .unsupportedMediaType,
                "a form must be sent as application/x-www-form-urlencoded or multipart/form-data",
                key: "form.type")
        }
        guard let token = form["csrf"], Self.equal(token, visitor.csrfToken) else {
            throw Self.refusal("a form without this visitor's token")
        }
        var context = context
        context.form = form
        return try await next(request, context)
    }

    static func refusal(_ what: String) -> HemicycleError {
        HemicycleError(.forbidden, "refused \(what): reload the page and send the form again", key: "form.forged")
    }

    /// Whether an `Origin` header names the host the request was sent to.
    static func sameOrigin(_ origin: String, _ request: Request) -> Bool {
        guard let components = URLComponents(string: origin), let host = components.host,
            let authority = request.head.authority
        else { return false }
        let port = components.port.map { ":\($0)" } ?? ""
        return (host + port).lowercased() == authority.lowercased()
    }

    /// Compares two tokens in time that does not depend on where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

extension HTTPField.Name {
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
