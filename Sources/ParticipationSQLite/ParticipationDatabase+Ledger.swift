import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// The bill's participation as its public ledger shows it, in one read transaction.
    public func ledgerSnapshot(bill: BillSlug) throws -> LedgerSnapshot {
        try writer.read { db in
            let hidden = Set(
                try String.fetchAll(
                    db,
                    sql: "SELECT target FROM moderation WHERE billSlug = ? AND targetKind = 'amendment' AND hidden",
                    arguments: [bill]
                ).compactMap { Int($0) })
            var articles: [Int: [String]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT number, label FROM amendmentArticle WHERE billSlug = ? ORDER BY number, label",
                arguments: [bill])
            {
                articles[row[0], default: []].append(row[1])
            }
            let amendments = try Row.fetchAll(
                db, sql: "SELECT number, revision, state, updatedAt FROM amendment WHERE billSlug = ? ORDER BY number",
                arguments: [bill]
            ).compactMap { row -> LedgerAmendment? in
                let value: Int = row[0]
                guard !hidden.contains(value), let number = Amendment.Number(value),
                    let state = AmendmentState(rawValue: row[2])
                else { return nil }
                return LedgerAmendment(
                    number: number, revision: row[1], state: state, articles: articles[value] ?? [],
                    proposedAt: row[3])
            }
            var texts = LedgerTextGrouping()
            // A million votes are read straight off SQLite, in table order: one sequential pass
            // (the primary key's index would cost a lookup of the table per vote, and an order
            // by text a sort of them all), grouped by text here.
            try DirectStatement.with(
                db, "SELECT number, revision, accountId, value FROM vote NOT INDEXED WHERE billSlug = ?"
            ) { statement in
                statement.bind(bill.value, at: 1)
                while try statement.step() {
                    let value = statement.int(0)
                    guard !hidden.contains(value), let number = Amendment.Number(value),
                        let revision = statement.text(1), let account = statement.text(2),
                        let vote = statement.text(3).flatMap(VoteValue.init(rawValue:))
                    else { continue }
                    texts.add(vote, by: Account.ID(rawValue: account), on: number, revision: revision)
                }
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT number, revision, value, count FROM erasedVote WHERE billSlug = ? AND count > 0",
                arguments: [bill])
            {
                let value: Int = row[0]
                guard !hidden.contains(value), let number = Amendment.Number(value),
                    let vote = VoteValue(rawValue: row[2])
                else { continue }
                texts.addErased(vote, count: row[3], on: number, revision: row[1])
            }
            // Every promotion, a hidden amendment's too: once published, a promotion stays in the ledger.
            let promotions = try Self.allEntries(db, bill: bill)
            let rule = try String.fetchOne(
                db, sql: "SELECT promotionRule FROM billParticipation WHERE billSlug = ?", arguments: [bill])
            let head = try Row.fetchOne(db, sql: "SELECT id, hash FROM auditLog ORDER BY id DESC LIMIT 1")
            return LedgerSnapshot(
                amendments: amendments, texts: texts.sorted, promotions: promotions,
                participants: try Self.voters(db, bill: bill), rule: rule,
                auditHead: head.map { (id: $0[0], hash: $0[1]) } ?? (0, AuditChain.genesis))
        }
    }

    /// Every queue entry of the bill (one per text promoted), oldest first, each with the review
    /// its amendment has now (a review belongs to the amendment's latest entry).
    private static func allEntries(_ db: Database, bill: BillSlug) throws -> [QueueEntry] {
        let latest = Dictionary(
            try entries(db, bill: bill, numbers: nil).map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        return try Row.fetchAll(
            db,
            sql: """
                SELECT number, revision, promotedAt, supports, oppositions, abstentions, participants, rule, stamp
                FROM queueEntry WHERE billSlug = ? ORDER BY promotedAt, rowid
                """, arguments: [bill]
        ).compactMap { row in
            guard let number = Amendment.Number(row[0] as Int) else { return nil }
            let revision: String = row[1]
            if let current = latest[number], current.revision == revision { return current }
            return QueueEntry(
                number: number, revision: revision, promotedAt: row[2],
                tally: Tally(for: row[3], against: row[4], abstain: row[5]), participants: row[6], rule: row[7],
                stamp: row[8])
        }
    }
}
