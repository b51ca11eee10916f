import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// A page of amendments' authors, tallies, revisions, moderation and queue entries, in one read
    /// (a list of fifty costs five queries, not two hundred and fifty).
    public func amendmentFacts(bill: BillSlug, numbers: [Amendment.Number]) throws
        -> [Amendment.Number: AmendmentFacts]
    {
        guard !numbers.isEmpty else { return [:] }
        // Numbers are integers: written in the statement, they are never text from anyone.
        let list = numbers.map { String($0.value) }.joined(separator: ", ")
        return try writer.read { db in
            var facts: [Amendment.Number: AmendmentFacts] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT a.number, a.revision, account.handle FROM amendment a
                    LEFT JOIN account ON account.id = a.authorId
                    WHERE a.billSlug = ? AND a.number IN (\(list))
                    """, arguments: [bill])
            {
                guard let number = Amendment.Number(row[0] as Int) else { continue }
                facts[number] = AmendmentFacts(
                    authorHandle: row[2], tallies: [:], currentRevision: row[1], hidden: false, queueEntry: nil)
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT number, revision, supports, oppositions, abstentions FROM tally
                    WHERE billSlug = ? AND number IN (\(list))
                    """, arguments: [bill])
            {
                guard let number = Amendment.Number(row[0] as Int) else { continue }
                facts[number]?.tallies[row[1]] = Tally(for: row[2], against: row[3], abstain: row[4])
            }
            for target in try String.fetchAll(
                db,
                sql: """
                    SELECT target FROM moderation WHERE billSlug = ? AND targetKind = 'amendment' AND hidden
                    AND target IN (\(numbers.map { "'\($0.value)'" }.joined(separator: ", ")))
                    """, arguments: [bill])
            {
                if let number = Int(target).flatMap(Amendment.Number.init) { facts[number]?.hidden = true }
            }
            for entry in try Self.entries(db, bill: bill, numbers: numbers) { facts[entry.number]?.queueEntry = entry }
            return facts
        }
    }
}
