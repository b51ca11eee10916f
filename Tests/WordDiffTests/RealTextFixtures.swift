import Foundation
import TestSupport

/// The real before/after pairs of the fixtures: 69 articles with their adopted amendments, and
/// the article changes of the 100 committee amendments on the République numérique bill.
enum RealPairs {
    struct Pair: Sendable {
        var name: String
        var before: String
        var after: String
    }

    static var amendementsAvantApres: [Pair] {
        let folder = Fixtures.shared.appendingPathComponent("amendements-avant-apres/dossiers")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return names.compactMap { name in
            let directory = folder.appendingPathComponent(name)
            guard
                let before = try? String(
                    contentsOf: directory.appendingPathComponent("article_avant"), encoding: .utf8),
                let after = try? String(contentsOf: directory.appendingPathComponent("article_apres"), encoding: .utf8)
            else { return nil }
            return Pair(name: name, before: before, after: after)
        }
    }

    struct Record: Decodable {
        struct Change: Decodable {
            var article: String
            var kind: String
            var before: String?
            var after: String?
        }
        var commit: String
        var subject: String
        var article_changes: [Change]
    }

    static var committeeRecords: [Record] {
        let file = Fixtures.shared.appendingPathComponent(
            "republique-numerique/amendments/an-commission-des-lois-2016-01.jsonl")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
    }

    static var committeeAmendments: [Pair] {
        committeeRecords.flatMap { record in
            record.article_changes.map {
                Pair(
                    name: "\(record.commit.prefix(7)) \($0.article) \($0.kind)", before: $0.before ?? "",
                    after: $0.after ?? "")
            }
        }
    }
}
