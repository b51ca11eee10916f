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
            let hidden = try await participation.hiddenAmendments(bill: slug)
            var chosen: [Amendment] = []
            var cursor: AmendmentCursor?
            repeat {
                let page = try await participation.amendments(
                    bill: slug, state: nil, article: nil, order: .number, after: cursor, limit: 1_000)
                for listed in page.page where !hidden.contains(listed.amendment.number) {
                    let entry = entries[listed.amendment.number]
                    switch selection {
                    case .queue: if entry == nil { continue }
                    case .adopted: if entry?.decision != .adopted && listed.amendment.state != .adopted { continue }
                    case .all: break
                    }
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
            let dispositifs = try await dispositifs(of: chosen, bill: slug, in: repository)
            var exported: [(position: (Int, Int, String), amendment: ExportedAmendment)] = []
            for amendment in chosen {
                let parts = dispositifs[amendment.number] ?? []
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

    /// An export rendered in a format, with the file name it is offered under, on the diff
    /// workers: thousands of amendments take seconds to render, so that renders wait in the
    /// workers' bounded queue (or are refused, 503) rather than take every thread.
    public func renderExport(_ export: BillExport, as format: ExportFormat, semicolons: Bool = false)
        async throws(HemicycleError) -> (data: Data, fileName: String)
    {
        do {
            return try await expensive.run { try Self.render(export, as: format, semicolons: semicolons) }
        } catch let error as HemicycleError {
            throw error
        } catch is WorkerPool.Full {
            throw HemicycleError.wait(.unavailable, "the server is busy with other exports and diffs", seconds: 5)
        } catch {
            throw HemicycleError(.internal, "the export could not be written: \(error)")
        }
    }

    static func render(_ export: BillExport, as format: ExportFormat, semicolons: Bool)
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

    /// The dispositif of each amendment: the one stored with its record for its head (written
    /// when it was proposed or revised). Those missing (recorded before dispositifs were, or by
    /// the doctor) are worded here, their changes read from git a batch at a time (one trip to
    /// the repository per batch) and worded on the two diff workers while the next batch is
    /// read, then stored for the next export.
    func dispositifs(of amendments: [Amendment], bill: BillSlug, in repository: BillRepository) async throws
        -> [Amendment.Number: [Dispositif.Part]]
    {
        let stored = try await participation.dispositifs(bill: bill)
        var result: [Amendment.Number: [Dispositif.Part]] = [:]
        var missing: [Amendment] = []
        for amendment in amendments {
            if let found = stored[amendment.number], found.head == amendment.head {
                result[amendment.number] = found.dispositif.parts
            } else {
                missing.append(amendment)
            }
        }
        guard !missing.isEmpty else { return result }
        let heads = Dictionary(missing.map { ($0.number, $0.head) }, uniquingKeysWith: { first, _ in first })
        let worded = try await word(missing, in: repository)
        for (number, parts) in worded { result[number] = parts }
        try await participation.storeDispositifs(
            worded.compactMap { number, parts in
                heads[number].map { StoredDispositif(number: number, head: $0, dispositif: Dispositif(parts: parts)) }
            }, bill: bill)
        return result
    }

    /// Dispositifs worded from git, as `dispositifs(of:bill:in:)` does for those not stored.
    private func word(_ amendments: [Amendment], in repository: BillRepository) async throws
        -> [Amendment.Number: [Dispositif.Part]]
    {
        typealias Job = (number: Amendment.Number, changes: [ArticlePair], head: BillManifest?)
        var result: [Amendment.Number: [Dispositif.Part]] = [:]
        var wording: Task<[(Amendment.Number, [Dispositif.Part])], any Error>?
        defer { wording?.cancel() }
        for (base, group) in Dictionary(grouping: amendments, by: \.baseVersion).sorted(by: { $0.key < $1.key }) {
            for start in stride(from: 0, to: group.count, by: 256) {
                let batch = Array(group[start..<min(start + 256, group.count)])
                let changes = try await repository.amendmentChanges(base: base, heads: batch.map(\.head))
                var jobs: [Job] = []
                for (amendment, pairs) in zip(batch, changes) {
                    // Only an inserted article needs the amendment's own manifest, for its place.
                    let head =
                        RecordedText.needsManifest(pairs)
                        ? try await repository.manifest(atCommit: amendment.head) : nil
                    jobs.append((amendment.number, pairs, head))
                }
                if let wording { for (number, parts) in try await wording.value { result[number] = parts } }
                let half = (jobs.count + 1) / 2
                let (first, second) = (Array(jobs[..<half]), Array(jobs[half...]))
                wording = Task {
                    async let one = expensive.run {
                        first.map { ($0.number, RecordedText.parts($0.changes, head: $0.head)) }
                    }
                    async let two = expensive.run {
                        second.map { ($0.number, RecordedText.parts($0.changes, head: $0.head)) }
                    }
                    return try await one + two
                }
            }
        }
        do {
            if let wording { for (number, parts) in try await wording.value { result[number] = parts } }
        } catch is WorkerPool.Full {
            throw HemicycleError.wait(.unavailable, "the server is busy computing other diffs", seconds: 2)
        }
        wording = nil
        return result
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
