import Foundation
import GRDB
import Legislation
import Participation
import TestSupport
import Testing

@testable import ParticipationSQLite

/// Votes share transactions under load; each still succeeds or fails on its own, and what is
/// acknowledged is what is stored.
@Suite struct GroupCommitTests {
    static let bill = BillSlug("loi")!
    let directory: TemporaryDirectory
    let database: ParticipationDatabase
    let now = Date(timeIntervalSince1970: 1_443_225_600.123_9)

    init() throws {
        directory = try TemporaryDirectory()
        database = try ParticipationDatabase.open(path: directory.path("hemicycle.sqlite"), digest: testDigest)
    }

    /// Creates an account, signs it in and returns the key of its session, which votes are cast with.
    private func account(_ index: Int) throws -> String {
        let id = Account.ID(rawValue: "voter-\(index)")
        _ = try database.createAccount(
            id: id, handle: Handle("votant-\(index)")!, passwordHash: "!", role: .citizen, at: now,
            reservation: "r-\(id)", byItself: false)
        let session = "session-\(index)"
        try database.createSession(tokenHash: session, for: id, at: now, expiresAt: now.addingTimeInterval(3600))
        return session
    }

    private func propose(_ number: Int, state: AmendmentState = .proposed) throws -> Amendment.Number {
        let number = Amendment.Number(number)!
        try database.recordAmendment(
            Amendment(
                number: number, title: "Amendement \(number)", summary: "", state: state,
                author: Account.ID(rawValue: "voter-0"), baseVersion: VersionNumber(1)!,
                head: String(repeating: "0", count: 40), createdAt: now, updatedAt: now),
            revision: "r1", articles: ["1er"], bill: Self.bill)
        return number
    }

    @Test func concurrentVotesFailOneByOneAndTheRestAreStored() async throws {
        let voters = try (0..<200).map(account)
        let open = try propose(1)
        let withdrawn = try propose(2, state: .withdrawn)
        let database = database
        let now = now
        // Half the votes go to a withdrawn amendment and must fail, interleaved with the others
        // so they land in the same batches.
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for (index, voter) in voters.enumerated() {
                group.addTask {
                    let number = index.isMultiple(of: 2) ? open : withdrawn
                    do {
                        _ = try await database.castVote(.for, bill: Self.bill, number: number, session: voter, at: now)
                        return (index, true)
                    } catch {
                        return (index, false)
                    }
                }
            }
            var outcomes: [Int: Bool] = [:]
            for await (index, succeeded) in group { outcomes[index] = succeeded }
            return outcomes
        }
        #expect(outcomes.filter(\.value).keys.allSatisfy { $0.isMultiple(of: 2) })
        #expect(outcomes.filter(\.value).count == 100)
        #expect(try database.tallies(bill: Self.bill, number: open)["r1"] == Tally(for: 100, against: 0, abstain: 0))
        #expect(try database.tallies(bill: Self.bill, number: withdrawn).isEmpty)
        let votes = try await database.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM vote") }
        #expect(votes == 100)
        // One audit row per stored vote, and the chain holds across batches.
        #expect(try database.auditLog().filter { $0.action == "vote.cast" }.count == 100)
        #expect(try database.firstBrokenAuditRow() == nil)
    }

    @Test func recordsWithoutArticleLabelsAreFoundAndRepaired() throws {
        _ = try account(0)
        let number = Amendment.Number(1)!
        try database.recordAmendment(
            Amendment(
                number: number, title: "Ancien", summary: "", state: .proposed, author: Account.ID(rawValue: "voter-0"),
                baseVersion: VersionNumber(1)!, head: String(repeating: "0", count: 40), createdAt: now,
                updatedAt: now),
            revision: "r1", articles: [], bill: Self.bill)
        #expect(try database.amendmentsWithoutArticles(bill: Self.bill) == [number])
        try database.repairAmendmentArticles(bill: Self.bill, number: number, articles: ["9", "9 bis"], at: now)
        #expect(try database.amendmentsWithoutArticles(bill: Self.bill).isEmpty)
        #expect(try database.amendmentArticles(bill: Self.bill, number: number) == ["9", "9 bis"])
        #expect(try database.auditLog().last?.detail == "articles=9,9 bis")
    }

    @Test func storedDatesAreTheTextGRDBUsesAndTheChainVerifiesWithMilliseconds() throws {
        for interval in [0, -1.25, 1_443_225_600.123_9, 1_700_000_000.999_9, 951_782_400.5, 4_102_444_799.001] {
            let date = Date(timeIntervalSince1970: interval)
            let grdb = String.fromDatabaseValue(date.databaseValue)
            #expect(Timestamp.text(date) == grdb, "\(interval)")
        }
        _ = try account(1)
        #expect(try database.firstBrokenAuditRow() == nil)
        #expect(try database.auditLog().first.map { Timestamp.text($0.at) } == "2015-09-26 00:00:00.124")
    }
}
