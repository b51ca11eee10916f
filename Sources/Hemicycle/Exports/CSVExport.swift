import Foundation

/// The export as CSV for a spreadsheet: UTF-8 with a byte-order mark (so that Excel and
/// LibreOffice read the accents), CRLF line ends, fields quoted as RFC 4180 says, one row per
/// amendment. A separator of `;` suits a French Excel, which reads `,` as the decimal comma.
enum CSVExport {
    static let columns = [
        "numero", "article", "alinea", "titre", "auteur", "soutiens", "contre", "abstentions", "etat", "avis",
        "decision", "dispositif", "expose",
    ]

    static func render(_ export: BillExport, separator: Character) -> String {
        var text = "\u{FEFF}"
        text += columns.map { field($0, separator) }.joined(separator: String(separator)) + "\r\n"
        for amendment in export.amendments {
            let row = [
                String(amendment.number), amendment.articles.joined(separator: ", "), amendment.alineas,
                amendment.title, amendment.author, String(amendment.supports), String(amendment.against),
                String(amendment.abstentions), amendment.state, amendment.opinion ?? "", amendment.decision ?? "",
                amendment.dispositif.text, amendment.summary,
            ]
            text += row.map { field($0, separator) }.joined(separator: String(separator)) + "\r\n"
        }
        return text
    }

    /// A field quoted when it holds the separator, a quote or a line end. A person's text that
    /// starts like a formula (`=`, `+`, `-`, `@`) is prefixed with an apostrophe, so that a
    /// spreadsheet shows it rather than runs it.
    static func field(_ raw: String, _ separator: Character) -> String {
        let separatorByte = separator.asciiValue ?? UInt8(ascii: ",")
        var formula = false
        if let first = raw.utf8.first,
            [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13]
                .contains(first), Int(raw) == nil
        {
            formula = true
        }
        let quoted = raw.utf8.contains { $0 == separatorByte || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard quoted else { return formula ? "'" + raw : raw }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(raw.utf8.count + 8)
        if formula { bytes.append(UInt8(ascii: "'")) }
        for byte in raw.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }
}
