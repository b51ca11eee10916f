import Foundation
import Legislation
import WordDiff

/// The export as a Markdown document: one section per amendment, its dispositif quoted as the
/// liasse prints it.
enum MarkdownExport {
    static func render(_ export: BillExport) -> String {
        var text = "# Amendements — \(inline(export.title))\n\n"
        if let number = export.number { text += "N° \(number) · " }
        text += "\(export.amendments.count) amendement(s) · \(ExportText.selection(export.selection))\n"
        for amendment in export.amendments {
            text += "\n## Amendement n° \(amendment.number) — \(inline(amendment.title))\n\n"
            text += "Présenté par \(amendment.author) sur la version \(amendment.baseVersion)  \n"
            text += "\(amendment.supports) soutiens, \(amendment.against) contre, \(amendment.abstentions) abstentions"
            text += " · état : \(amendment.state)\n"
            if let opinion = amendment.opinion {
                text += "\nAvis du rapporteur : **\(opinion)**"
                if let comment = amendment.opinionComment, !comment.isEmpty { text += "\n\n" + quoted(comment) }
                text += "\n"
            }
            if let decision = amendment.decision { text += "\nDécision : **\(ExportText.decision(decision))**\n" }
            for part in amendment.dispositif.parts {
                text += "\n### \(part.heading)\n\n"
                text += quoted(part.text) + "\n"
            }
            if !amendment.summary.isEmpty { text += "\n### Exposé sommaire\n\n\(quoted(amendment.summary))\n" }
        }
        return text
    }

    /// A person's text on one line of Markdown: HTML and entities shown as written.
    static func inline(_ text: String) -> String {
        Entities.replacing(text) { $0 == 0x26 ? "&amp;" : $0 == 0x3C ? "&lt;" : nil }
    }

    /// A person's text as a block quote, every line of it: nothing in it can open a heading, a
    /// list or raw HTML of the document's own.
    static func quoted(_ text: String) -> String {
        inline(text).components(separatedBy: "\n").map { $0.isEmpty ? ">" : "> \($0)" }.joined(separator: "\n")
    }
}

/// French words the exports share.
enum ExportText {
    static func selection(_ selection: ExportSelection) -> String {
        switch selection {
        case .queue: "amendements promus dans la file du rapporteur"
        case .adopted: "amendements adoptés"
        case .all: "tous les amendements"
        }
    }

    static func decision(_ decision: String) -> String {
        Decision(rawValue: decision)?.french ?? decision
    }
}
