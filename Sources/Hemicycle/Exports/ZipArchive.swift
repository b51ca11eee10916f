import CZlib
import Dispatch
import Foundation

/// A ZIP archive (PKWARE APPNOTE 6.3, without ZIP64) written in one pass: its files are
/// deflated on every core, then laid out one after the other and the central directory written
/// once at the end. (A library that rewrites the central directory after each file takes time
/// in the square of their number: 0.4 s of copying for the 10,000 files of an export.)
enum ZipArchive {
    /// One file of the archive.
    struct File: Sendable {
        /// Its name in the archive: ASCII, `/` between folders.
        var name: String
        var data: Data
    }

    enum Failure: Error, CustomStringConvertible {
        case tooLarge
        case deflate(Int32)

        var description: String {
            switch self {
            case .tooLarge: "the archive would exceed what a ZIP file without ZIP64 holds (65,535 files, 4 GiB)"
            case .deflate(let code): "zlib could not deflate a file (code \(code))"
            }
        }
    }

    /// The archive of `count` files, each made by `file(index)` and compressed on one of the
    /// cores, stamped `modified` (UTC).
    static func archive(count: Int, modified: Date, file: @Sendable (Int) -> File) throws -> Data {
        guard count < 0xFFFF else { throw Failure.tooLarge }
        var entries = [Result<Entry, Failure>?](repeating: nil, count: count)
        let lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count))
        entries.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                for index in stride(from: lane, to: count, by: lanes) {
                    slots[index] = Result { try Entry(file(index)) }.mapError { $0 as? Failure ?? .deflate(Z_ERRNO) }
                }
            }
        }
        let (time, date) = dosDateTime(modified)
        var archive = Data()
        var directory = Data()
        archive.reserveCapacity(entries.reduce(0) { $0 + 80 + ((try? $1?.get())?.stored.count ?? 0) })
        for slot in entries {
            guard let entry = try slot?.get() else { continue }
            guard archive.count <= UInt32.max else { throw Failure.tooLarge }
            let offset = UInt32(archive.count)
            let name = Array(entry.name.utf8)
            // The local file header, then the data.
            archive.append(le32: 0x0403_4b50)
            archive.append(le16: 20)  // version needed: 2.0, deflate
            archive.append(le16: 0x0800)  // names in UTF-8
            archive.append(le16: entry.method)
            archive.append(le16: time)
            archive.append(le16: date)
            archive.append(le32: entry.crc)
            archive.append(le32: UInt32(entry.stored.count))
            archive.append(le32: entry.size)
            archive.append(le16: UInt16(name.count))
            archive.append(le16: 0)
            archive.append(contentsOf: name)
            archive.append(entry.stored)
            // Its record in the central directory.
            directory.append(le32: 0x0201_4b50)
            directory.append(le16: 0x0314)  // made by: Unix, 2.0
            directory.append(le16: 20)
            directory.append(le16: 0x0800)
            directory.append(le16: entry.method)
            directory.append(le16: time)
            directory.append(le16: date)
            directory.append(le32: entry.crc)
            directory.append(le32: UInt32(entry.stored.count))
            directory.append(le32: entry.size)
            directory.append(le16: UInt16(name.count))
            directory.append(le16: 0)  // extra field
            directory.append(le16: 0)  // comment
            directory.append(le16: 0)  // disk
            directory.append(le16: 0)  // internal attributes
            directory.append(le32: 0o100644 << 16)  // a regular file, rw-r--r--
            directory.append(le32: offset)
            directory.append(contentsOf: name)
        }
        guard archive.count + directory.count <= UInt32.max else { throw Failure.tooLarge }
        let start = UInt32(archive.count)
        archive.append(directory)
        // The end of the central directory.
        archive.append(le32: 0x0605_4b50)
        archive.append(le16: 0)
        archive.append(le16: 0)
        archive.append(le16: UInt16(count))
        archive.append(le16: UInt16(count))
        archive.append(le32: UInt32(directory.count))
        archive.append(le32: start)
        archive.append(le16: 0)
        return archive
    }

    /// A file as stored: deflated, or as it is when deflating would not make it smaller.
    struct Entry {
        var name: String
        var method: UInt16
        var crc: UInt32
        var size: UInt32
        var stored: Data

        init(_ file: File) throws {
            guard file.data.count <= UInt32.max else { throw Failure.tooLarge }
            name = file.name
            size = UInt32(file.data.count)
            let (crc, deflated) = try file.data.withUnsafeBytes { raw -> (UInt32, Data) in
                let bytes = raw.bindMemory(to: UInt8.self)
                let crc = UInt32(crc32(0, bytes.baseAddress, uInt(bytes.count)))
                return (crc, try Self.deflate(bytes))
            }
            self.crc = crc
            if deflated.count < file.data.count {
                method = 8
                stored = deflated
            } else {
                method = 0
                stored = file.data
            }
        }

        /// Raw deflate (no zlib header), at zlib's default level, in one call.
        static func deflate(_ input: UnsafeBufferPointer<UInt8>) throws -> Data {
            var stream = z_stream()
            var status = deflateInit2_(
                &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else { throw Failure.deflate(status) }
            defer { deflateEnd(&stream) }
            let bound = Int(deflateBound(&stream, uLong(input.count)))
            var output = Data(count: bound)
            let written = output.withUnsafeMutableBytes { raw -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = raw.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(bound)
                status = CZlib.deflate(&stream, Z_FINISH)
                return bound - Int(stream.avail_out)
            }
            guard status == Z_STREAM_END else { throw Failure.deflate(status) }
            output.count = written
            return output
        }
    }

    /// The MS-DOS time and date a ZIP file records, in UTC (from 1980 on).
    static func dosDateTime(_ date: Date) -> (time: UInt16, date: UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = min(max((parts.year ?? 1980) - 1980, 0), 127)
        let time = (parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2
        let day = year << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1)
        return (UInt16(time), UInt16(day))
    }
}

extension Data {
    fileprivate mutating func append(le16 value: UInt16) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    fileprivate mutating func append(le32 value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
