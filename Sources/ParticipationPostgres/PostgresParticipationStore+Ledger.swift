import Foundation
import Legislation
import Participation
import PostgresNIO

extension PostgresParticipationStore {
    /// The bill's participation as its public ledger shows it, in one repeatable-read transaction.
    public func ledgerSnapshot(bill: BillSlug) async throws -> LedgerSnapshot {
        try await readSnapshot { connection in
            var hidden: Set<Int> = []
            for try await target in try await connection.query(
                """
                SELECT target FROM moderation WHERE bill_slug = \(bill.value) AND target_kind = 'amendment' AND hidden
                """, logger: logger
            ).decode(String.self) {
                if let number = Int(target) { hidden.insert(number) }
            }
            var articles: [Int: [String]] = [:]
            for try await (number, label) in try await connection.query(
                "SELECT number, label FROM amendment_article WHERE bill_slug = \(bill.value) ORDER BY number, label",
                logger: logger
            ).decode((Int, String).self) {
                articles[number, default: []].append(label)
            }
            var amendments: [LedgerAmendment] = []
            for try await (value, revision, state, updatedAt) in try await connection.query(
                """
                SELECT number, revision, state, updated_at FROM amendment WHERE bill_slug = \(bill.value)
                ORDER BY number
                """, logger: logger
            ).decode((Int, String, String, Date).self) {
                guard !hidden.contains(value), let number = Amendment.Number(value),
                    let state = AmendmentState(rawValue: state)
                else { continue }
                amendments.append(
                    LedgerAmendment(
                        number: number, revision: revision, state: state, articles: articles[value] ?? [],
                        proposedAt: updatedAt))
            }
            var texts = LedgerTextGrouping()
            // Grouped by text here rather than sorted by the server: a million rows need no sort.
            for try await (value, revision, account, vote) in try await connection.query(
                "SELECT number, revision, account_id, value FROM vote WHERE bill_slug = \(bill.value)", logger: logger
            ).decode((Int, String, String, String).self) {
                guard !hidden.contains(value), let number = Amendment.Number(value),
                    let vote = VoteValue(rawValue: vote)
                else { continue }
                texts.add(vote, by: Account.ID(rawValue: account), on: number, revision: revision)
            }
            for try await (value, revision, vote, count) in try await connection.query(
                """
                SELECT number, revision, value, count FROM erased_vote WHERE bill_slug = \(bill.value) AND count > 0
                """, logger: logger
            ).decode((Int, String, String, Int).self) {
                guard !hidden.contains(value), let number = Amendment.Number(value),
                    let vote = VoteValue(rawValue: vote)
                else { continue }
                texts.addErased(vote, count: count, on: number, revision: revision)
            }
            let latest = Dictionary(
                try await entries(connection, bill: bill, numbers: nil).map { ($0.number, $0) },
                uniquingKeysWith: { first, _ in first })
            var promotions: [QueueEntry] = []
            for try await row in try await connection.query(
                """
                SELECT number, revision, promoted_at, supports, oppositions, abstentions, participants, rule, stamp
                FROM queue_entry WHERE bill_slug = \(bill.value) ORDER BY promoted_at, seq
                """, logger: logger
            ).decode((Int, String, Date, Int, Int, Int, Int, String, String).self) {
                // A hidden amendment's too: once published, a promotion stays in the ledger.
                guard let number = Amendment.Number(row.0) else { continue }
                if let current = latest[number], current.revision == row.1 {
                    promotions.append(current)
                    continue
                }
                promotions.append(
                    QueueEntry(
                        number: number, revision: row.1, promotedAt: row.2,
                        tally: Tally(for: row.3, against: row.4, abstain: row.5), participants: row.6, rule: row.7,
                        stamp: row.8))
            }
            var rule: String?
            for try await json in try await connection.query(
                "SELECT promotion_rule FROM bill_participation WHERE bill_slug = \(bill.value)", logger: logger
            ).decode(String?.self) {
                rule = json
            }
            var head: (id: Int64, hash: String) = (0, AuditChain.genesis)
            for try await (id, hash) in try await connection.query(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", logger: logger
            ).decode((Int64, String).self) {
                head = (id, hash)
            }
            return LedgerSnapshot(
                amendments: amendments, texts: texts.sorted, promotions: promotions,
                participants: try await voters(connection, bill: bill), rule: rule, auditHead: head)
        }
    }
}
