import EngineTestSupport
import Foundation
import Legislation
import TestSupport
import Testing

@testable import Hemicycle

/// After a person erases their account, nothing kept or published may tie their actions to them
/// or to each other: the bill's git history (read with stock git), the audit log and the bytes
/// of the SQLite files hold none of their handle, account id or password hash, while their
/// votes still count and their amendment still stands.
@Suite struct ErasureTracesTests {
    static let bill: BillSlug = "republique-numerique"

    @Test func erasureLeavesNoLinkableTrace() async throws {
        let test = try await TestEngine()
        let engine = test.engine
        let handle = "zoe-quintavalle"
        let person = try await test.person(handle)
        let other = try await test.person("autre-votante")
        let id = person.account.id.rawValue
        let hash = try #require(try await engine.participation.credentials(for: Handle(handle)!)?.passwordHash)
        let first = try await engine.proposeAmendment(to: Self.bill, AmendmentTests.coronado, by: person)
        var revised = AmendmentTests.coronado
        revised.changes = [ChangeInput(kind: "delete", article: "12")]
        _ = try await engine.reviseAmendment(first.number, of: Self.bill, revised, by: person)
        let second = try await engine.proposeAmendment(
            to: Self.bill,
            AmendmentInput(
                baseVersion: "v2", title: "Un second", summary: "",
                changes: [ChangeInput(kind: "delete", article: "13")]), by: person)
        _ = try await engine.vote("for", on: first.number, of: Self.bill, token: person.token)
        _ = try await engine.vote("against", on: second.number, of: Self.bill, token: person.token)
        _ = try await engine.vote("for", on: second.number, of: Self.bill, token: other.token)
        _ = try await engine.addComment(
            to: Self.bill, amendment: first.number, CommentInput(body: "Mon propre avis."), by: person)
        _ = try await engine.report(
            ReportInput(bill: Self.bill.value, kind: "amendment", target: "\(second.number)", reason: "doublon"),
            by: other)

        // Before: the links exist (so the checks below can fail).
        let data = test.directory.appending("data")
        let repository = data.appendingPathComponent("bills/\(Self.bill).git").path
        let before = try Self.gitLog(repository)
        let pseudonyms = Set(before.split(separator: "\n").filter { $0.contains("citizen-") })
        #expect(pseudonyms.count == 2, "one pseudonym per amendment: \(pseudonyms)")
        // The bytes of the store's files are checked where they are at hand: the SQLite file.
        let sqlite = engine.configuration.databaseURL == nil
        if sqlite { #expect(try Self.databaseBytes(data).contains(Data(handle.utf8))) }

        try await engine.eraseAccount(of: person)

        let log = try Self.gitLog(repository)
        for secret in [handle, id] { #expect(!log.contains(secret), "git log --all holds \(secret)") }
        let audit = try await engine.participation.auditLog()
        for entry in audit {
            for field in [entry.actor, entry.target, entry.detail] {
                #expect(!field.contains(id) && !field.contains(handle), "audit row \(entry.id): \(field)")
            }
        }
        // No pseudonym of the erased person is linked to anything any more.
        for line in pseudonyms {
            let pseudonym = line.components(separatedBy: "citizen-").last?.prefix(24) ?? ""
            #expect(try await engine.participation.account(pseudonym: Pseudonym(rawValue: String(pseudonym))) == nil)
        }
        let bytes = sqlite ? try Self.databaseBytes(data) : Data()
        for secret in [handle, id, hash] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "the SQLite files hold \(secret)")
        }
        // Their votes still count; their amendments stand, unattributed.
        #expect(try await engine.amendment(second.number, of: Self.bill).tally == Tally(for: 1, against: 1))
        #expect(try await engine.amendment(first.number, of: Self.bill).author == "deleted account")
        #expect(
            try await engine.participation.erasedVotes(
                bill: Self.bill, number: first.number
            ).count
                == 1)
        // Signing in as them costs a bcrypt check like any wrong password, and the handle is held.
        let signIn = await #expect(throws: HemicycleError.self) {
            try await engine.signIn(handle: handle, password: "un mot de passe")
        }
        #expect(signIn?.code == .unauthenticated)
        let taken = await #expect(throws: HemicycleError.self) {
            try await engine.signUp(handle: handle, password: "un autre mot de passe")
        }
        #expect(taken?.code == .conflict)
        #expect(try await engine.doctor(repair: false).findings.isEmpty)
    }

    /// `git log --all` with authors, committers and full messages, from stock git.
    static func gitLog(_ repository: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "--git-dir", repository, "log", "--all", "--format=%an %ae %cn %ce%n%B"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    /// Every byte of the database files (main file, write-ahead log, shared memory), as `strings`
    /// would read them.
    static func databaseBytes(_ data: URL) throws -> Data {
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] {
            let file = data.appendingPathComponent("hemicycle.sqlite" + suffix)
            if let contents = FileManager.default.contents(atPath: file.path) { bytes.append(contents) }
        }
        return bytes
    }
}
