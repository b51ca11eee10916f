import Legislation

/// Decoding of one file of a bill: size limit, strict UTF-8, control characters, NFC and `\n`
/// line ends, with errors that name the file and line.
enum TextFile {
    /// Decodes `bytes` read from `name`, or throws an error naming where it is wrong.
    static func decode(_ bytes: [UInt8], name: String, sizeLimit: Int) throws -> String {
        guard bytes.count <= sizeLimit else {
            throw BillArchiveError(
                .tooLarge,
                "file is \(bytes.count) bytes, over the limit of \(sizeLimit) bytes; split it or raise the limit",
                file: name)
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }  // a UTF-8 byte order mark
        guard let text = String(validating: body, as: UTF8.self) else {
            throw BillArchiveError(
                .invalidFormat, "invalid UTF-8; save the file as UTF-8", file: name,
                line: lineOfFirstInvalidByte(body))
        }
        let unixLines = body.contains(0x0D) ? text.replacingLineEnds() : text
        if let (line, scalar) = LegalText.firstControlCharacter(in: unixLines) {
            throw BillArchiveError(
                .invalidFormat,
                "control character U+\(String(scalar.value, radix: 16, uppercase: true)) is not allowed in a bill",
                file: name, line: line)
        }
        return LegalText.nfc(unixLines)
    }

    private static func lineOfFirstInvalidByte(_ bytes: ArraySlice<UInt8>) -> Int {
        var line = 1
        var index = bytes.startIndex
        while index < bytes.endIndex {
            // Find the longest valid prefix one line at a time.
            let end = bytes[index...].firstIndex(of: 0x0A) ?? bytes.endIndex
            if String(validating: bytes[index..<end], as: UTF8.self) == nil { return line }
            line += 1
            index = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        return line
    }
}

extension String {
    /// `\r\n` and lone `\r` become `\n`.
    fileprivate func replacingLineEnds() -> String {
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                result.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            result.append(scalar)
        }
        return String(result)
    }
}
