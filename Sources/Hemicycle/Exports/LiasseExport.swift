import Foundation
import WordDiff

/// The liasse: every amendment on a page of its own, as the Assemblée nationale prints them for
/// the sitting — the bill, the number, the article, the dispositif, the exposé sommaire, the
/// supports and the rapporteur's opinion — as HTML with print styles (A4, a page break after
/// each amendment). Every person's text is escaped.
enum LiasseExport {
    static let style = """
        @page { size: A4; margin: 2cm 2.2cm; }
        body { font-family: "DejaVu Serif", "Liberation Serif", Georgia, serif; font-size: 11.5pt; line-height: 1.45;
          color: #111; max-width: 42em; margin: 0 auto; }
        .amendement { break-after: page; page-break-after: always; }
        .amendement:last-of-type { break-after: auto; page-break-after: auto; }
        .projet { text-align: center; font-size: 10pt; text-transform: uppercase; letter-spacing: 0.03em; }
        h1 { text-align: center; font-size: 15pt; margin: 1.2em 0 0.2em; }
        .auteur { text-align: center; font-style: italic; margin: 0 0 1.2em; }
        h2 { text-align: center; font-size: 12pt; margin: 1.4em 0 0.8em; }
        .dispositif p { text-indent: 1.5em; margin: 0 0 0.6em; }
        h3 { text-align: center; font-size: 11pt; text-transform: uppercase; margin: 1.6em 0 0.6em; }
        .expose p { margin: 0 0 0.6em; }
        .soutiens, .avis { border-top: 1px solid #999; margin-top: 1.4em; padding-top: 0.5em; font-size: 10pt; }
        @media screen { .amendement { border-bottom: 2px dashed #999; padding-bottom: 2em; margin-bottom: 2em; } }
        """

    static func render(_ export: BillExport) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <title>Liasse — \(escape(export.title))</title>
            <style>
            \(style)
            </style>
            </head>
            <body>

            """
        for amendment in export.amendments {
            html += "<section class=\"amendement\" id=\"amendement-\(amendment.number)\">\n"
            html += "<p class=\"projet\">\(escape(export.title))"
            if let number = export.number { html += " (n° \(escape(number)))" }
            html += "</p>\n"
            html += "<h1>AMENDEMENT N° \(amendment.number)</h1>\n"
            html += "<p class=\"auteur\">présenté par \(escape(amendment.author))</p>\n"
            for part in amendment.dispositif.parts {
                html += "<h2>\(escape(part.heading))</h2>\n<div class=\"dispositif\">\n"
                for paragraph in part.text.components(separatedBy: "\n\n") where !paragraph.isEmpty {
                    html += "<p>\(escape(paragraph))</p>\n"
                }
                html += "</div>\n"
            }
            if !amendment.summary.isEmpty {
                html += "<h3>Exposé sommaire</h3>\n<div class=\"expose\">\n"
                for paragraph in amendment.summary.components(separatedBy: "\n\n") where !paragraph.isEmpty {
                    html += "<p>\(escape(paragraph))</p>\n"
                }
                html += "</div>\n"
            }
            html +=
                "<p class=\"soutiens\">\(amendment.supports) soutiens · \(amendment.against) contre · "
                + "\(amendment.abstentions) abstentions</p>\n"
            if amendment.opinion != nil || amendment.decision != nil {
                html += "<p class=\"avis\">"
                if let opinion = amendment.opinion {
                    html += "Avis du rapporteur : <strong>\(escape(opinion))</strong>"
                    if let comment = amendment.opinionComment, !comment.isEmpty { html += " — \(escape(comment))" }
                }
                if let decision = amendment.decision {
                    if amendment.opinion != nil { html += "<br>" }
                    html += "Décision : <strong>\(escape(ExportText.decision(decision)))</strong>"
                }
                html += "</p>\n"
            }
            html += "</section>\n"
        }
        return html + "</body>\n</html>\n"
    }

    static func escape(_ text: String) -> String { HTMLRenderer.escape(text) }
}
