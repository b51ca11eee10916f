import Foundation

/// One entry of a directory, as `lstat` sees it: links are never followed.
struct DirectoryEntry {
    enum Kind { case file, directory, other }
    var name: String
    var kind: Kind
}

/// Plain directory reads that never follow symbolic links and turn failures into errors that
/// name the path.
enum DirectoryListing {
    /// The entries of `url`, sorted by name.
    static func entries(of url: URL, displayPath: String) throws -> [DirectoryEntry] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw BillArchiveError(
                .io, "cannot list the folder: \(error.localizedDescription)",
                file: displayPath.isEmpty ? url.path : displayPath)
        }
        return names.sorted().map { name in
            var info = stat()
            let kind: DirectoryEntry.Kind
            if lstat(url.appendingPathComponent(name).path, &info) != 0 {
                kind = .other
            } else {
                switch info.st_mode & S_IFMT {
                case S_IFREG: kind = .file
                case S_IFDIR: kind = .directory
                default: kind = .other
                }
            }
            return DirectoryEntry(name: name, kind: kind)
        }
    }

    /// The bytes of a regular file (a link or device is refused).
    static func contents(of url: URL, name: String, sizeLimit: Int) throws -> [UInt8] {
        var info = stat()
        guard lstat(url.path, &info) == 0 else {
            throw BillArchiveError(.invalidFormat, "the file does not exist", file: name)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw BillArchiveError(.invalidFormat, "not a regular file (links are not followed)", file: name)
        }
        guard Int(info.st_size) <= sizeLimit else {
            throw BillArchiveError(
                .tooLarge,
                "file is \(info.st_size) bytes, over the limit of \(sizeLimit) bytes; split it or raise the limit",
                file: name)
        }
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw BillArchiveError(.io, "cannot open the file", file: name)
        }
        defer { try? handle.close() }
        do {
            return Array(try handle.readToEnd() ?? Data())
        } catch {
            throw BillArchiveError(.io, "cannot read the file: \(error.localizedDescription)", file: name)
        }
    }
}
