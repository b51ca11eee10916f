import BillArchive
import Foundation
import Legislation
import Participation
import WordDiff

extension Engine {
    /// A bill's amendments for the debate: those queued (default), adopted, or all that are not
    /// hidden, each with its dispositif in legistic wording, tallies, opinion and decision, in
    /// the bill's article order then by number. Anyone may export what anyone may read.
    public func export(of slug: BillSlug, selection: ExportSelection = .queue) async throws(HemicycleError)
        -> BillExport
    {
        try await translatingErrors {
            let repository = try shelf.repository(slug)
            let (_, manifest) = try await repository.manifest(at: nil)
            let order = manifest.articles.map(\.label.text)
            let entries = Dictionary(
                try await participation.queue(bill: slug).map { ($0.number, $0) },
                uniquingKeysWith: { first, _ in first })
            let tallies = try await participation.currentTallies(bill: slug)
            var chosen: [Amendment] = []
            var cursor: AmendmentCursor?
            repeat {
                let page = try await participation.amendments(
                    bill: slug, state: nil, article: nil, order: .number, after: cursor, limit: 1_000)
                for listed in page.page {
                    let number = listed.amendment.number
                    let entry = entries[number]
                    switch selection {
                    case .queue: if entry == nil { continue }
                    case .adopted: if entry?.decision != .adopted && listed.amendment.state != .adopted { continue }
                    case .all: break
                    }
                    if try await participation.isHidden(.amendment(number), bill: slug) { continue }
                    chosen.append(listed.amendment)
                }
                cursor = page.page.last.map { AmendmentCursor(number: $0.amendment.number.value) }
            } while cursor != nil && chosen.count <= Self.exportLimit
            guard chosen.count <= Self.exportLimit else {
                throw HemicycleError(
                    .limitExceeded,
                    "an export holds at most \(Self.exportLimit) amendments; choose a narrower selection",
                    key: "export.tooMany")
            }
            var exported: [(position: (Int, Int, String), amendment: ExportedAmendment)] = []
            for amendment in chosen {
                let changes = try await repository.amendmentChanges(base: amendment.baseVersion, head: amendment.head)
                let head =
                    changes.contains { $0.before == nil }
                    ? try await repository.manifest(atCommit: amendment.head) : nil
                let parts = try await dispositif(changes, head: head)
                let entry = entries[amendment.number]
                let tally = tallies[amendment.number] ?? Tally()
                let labels = parts.map(\.article)
                exported.append(
                    (
                        Self.position(labels.first ?? "", in: order),
                        ExportedAmendment(
                            number: amendment.number.value, baseVersion: amendment.baseVersion.name, articles: labels,
                            alineas: Self.alineas(parts), title: amendment.title,
                            author: "citizen-\(amendment.pseudonym.rawValue)",
                            supports: tally.for, against: tally.against, abstentions: tally.abstain,
                            state: amendment.state.rawValue, opinion: entry?.opinion?.rawValue,
                            opinionComment: entry?.opinion == nil ? nil : entry?.opinionComment,
                            decision: entry?.decision?.rawValue, dispositif: Dispositif(parts: parts),
                            summary: amendment.summary, createdAt: amendment.createdAt, promotedAt: entry?.promotedAt)
                    )
                )
            }
            exported.sort {
                $0.position != $1.position ? $0.position < $1.position : $0.amendment.number < $1.amendment.number
            }
            return BillExport(
                bill: slug.value, title: manifest.title, number: manifest.number, selection: selection,
                generatedAt: now(), amendments: exported.map(\.amendment))
        }
    }

    /// The most amendments one export holds.
    static let exportLimit = 20_000

    /// An export rendered in a format, with the file name it is offered under.
    public func renderExport(_ export: BillExport, as format: ExportFormat, semicolons: Bool = false)
        throws(HemicycleError) -> (data: Data, fileName: String)
    {
        let name = "\(export.bill)-amendements-\(export.selection.rawValue).\(format.fileExtension)"
        do {
            switch format {
            case .csv: return (Data(CSVExport.render(export, separator: semicolons ? ";" : ",").utf8), name)
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                return (try encoder.encode(export), name)
            case .markdown: return (Data(MarkdownExport.render(export).utf8), name)
            case .liasse: return (Data(LiasseExport.render(export).utf8), name)
            case .akn: return (try AkomaNtosoExport.archive(export), name)
            }
        } catch let error as HemicycleError {
            throw error
        } catch {
            throw HemicycleError(.internal, "the export could not be written: \(error)")
        }
    }

    /// The dispositif of an amendment's changes, article by article: an inserted article placed
    /// after the article before it in the amendment's text (or before the next one).
    func dispositif(_ changes: [ArticlePair], head: BillManifest?) async throws -> [Dispositif.Part] {
        var parts: [Dispositif.Part] = []
        for pair in changes {
            switch (pair.before, pair.after) {
            case (nil, let added?):
                let labels = head?.articles.map(\.label) ?? []
                let index = labels.firstIndex(of: added.label)
                let placement: Placement? =
                    index.flatMap { $0 > 0 ? .after(labels[$0 - 1]) : nil }
                    ?? index.flatMap { $0 + 1 < labels.count ? .before(labels[$0 + 1]) : nil }
                parts.append(Dispositif.inserted(added.label, alineas: added.alineas, at: placement))
            case (let before?, let after):
                let diff = try await expensive.run {
                    WordDiff.diff(before.body, after?.body ?? "")
                }
                parts.append(Dispositif.changed(before.label, diff: diff))
            case (nil, nil): continue
            }
        }
        return parts
    }

    /// A position in the bill's order for sorting: its index, an inserted label right after the
    /// one it extends.
    static func position(_ label: String, in order: [String]) -> (Int, Int, String) {
        if let index = order.firstIndex(of: label) { return (index, 0, label) }
        if let base = order.lastIndex(where: { label.hasPrefix($0 + " ") }) { return (base, 1, label) }
        return (order.count, 1, label)
    }

    /// `3`, `1, 4`; over several articles `9 : 2 ; 10 : 1`; empty for whole articles.
    static func alineas(_ parts: [Dispositif.Part]) -> String {
        let touched = parts.filter { !$0.alineas.isEmpty }
        if parts.count == 1 { return touched.first?.alineas.map(String.init).joined(separator: ", ") ?? "" }
        return touched.map { "\($0.article) : " + $0.alineas.map(String.init).joined(separator: ", ") }
            .joined(separator: " ; ")
    }
}
