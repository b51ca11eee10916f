import Foundation
import GRDB
import Legislation
import Participation
import TestSupport
import Testing

@testable import ParticipationSQLite

/// A database written before a migration keeps every row through it.
@Suite struct MigrationTests {
    static let bill = BillSlug("loi")!
    static let now = Date(timeIntervalSince1970: 1_443_225_600.123)

    @Test func widerAmendmentStatesKeepVotesTalliesAndTriggers() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("hemicycle.sqlite")
        // A database as version 10 of the schema left it, with an amendment, a vote and its tally.
        do {
            let queue = try DatabaseQueue(path: path)
            try ParticipationDatabase.migrator.migrate(queue, upTo: "v10-audit-chain-scheme")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO account (id, handle, passwordHash, role, createdAt, handleSkeleton)
                        VALUES ('a1', 'marie', '!', 'citizen', '2015-09-26 00:00:00.000', 'marie');
                        INSERT INTO amendment (billSlug, number, title, summary, state, authorId, baseVersion, head,
                            createdAt, updatedAt, revision, supports, pseudonym)
                        VALUES ('loi', 1, 'T', 'S', 'proposed', 'a1', 'v2', 'h', '2015-09-26 00:00:00.000',
                            '2015-09-26 00:00:00.000', 'r1', 0, 'p1');
                        INSERT INTO amendmentArticle (billSlug, number, label) VALUES ('loi', 1, '9');
                        INSERT INTO vote (billSlug, number, accountId, value, revision, castAt)
                        VALUES ('loi', 1, 'a1', 'for', 'r1', '2015-09-26 00:00:00.000');
                        INSERT INTO tally (billSlug, number, revision, supports) VALUES ('loi', 1, 'r1', 1);
                        """)
            }
        }
        let database = try ParticipationDatabase.open(path: path, digest: testDigest)
        let number = Amendment.Number(1)!
        #expect(try database.amendment(bill: Self.bill, number: number)?.state == .proposed)
        #expect(try database.vote(bill: Self.bill, number: number, by: Account.ID(rawValue: "a1"))?.value == .for)
        #expect(try database.amendmentArticles(bill: Self.bill, number: number) == ["9"])
        // The kept triggers still mirror the tally into the listing's support count.
        try database.writer.write { db in
            try db.execute(sql: "UPDATE tally SET supports = 5 WHERE billSlug = 'loi' AND number = 1")
        }
        let listed = try database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT supports FROM amendment WHERE billSlug = 'loi' AND number = 1")
        }
        #expect(listed == 5)
        // Every state is now accepted, and the foreign keys hold.
        try database.applyAmendment(.promote, bill: Self.bill, number: number, by: Pseudonym.random(), at: Self.now)
        #expect(try database.amendment(bill: Self.bill, number: number)?.state == .promoted)
        #expect(try database.integrityProblems().isEmpty)
        let indexes = try database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE tbl_name = 'amendment' ORDER BY name")
        }
        #expect(indexes.contains("amendmentByMostSupported") && indexes.contains("amendmentRevisedSupports"))
        #expect(!indexes.contains("amendmentBySupport"))
        // The first page by support is read in the index's order, not sorted from every amendment.
        let plan = try database.writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    EXPLAIN QUERY PLAN SELECT * FROM amendment WHERE billSlug = 'loi'
                    ORDER BY supports DESC, number LIMIT 50
                    """
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("amendmentByMostSupported") })
        #expect(!plan.contains { $0.contains("TEMP B-TREE") })
    }
}
