import Foundation
import Legislation

/// The export as a Markdown document: one section per amendment, its dispositif quoted as the
/// liasse prints it.
enum MarkdownExport {
    static func render(_ export: BillExport) -> String {
        var text = "# Amendements — \(export.title)\n\n"
        if let number = export.number { text += "N° \(number) · " }
        text += "\(export.amendments.count) amendement(s) · \(ExportText.selection(export.selection))\n"
        for amendment in export.amendments {
            text += "\n## Amendement n° \(amendment.number) — \(amendment.title)\n\n"
            text += "Présenté par \(amendment.author) sur la version \(amendment.baseVersion)  \n"
            text += "\(amendment.supports) soutiens, \(amendment.against) contre, \(amendment.abstentions) abstentions"
            text += " · état : \(amendment.state)\n"
            if let opinion = amendment.opinion {
                text += "\nAvis du rapporteur : **\(opinion)**"
                if let comment = amendment.opinionComment, !comment.isEmpty { text += " — \(comment)" }
                text += "\n"
            }
            if let decision = amendment.decision { text += "\nDécision : **\(ExportText.decision(decision))**\n" }
            for part in amendment.dispositif.parts {
                text += "\n### \(part.heading)\n\n"
                text +=
                    part.text.components(separatedBy: "\n").map { $0.isEmpty ? ">" : "> \($0)" }
                    .joined(separator: "\n") + "\n"
            }
            if !amendment.summary.isEmpty { text += "\n### Exposé sommaire\n\n\(amendment.summary)\n" }
        }
        return text
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
