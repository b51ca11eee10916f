import Foundation
import Legislation

/// The ledger's files, plain text a spreadsheet or a ten-line script reads: tab-separated with a
/// header line, one row per line, UTF-8. The only file layout of the `participation` branch.
///
/// ```
/// README.md                      what follows, for whoever opens the branch
/// rule.json                      the rule in force (absent when the bill has none)
/// amendments.tsv                 amendment revision state proposed_at articles
/// totals.tsv                     amendment revision for against abstain
/// votes/<amendment>-<revision>.tsv   receipt vote   (receipt `-`: an erased person's vote)
/// promotions.tsv                 epoch amendment revision promoted_at for against abstain
///                                participants rank age_hours rule
/// decisions.tsv                  epoch amendment revision decision decided_at
/// ```
///
/// The commit message carries the epoch's number, time, totals, the previous epoch's commit and
/// the audit log's head as trailers.
public enum LedgerFiles {
    static let readme = "README.md"
    static let rule = "rule.json"
    static let amendments = "amendments.tsv"
    static let totals = "totals.tsv"
    static let votesFolder = "votes"
    static let promotions = "promotions.tsv"
    static let decisions = "decisions.tsv"

    static let amendmentsHeader = ["amendment", "revision", "state", "proposed_at", "articles"]
    static let totalsHeader = ["amendment", "revision", "for", "against", "abstain"]
    static let votesHeader = ["receipt", "vote"]
    static let promotionsHeader = [
        "epoch", "amendment", "revision", "promoted_at", "for", "against", "abstain", "participants", "rank",
        "age_hours", "rule",
    ]
    static let decisionsHeader = ["epoch", "amendment", "revision", "decision", "decided_at"]

    /// The path of a text's votes: numbers and patch identities only, never user text.
    static func votesPath(_ number: Int, _ revision: String) -> String { "\(votesFolder)/\(number)-\(revision).tsv" }

    // MARK: Writing

    /// The epoch's files, by path.
    static func files(of epoch: LedgerEpoch) -> [(path: String, content: String)] {
        var files: [(String, String)] = [(readme, readmeText)]
        if let rule = epoch.rule { files.append((Self.rule, rule + "\n")) }
        files.append(
            (
                amendments,
                table(
                    amendmentsHeader,
                    epoch.amendments.map {
                        [
                            String($0.number), $0.revision, $0.state, String($0.proposedAt),
                            $0.articles.map(escaped).joined(separator: ";"),
                        ]
                    })
            ))
        files.append(
            (
                totals,
                table(
                    totalsHeader,
                    epoch.totals.map {
                        [
                            String($0.number), $0.revision, String($0.tally.for), String($0.tally.against),
                            String($0.tally.abstain),
                        ]
                    })
            ))
        for text in epoch.texts {
            var lines = "receipt\tvote\n"
            lines.reserveCapacity(40 * (text.votes.count + 1))
            for vote in text.votes {
                lines += vote.receipt ?? "-"
                lines += "\t"
                lines += vote.value.rawValue
                lines += "\n"
            }
            files.append((votesPath(text.number, text.revision), lines))
        }
        files.append(
            (
                promotions,
                table(
                    promotionsHeader,
                    epoch.promotions.map {
                        [
                            String($0.epoch), String($0.number), $0.revision, String($0.at), String($0.tally.for),
                            String($0.tally.against), String($0.tally.abstain), String($0.participants),
                            String($0.rank), String($0.ageHours), oneLine($0.rule),
                        ]
                    })
            ))
        files.append(
            (
                decisions,
                table(
                    decisionsHeader,
                    epoch.decisions.map {
                        [String($0.epoch), String($0.number), $0.revision, $0.decision, String($0.at)]
                    })
            ))
        return files
    }

    /// The epoch's commit message: a title, then its figures as trailers.
    static func message(of epoch: LedgerEpoch, previous: String?) -> String {
        let votes = epoch.totals.reduce(into: Tally()) {
            $0.for += $1.tally.for
            $0.against += $1.tally.against
            $0.abstain += $1.tally.abstain
        }
        let made = epoch.promotions.filter { $0.epoch == epoch.number }.count
        let decided = epoch.decisions.filter { $0.epoch == epoch.number }.count
        let count = votes.for + votes.against + votes.abstain
        return """
            Participation, epoch \(epoch.number)\(epoch.closing ? " (close)" : ""): \(count) votes on \(epoch.amendments.count) amendments

            Epoch: \(epoch.number)
            At: \(epoch.at)
            Open: \(epoch.open ? "yes" : "no")
            Closing: \(epoch.closing ? "yes" : "no")
            Previous-Epoch: \(previous ?? "none")
            Participants: \(epoch.participants)
            Amendments: \(epoch.amendments.count)
            Votes: \(count)
            Supports: \(votes.for)
            Against: \(votes.against)
            Abstentions: \(votes.abstain)
            Promotions: \(made)
            Decisions: \(decided)
            Audit-Head: \(epoch.auditID) \(epoch.auditHash)

            """
    }

    private static func table(_ header: [String], _ rows: [[String]]) -> String {
        var text = header.joined(separator: "\t") + "\n"
        for row in rows { text += row.joined(separator: "\t") + "\n" }
        return text
    }

    /// A label as a field: `%`, tab, line breaks and `;` (which separates labels) percent-encoded.
    static func escaped(_ field: String) -> String {
        var out = ""
        for scalar in field.unicodeScalars {
            switch scalar {
            case "%", "\t", "\n", "\r", ";": out += String(format: "%%%02X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A JSON text on one line (a rule is stored compact; this keeps a row a row whatever it is).
    static func oneLine(_ json: String) -> String {
        json.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\r", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
    }

    // MARK: Reading

    /// An epoch back from its files and message.
    static func epoch(files: [String: [UInt8]], message: String) throws(BillArchiveError) -> LedgerEpoch {
        func trailer(_ key: String) throws(BillArchiveError) -> String {
            guard let value = GitLayout.trailer(key, in: message) else {
                throw BillArchiveError(.corrupt, "the epoch's commit message has no `\(key):` line")
            }
            return value
        }
        func integer<T: FixedWidthInteger>(_ text: String, _ what: String, file: String? = nil, line: Int? = nil)
            throws(BillArchiveError) -> T
        {
            guard let value = T(text) else {
                throw BillArchiveError(.corrupt, "\(what) `\(text)` is not a whole number", file: file, line: line)
            }
            return value
        }
        let number: Int = try integer(try trailer("Epoch"), "the epoch number")
        let at: Int64 = try integer(try trailer("At"), "the epoch's time")
        let participants: Int = try integer(try trailer("Participants"), "the participants")
        let head = try trailer("Audit-Head").split(separator: " ")
        guard head.count == 2 else { throw BillArchiveError(.corrupt, "`Audit-Head:` is not an id and a hash") }
        let auditID: Int64 = try integer(String(head[0]), "the audit head's id")

        let amendments = try rows(files, Self.amendments, amendmentsHeader).map {
            (row, line) throws(BillArchiveError) in
            LedgerEpoch.Amendment(
                number: try integer(row[0], "the amendment number", file: Self.amendments, line: line),
                revision: row[1], state: row[2],
                proposedAt: try integer(row[3], "the time", file: Self.amendments, line: line),
                articles: row[4].isEmpty
                    ? [] : row[4].split(separator: ";", omittingEmptySubsequences: false).map { unescaped(String($0)) })
        }
        let totals = try rows(files, Self.totals, totalsHeader).map { (row, line) throws(BillArchiveError) in
            LedgerEpoch.Total(
                number: try integer(row[0], "the amendment number", file: Self.totals, line: line), revision: row[1],
                tally: Tally(
                    for: try integer(row[2], "a count", file: Self.totals, line: line),
                    against: try integer(row[3], "a count", file: Self.totals, line: line),
                    abstain: try integer(row[4], "a count", file: Self.totals, line: line)))
        }
        var texts: [LedgerEpoch.Text] = []
        for path in files.keys.sorted() where path.hasPrefix(votesFolder + "/") && path.hasSuffix(".tsv") {
            let name = path.dropFirst(votesFolder.count + 1).dropLast(4)
            guard let dash = name.firstIndex(of: "-"), let number = Int(name[..<dash]) else {
                throw BillArchiveError(.corrupt, "a votes file is named <amendment>-<revision>.tsv", file: path)
            }
            let votes = try rows(files, path, votesHeader).map { (row, line) throws(BillArchiveError) in
                guard let value = VoteValue(rawValue: row[1]) else {
                    throw BillArchiveError(
                        .corrupt, "`\(row[1])` is not a vote (for, against or abstain)", file: path, line: line)
                }
                return LedgerEpoch.Vote(receipt: row[0] == "-" ? nil : row[0], value: value)
            }
            texts.append(
                LedgerEpoch.Text(number: number, revision: String(name[name.index(after: dash)...]), votes: votes))
        }
        texts.sort { ($0.number, $0.revision) < ($1.number, $1.revision) }
        let promotions = try rows(files, Self.promotions, promotionsHeader).map {
            (row, line) throws(BillArchiveError) in
            func count(_ index: Int) throws(BillArchiveError) -> Int {
                try integer(row[index], "`\(promotionsHeader[index])`", file: Self.promotions, line: line)
            }
            return LedgerEpoch.Promotion(
                epoch: try count(0), number: try count(1), revision: row[2],
                at: try integer(row[3], "the time", file: Self.promotions, line: line),
                tally: Tally(for: try count(4), against: try count(5), abstain: try count(6)),
                participants: try count(7), rank: try count(8),
                ageHours: try integer(row[9], "the age", file: Self.promotions, line: line), rule: row[10])
        }
        let decisions = try rows(files, Self.decisions, decisionsHeader).map {
            (row, line) throws(BillArchiveError) in
            LedgerEpoch.DecisionRow(
                epoch: try integer(row[0], "the epoch", file: Self.decisions, line: line),
                number: try integer(row[1], "the amendment number", file: Self.decisions, line: line),
                revision: row[2], decision: row[3],
                at: try integer(row[4], "the time", file: Self.decisions, line: line))
        }
        return LedgerEpoch(
            number: number, at: at, open: (try? trailer("Open")) == "yes", closing: (try? trailer("Closing")) == "yes",
            rule: files[rule].map {
                String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            },
            participants: participants, auditID: auditID, auditHash: String(head[1]), amendments: amendments,
            texts: texts, totals: totals, promotions: promotions, decisions: decisions)
    }

    /// The figures of a message's trailers (`Votes: 12`…).
    static func messageTotals(_ message: String) -> [String: Int] {
        var totals: [String: Int] = [:]
        for key in [
            "Participants", "Amendments", "Votes", "Supports", "Against", "Abstentions", "Promotions", "Decisions",
        ] {
            if let value = GitLayout.trailer(key, in: message).flatMap({ Int($0) }) { totals[key] = value }
        }
        return totals
    }

    /// A table's rows after its header (which must be `header`), each with its 1-based line; a
    /// missing file is an empty table.
    private static func rows(_ files: [String: [UInt8]], _ path: String, _ header: [String])
        throws(BillArchiveError) -> [([String], Int)]
    {
        guard let bytes = files[path] else { return [] }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard let first = lines.first, String(decoding: first, as: UTF8.self) == header.joined(separator: "\t") else {
            throw BillArchiveError(
                .corrupt, "the first line is not the header `\(header.joined(separator: " "))`", file: path, line: 1)
        }
        var rows: [([String], Int)] = []
        rows.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            guard fields.count == header.count else {
                throw BillArchiveError(
                    .corrupt, "the row has \(fields.count) fields where the header has \(header.count)", file: path,
                    line: index + 1)
            }
            rows.append((fields, index + 1))
        }
        return rows
    }

    static func unescaped(_ field: String) -> String {
        field.removingPercentEncoding ?? field
    }

    /// The branch's README: what each file holds and how to recount it.
    static let readmeText = """
        # Participation ledger

        One commit per epoch: the votes on this bill's amendments as they stood, and every
        promotion and decision so far. Anyone can recount every tally and re-derive every
        promotion from these files alone (`hemicycle recount`, or `tools/recount.py` in
        Hemicycle's repository, which needs nothing but Python's standard library).

        - `rule.json`: the promotion rule in force.
        - `amendments.tsv`: each amendment's current text (patch identity), state, when that text
          was proposed (seconds since 1970) and the articles it changes (`;`-separated).
        - `totals.tsv`: the server's tally of each text.
        - `votes/<amendment>-<revision>.tsv`: each vote on that text, as a receipt and a value
          (`for`, `against`, `abstain`). A receipt is a keyed hash of the voter and the
          amendment: one per person and amendment, different on every amendment, so nobody can
          tell who cast it or link two votes of one person. A voter sees their own receipt beside
          their vote. `-` is the vote of a person who erased their account: it still counts.
        - `promotions.tsv`: each promotion, with the epoch that first published it and the facts
          the rule was applied to (tally, participants, rank on its articles, age in hours, rule).
        - `decisions.tsv`: each rapporteur's decision, with the epoch that first published it.

        The commit message gives the epoch's number and time, its totals, the previous epoch's
        commit and the head of the server's audit chain.

        """
}
