import Foundation
import GRDB
import Legislation
import Participation
import StoreTestSupport
import Testing

@testable import ParticipationSQLite

/// The audit chain's encoding is injective (scheme 2), and chains begun under the first scheme
/// still verify.
@Suite struct AuditChainTests {
    static func hash(_ fields: [String], scheme: Int) -> String {
        AuditChain.hash(
            previous: AuditChain.genesis, at: fields[0], actor: fields[1], action: "a", target: "t", detail: "",
            scheme: scheme, digest: TestStores.digest)
    }

    @Test func twoDifferentRowsNeverEncodeAlike() {
        let left = ["a\u{1F}", "b"]
        let right = ["a", "\u{1F}b"]
        #expect(Self.hash(left, scheme: 1) == Self.hash(right, scheme: 1), "the first scheme's collision")
        #expect(Self.hash(left, scheme: 2) != Self.hash(right, scheme: 2))
        #expect(Self.hash(["1:", "x"], scheme: 2) != Self.hash(["1", ":x"], scheme: 2))
    }

    /// A log written before scheme 2 goes on under it and verifies whole; a row of the first
    /// scheme after one of the second breaks the chain there.
    @Test func anOldChainStillVerifiesAndSchemesNeverGoBack() async throws {
        let test = try await TestStores.open(.sqlite)
        let database = try #require(test.store as? ParticipationDatabase)
        func insert(_ actor: String, scheme: Int) throws {
            try database.writer.write { db in
                let previous =
                    try String.fetchOne(db, sql: "SELECT hash FROM auditLog ORDER BY id DESC LIMIT 1")
                    ?? AuditChain.genesis
                let at = Timestamp.text(Date(timeIntervalSince1970: 1_450_000_000))
                let hash = AuditChain.hash(
                    previous: previous, at: at, actor: actor, action: "old", target: "x", detail: "", scheme: scheme,
                    digest: TestStores.digest)
                try db.execute(
                    sql: """
                        INSERT INTO auditLog (at, actor, action, target, detail, previousHash, hash, chain)
                        VALUES (?, ?, 'old', 'x', '', ?, ?, ?)
                        """, arguments: [at, actor, previous, hash, scheme])
            }
        }
        try insert("before", scheme: 1)
        try insert("before-too", scheme: 1)
        _ = try await StoreContractTests.citizen(database, 1)
        #expect(try await database.firstBrokenAuditRow() == nil)
        #expect(try await database.auditLog().count == 4)
        try insert("late", scheme: 1)
        #expect(try await database.firstBrokenAuditRow() == 5)
        await test.remove()
    }
}
