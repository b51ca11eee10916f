import Foundation
import Legislation

/// Vote counts replayed from a file, for simulating a promotion rule on a real distribution:
/// a CSV with a header naming `contribution` (the id) and `votes_for`, and optionally
/// `votes_against`, `target` (the article) and `kind` (then only `amendement` rows count), such
/// as the 2015 consultation's `consultation-2015-vote-counts.csv`.
public enum VoteCounts {
    /// The candidates of a CSV text; an error names the line and column at fault.
    public static func candidates(csv text: String, name: String) throws(HemicycleError) -> [PromotionCandidate<
        String
    >] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first else { throw refusal("\(name) is empty") }
        let columns = fields(header).map { $0.trimmingCharacters(in: [" ", "\u{FEFF}"]) }
        func column(_ wanted: String) -> Int? { columns.firstIndex(of: wanted) }
        guard let id = column("contribution"), let supports = column("votes_for") else {
            throw refusal("\(name): the header must name `contribution` and `votes_for`")
        }
        let against = column("votes_against")
        let target = column("target")
        let kind = column("kind")
        var candidates: [PromotionCandidate<String>] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let values = fields(line)
            func value(_ index: Int?) -> String? { index.flatMap { $0 < values.count ? values[$0] : nil } }
            if let kind, value(kind) != "amendement" { continue }
            func count(_ index: Int?, _ field: String) throws(HemicycleError) -> Int {
                guard let index else { return 0 }
                guard let text = value(index), let number = Int(text), number >= 0 else {
                    throw refusal("\(name):\(offset + 1): `\(field)` is not a count of votes")
                }
                return number
            }
            guard let identifier = value(id), !identifier.isEmpty else {
                throw refusal("\(name):\(offset + 1): no `contribution`")
            }
            candidates.append(
                PromotionCandidate(
                    number: identifier, supports: try count(supports, "votes_for"),
                    against: try count(against, "votes_against"), articles: [value(target) ?? ""], proposedAt: 0))
        }
        return candidates
    }

    /// The fields of one CSV line: commas separate, double quotes enclose, `""` is a quote.
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\"" where quoted:
                if let next = iterator.next() {
                    if next == "\"" {
                        current.append("\"")
                    } else {
                        quoted = false
                        if next == "," {
                            fields.append(current)
                            current = ""
                        } else {
                            current.append(next)
                        }
                    }
                } else {
                    quoted = false
                }
            case "\"" where current.isEmpty: quoted = true
            case "," where !quoted:
                fields.append(current)
                current = ""
            default: current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    private static func refusal(_ message: String) -> HemicycleError {
        HemicycleError(.invalidInput, message, key: "votes.invalid", field: "votes")
    }
}
