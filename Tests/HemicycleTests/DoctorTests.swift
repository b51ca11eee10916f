import BillArchive
import EngineTestSupport
import Foundation
import Legislation
import Testing

@testable import Hemicycle

/// A crash between a ref move and its record, simulated by writing the branch through a second
/// handle on the same repository and never recording it.
@Suite struct DoctorTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    private func bareRepository() throws -> BillRepository {
        try BillShelf(root: engine.configuration.billsDirectory, sizeLimit: 1 << 20).repository(
            BillSlug("republique-numerique"))
    }

    @Test func aHealthyDataDirectoryIsReportedSound() async throws {
        let report = try await engine.doctor(repair: false)
        #expect(report.findings.isEmpty)
    }

    @Test func aCommitWrittenBeforeACrashWithoutItsRefIsNoFinding() async throws {
        // What a kill between writing an amendment's objects and moving its ref leaves behind.
        let repository = engine.configuration.billsDirectory.appendingPathComponent("republique-numerique.git")
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "--git-dir", repository.path, "commit-tree", "v2^{tree}", "-m", "never referenced"]
        git.environment = ProcessInfo.processInfo.environment.merging([
            "GIT_AUTHOR_NAME": "Hemicycle test", "GIT_AUTHOR_EMAIL": "test@hemicycle.invalid",
            "GIT_COMMITTER_NAME": "Hemicycle test", "GIT_COMMITTER_EMAIL": "test@hemicycle.invalid",
        ]) { $1 }
        git.standardOutput = Pipe()
        try git.run()
        git.waitUntilExit()
        try #require(git.terminationStatus == 0)

        let report = try await engine.doctor(repair: false)
        #expect(report.findings.isEmpty)
    }

    @Test func aBranchWithoutItsRecordIsRebuiltFromTrailers() async throws {
        let author = try await test.person("autrice")
        let draft = AmendmentDraft(
            title: "Écrit avant la panne", summary: "Exposé.", author: Pseudonym(rawValue: author.account.id.rawValue),
            edits: [.delete(article: ArticleLabel("12"))])
        let (number, _) = try await bareRepository().proposeAmendment(on: VersionNumber(2)!, draft, at: 1_453_000_000)

        let found = try await engine.doctor(repair: false)
        #expect(found.findings == ["republique-numerique amendment \(number): a branch without its record"])
        #expect(found.repairs.isEmpty)

        let repaired = try await engine.doctor(repair: true)
        #expect(repaired.healthy)
        let amendment = try await engine.amendment(number, of: "republique-numerique")
        #expect(amendment.title == "Écrit avant la panne")
        #expect(amendment.author == "autrice")
        #expect(amendment.articles == ["12"])
        // The rebuilt record lists its articles, so lists and filters need no git.
        #expect(
            try await engine.amendments(of: "republique-numerique", article: "12").items.map(\.number) == [number]
        )
        #expect(try await engine.doctor(repair: false).findings.isEmpty)
    }

    @Test func aLockLeftByAWriteCutShortIsRemovedAndTheRefMovesAgain() async throws {
        let author = try await test.person("autrice")
        let proposed = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: author)
        let lock = URL(fileURLWithPath: try bareRepository().path)
            .appendingPathComponent("refs/heads/amendments/\(proposed.number).lock")
        try Data("0000000000000000000000000000000000000000\n".utf8).write(to: lock)
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: lock.path)
        var revision = AmendmentTests.coronado
        revision.title = "Données de référence, revues"
        // The lock blocks the branch: a revision is refused.
        await #expect(throws: HemicycleError.self) {
            try await engine.reviseAmendment(proposed.number, of: "republique-numerique", revision, by: author)
        }
        let report = try await engine.doctor(repair: false)
        #expect(
            report.findings == [
                "republique-numerique: refs/heads/amendments/\(proposed.number).lock was left by a write cut short, and blocks that ref"
            ])
        #expect(try await engine.doctor(repair: true).healthy)
        #expect(!FileManager.default.fileExists(atPath: lock.path))
        _ = try await engine.reviseAmendment(proposed.number, of: "republique-numerique", revision, by: author)
    }

    @Test func aRevisionThatReachedGitMovesTheRecord() async throws {
        let author = try await test.person("autrice")
        let proposed = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: author)
        let current = try await engine.amendment(proposed.number, of: "republique-numerique")
        let heads = try await bareRepository().amendmentHeads()
        let head = try #require(heads[proposed.number])
        _ = try await bareRepository().reviseAmendment(
            proposed.number, on: VersionNumber(2)!, from: head,
            AmendmentDraft(
                title: current.title, summary: current.summary, author: Pseudonym(rawValue: author.account.id.rawValue),
                edits: [.delete(article: ArticleLabel("9"))]),
            at: 1_453_000_000)
        let report = try await engine.doctor(repair: true)
        #expect(report.findings.count == 1)
        #expect(report.healthy)
        #expect(try await engine.amendment(proposed.number, of: "republique-numerique").articles == ["9"])
        // The repaired record has no dispositif for its new head: the export words it from git
        // and stores it for the next one.
        let slug: BillSlug = "republique-numerique"
        #expect(try await engine.participation.dispositifs(bill: slug)[proposed.number] == nil)
        let export = try await engine.export(of: slug, selection: .all)
        #expect(
            export.amendments.first { $0.number == proposed.number.value }?.dispositif.text == "Supprimer cet article.")
        let stored = try #require(try await engine.participation.dispositifs(bill: slug)[proposed.number])
        #expect(stored.head == (try await bareRepository().amendmentHeads())[proposed.number])
        #expect(stored.dispositif.text == "Supprimer cet article.")
    }
}
