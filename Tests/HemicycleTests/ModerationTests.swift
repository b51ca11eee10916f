import BillArchive
import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import Testing

@Suite struct ModerationTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    @Test func threeDistinctReportsHideAndStaffRestore() async throws {
        let author = try await test.person("autrice")
        let staff = try await test.person("greffe", .staff)
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: author)
        let comment = try await engine.addComment(
            to: "republique-numerique", amendment: amendment.number, CommentInput(body: "Propos douteux."), by: author)
        // Reporters who have been here a day and taken part: their reports count.
        var reporters: [Identity] = []
        for index in 1...3 { reporters.append(try await test.person("lecteur-\(index)")) }
        for reporter in reporters {
            _ = try await engine.addComment(
                to: "republique-numerique", article: "1er", CommentInput(body: "Mon avis."), by: reporter)
        }
        test.clock.advance(by: 25 * 3600)
        let input = ReportInput(
            bill: "republique-numerique", kind: "comment", target: String(comment.id), reason: "injurieux")
        #expect(try await engine.report(input, by: reporters[0]).hidden == false)
        let twice = await #expect(throws: HemicycleError.self) { try await engine.report(input, by: reporters[0]) }
        #expect(twice?.code == .conflict)
        #expect(try await engine.report(input, by: reporters[1]).hidden == false)
        #expect(try await engine.report(input, by: reporters[2]).hidden == true)
        var thread = try await engine.comments(of: "republique-numerique", amendment: amendment.number)
        #expect(thread.items.first?.hidden == true)
        #expect(thread.items.first?.body == "")

        let notStaff = await #expect(throws: HemicycleError.self) {
            try await engine.moderate(
                .comment(comment.id), on: "republique-numerique", hidden: false, reason: "x",
                by: author)
        }
        #expect(notStaff?.code == .forbidden)
        try await engine.moderate(
            .comment(comment.id), on: "republique-numerique", hidden: false,
            reason: "Critique vive mais pas injurieuse.", by: staff)
        thread = try await engine.comments(of: "republique-numerique", amendment: amendment.number)
        #expect(thread.items.first?.body == "Propos douteux.")

        try await engine.moderate(
            .amendment(amendment.number), on: "republique-numerique", hidden: true,
            reason: "Hors sujet.", by: staff)
        let hidden = try await engine.amendment(amendment.number, of: "republique-numerique")
        #expect(hidden.hidden)
        #expect(hidden.title.isEmpty)
        #expect(hidden.diff == nil)
    }

    /// Git over HTTP serves only public refs: a hidden amendment's branch moves to
    /// `refs/hidden/amendments/<n>` and back when restored; it keeps its number, its author can
    /// still revise it, and the doctor finishes a move cut short.
    @Test func aHiddenAmendmentsBranchLeavesThePublicNamespaceUntilRestored() async throws {
        let slug: BillSlug = "republique-numerique"
        let author = try await test.person("autrice")
        let staff = try await test.person("greffe", .staff)
        let amendment = try await engine.proposeAmendment(to: slug, AmendmentTests.coronado, by: author)
        let repository = try BillShelf(root: engine.configuration.billsDirectory, sizeLimit: 1 << 20).repository(slug)
        let branch = { () async throws -> AmendmentBranch? in
            try await repository.amendmentBranches().first { $0.number == amendment.number }
        }
        #expect(try await branch()?.hidden == false)
        try await engine.moderate(
            .amendment(amendment.number), on: slug, hidden: true, reason: "Hors sujet.", by: staff)
        #expect(try await branch()?.hidden == true)
        #expect(try await engine.doctor(repair: false).findings.isEmpty)
        var revision = AmendmentTests.coronado
        revision.summary = "Exposé revu après la modération."
        let before = try await branch()?.head
        _ = try await engine.reviseAmendment(amendment.number, of: slug, revision, by: author)
        #expect(try await branch()?.head != before)
        #expect(try await branch()?.hidden == true)
        let next = try await engine.proposeAmendment(to: slug, AmendmentTests.coronado, by: author)
        #expect(next.number.value == amendment.number.value + 1)
        try await engine.moderate(
            .amendment(amendment.number), on: slug, hidden: false, reason: "Recevable.", by: staff)
        #expect(try await branch()?.hidden == false)
        // Hidden in the record, public in git (a hiding cut short): found, then finished.
        try await engine.moderate(
            .amendment(amendment.number), on: slug, hidden: true, reason: "Hors sujet.", by: staff)
        try await repository.moveAmendmentBranch(amendment.number, hidden: false)
        let found = try await engine.doctor(repair: false)
        #expect(
            found.findings == [
                "republique-numerique amendment \(amendment.number): the amendment is hidden but its branch is public (a hiding cut short)"
            ])
        #expect(try await engine.doctor(repair: true).repairs.count == 1)
        #expect(try await branch()?.hidden == true)
        #expect(try await engine.doctor(repair: false).findings.isEmpty)
    }

    @Test func reportsOfMissingItemsAreNotFound() async throws {
        let reader = try await test.person("lecteur")
        let error = await #expect(throws: HemicycleError.self) {
            try await engine.report(
                ReportInput(bill: "republique-numerique", kind: "comment", target: "99"), by: reader)
        }
        #expect(error?.code == .notFound)
        let kind = await #expect(throws: HemicycleError.self) {
            try await engine.report(ReportInput(bill: "republique-numerique", kind: "vote", target: "1"), by: reader)
        }
        #expect(kind?.code == .invalidInput)
    }
}
