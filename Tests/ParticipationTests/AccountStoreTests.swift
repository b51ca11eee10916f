import Foundation
import GRDB
import Legislation
import Participation
import TestSupport
import Testing

@testable import ParticipationSQLite

/// A stand-in digest for the chain tests: this module never sees SHA-256; the engine hands it
/// in. Any deterministic function exercises the chaining.
let testDigest: @Sendable ([UInt8]) -> [UInt8] = { bytes in
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return withUnsafeBytes(of: hash.bigEndian) { Array($0) }
}

@Suite struct AccountStoreTests {
    let directory: TemporaryDirectory
    let database: ParticipationDatabase
    let now = Date(timeIntervalSince1970: 1_443_225_600)

    init() throws {
        directory = try TemporaryDirectory()
        database = try ParticipationDatabase.open(path: directory.path("hemicycle.sqlite"), digest: testDigest)
    }

    @Test func onDiskTheDatabaseIsDurable() throws {
        #expect(try database.synchronousMode() == 2)  // FULL
        #expect(try database.journalMode() == "wal")
    }

    @Test func handlesAreUniqueWithoutCase() throws {
        _ = try database.createAccount(
            id: Account.ID(rawValue: "a1"), handle: Handle("Marianne")!, passwordHash: "h", role: .citizen, at: now,
            reservation: "r-" + "Marianne", byItself: false)
        let error = #expect(throws: ParticipationError.self) {
            try database.createAccount(
                id: Account.ID(rawValue: "a2"), handle: Handle("MARIANNE")!, passwordHash: "h", role: .citizen, at: now,
                reservation: "r-" + "MARIANNE", byItself: false)
        }
        #expect(error?.code == .duplicate)
        #expect(try database.auditLog().count == 1)
    }

    @Test func sessionsExpireAndEnd() throws {
        let account = try database.createAccount(
            id: Account.ID(rawValue: "a1"), handle: Handle("rapporteur")!, passwordHash: "h", role: .rapporteur,
            at: now,
            reservation: "r-" + "rapporteur", byItself: false)
        try database.createSession(tokenHash: "t1", for: account.id, at: now, expiresAt: now.addingTimeInterval(3600))
        #expect(try database.account(forSession: "t1", at: now)?.handle.value == "rapporteur")
        #expect(try database.account(forSession: "t1", at: now.addingTimeInterval(3601)) == nil)
        #expect(try database.account(forSession: "unknown", at: now) == nil)
        #expect(try database.deleteSession(tokenHash: "t1", at: now))
        #expect(try database.account(forSession: "t1", at: now) == nil)
        #expect(try !database.deleteSession(tokenHash: "t1", at: now))
    }

    @Test func theAuditLogIsAChainThatCannotBeRewritten() throws {
        let account = try database.createAccount(
            id: Account.ID(rawValue: "a1"), handle: Handle("staff-1")!, passwordHash: "h", role: .citizen, at: now,
            reservation: "r-" + "staff-1", byItself: false)
        _ = try database.setRole(.staff, of: account.handle, at: now, actor: "system")
        try database.createSession(tokenHash: "t", for: account.id, at: now, expiresAt: now.addingTimeInterval(60))
        #expect(try database.auditLog().map(\.action) == ["account.create", "account.role", "session.create"])
        #expect(try database.firstBrokenAuditRow() == nil)
        #expect(throws: DatabaseError.self) {
            try database.writer.write { try $0.execute(sql: "UPDATE auditLog SET actor = 'someone' WHERE id = 1") }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { try $0.execute(sql: "DELETE FROM auditLog") }
        }
    }

    @Test func rolesAreCheckedByTheSchema() throws {
        #expect(throws: DatabaseError.self) {
            try database.writer.write {
                try $0.execute(
                    sql: "INSERT INTO account VALUES ('x', 'xyz', 'h', 'emperor', ?)", arguments: [now])
            }
        }
    }
}
