import Foundation
import Legislation
import Participation
import PostgresNIO

extension PostgresParticipationStore {
    /// A page of amendments' authors, tallies, revisions, moderation and queue entries, over one
    /// connection (a list of fifty costs four queries, not two hundred and fifty).
    public func amendmentFacts(bill: BillSlug, numbers: [Amendment.Number]) async throws
        -> [Amendment.Number: AmendmentFacts]
    {
        guard !numbers.isEmpty else { return [:] }
        let values = numbers.map(\.value)
        return try await read { connection in
            var facts: [Amendment.Number: AmendmentFacts] = [:]
            for try await (number, revision, handle) in try await connection.query(
                """
                SELECT a.number, a.revision, account.handle FROM amendment a
                LEFT JOIN account ON account.id = a.author_id
                WHERE a.bill_slug = \(bill.value) AND a.number = ANY(\(values))
                """, logger: logger
            ).decode((Int, String, String?).self) {
                guard let number = Amendment.Number(number) else { continue }
                facts[number] = AmendmentFacts(
                    authorHandle: handle, tallies: [:], currentRevision: revision, hidden: false, queueEntry: nil)
            }
            for try await (number, revision, supports, oppositions, abstentions) in try await connection.query(
                """
                SELECT number, revision, supports, oppositions, abstentions FROM tally
                WHERE bill_slug = \(bill.value) AND number = ANY(\(values))
                """, logger: logger
            ).decode((Int, String, Int, Int, Int).self) {
                guard let number = Amendment.Number(number) else { continue }
                facts[number]?.tallies[revision] = Tally(for: supports, against: oppositions, abstain: abstentions)
            }
            for try await target in try await connection.query(
                """
                SELECT target FROM moderation WHERE bill_slug = \(bill.value) AND target_kind = 'amendment'
                AND hidden AND target = ANY(\(values.map(String.init)))
                """, logger: logger
            ).decode(String.self) {
                if let number = Int(target).flatMap(Amendment.Number.init) { facts[number]?.hidden = true }
            }
            for entry in try await entries(connection, bill: bill, numbers: numbers) {
                facts[entry.number]?.queueEntry = entry
            }
            return facts
        }
    }
}
