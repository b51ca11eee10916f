import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import TestSupport
import Testing

@Suite struct AmendmentTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    /// The Coronado amendment of the committee, proposed by a citizen on version 2.
    static let coronado = AmendmentInput(
        baseVersion: "v2", title: "Données de référence des personnes publiques ou privées",
        summary: "Étendre la mission aux personnes privées chargées d’une mission de service public.",
        changes: [
            ChangeInput(
                kind: "modify", article: "9",
                text:
                    "Les personnes publiques ou privées chargées d’une mission de service public mettent à disposition les données de référence."
            )
        ])

    @Test func proposeAllThreeKindsOnSeveralArticles() async throws {
        let author = try await test.person("coronado")
        var input = Self.coronado
        input.changes += [
            ChangeInput(kind: "insert", after: "9", label: "9 bis", text: "Premier alinéa.\n\nSecond alinéa."),
            ChangeInput(kind: "delete", article: "12"),
        ]
        let amendment = try await engine.proposeAmendment(to: "republique-numerique", input, by: author)
        #expect(amendment.number == 1)
        #expect(amendment.author == "coronado")
        #expect(Set(amendment.articles) == ["9", "9 bis", "12"])
        let diff = try #require(amendment.diff)
        #expect(diff.map(\.change).sorted() == ["added", "modified", "removed"])
        let second = try await engine.proposeAmendment(to: "republique-numerique", Self.coronado, by: author)
        #expect(second.number == 2)
        let list = try await engine.amendments(of: "republique-numerique")
        #expect(list.items.map(\.number) == [1, 2])
        #expect(list.total == 2)
    }

    @Test func theAuthorRevisesAndWithdraws() async throws {
        let author = try await test.person("autrice")
        let proposed = try await engine.proposeAmendment(to: "republique-numerique", Self.coronado, by: author)
        var revision = Self.coronado
        revision.title = "Titre révisé"
        let revised = try await engine.reviseAmendment(
            proposed.number, of: "republique-numerique", revision, by: author)
        #expect(revised.title == "Titre révisé")
        let withdrawn = try await engine.withdrawAmendment(proposed.number, of: "republique-numerique", by: author)
        #expect(withdrawn.state == "withdrawn")
        let again = await #expect(throws: HemicycleError.self) {
            try await engine.reviseAmendment(proposed.number, of: "republique-numerique", revision, by: author)
        }
        #expect(again?.code == .conflict)
        #expect(try await engine.amendment(proposed.number, of: "republique-numerique").title == "Titre révisé")
    }

    /// A revision keeps the amendment's version and must change something; a refused one
    /// writes nothing.
    @Test func aRevisionKeepsItsVersionAndMustChangeSomething() async throws {
        let author = try await test.person("autrice")
        let proposed = try await engine.proposeAmendment(to: "republique-numerique", Self.coronado, by: author)
        var moved = Self.coronado
        moved.baseVersion = "v3"
        let movedError = await #expect(throws: HemicycleError.self) {
            try await engine.reviseAmendment(proposed.number, of: "republique-numerique", moved, by: author)
        }
        #expect(movedError?.code == .invalidInput)
        #expect(movedError?.message.contains("keeps its version") == true)
        let same = await #expect(throws: HemicycleError.self) {
            try await engine.reviseAmendment(proposed.number, of: "republique-numerique", Self.coronado, by: author)
        }
        #expect(same?.code == .invalidInput)
        #expect(same?.message.contains("changes nothing") == true)
        let after = try await engine.amendment(proposed.number, of: "republique-numerique")
        #expect(after.head == proposed.head && after.title == proposed.title)
        // Without a base version, or with its own, a real change is a revision.
        var retitled = Self.coronado
        retitled.baseVersion = nil
        retitled.title = "Un autre titre"
        let revised = try await engine.reviseAmendment(
            proposed.number, of: "republique-numerique", retitled, by: author)
        #expect(revised.title == "Un autre titre" && revised.head != proposed.head)
    }

    /// A person reads their own vote, and whether it is on the current text; nobody else's.
    @Test func theCallerReadsTheirOwnVote() async throws {
        let author = try await test.person("autrice")
        let voter = try await test.person("votante")
        let slug: BillSlug = "republique-numerique"
        let proposed = try await engine.proposeAmendment(to: slug, Self.coronado, by: author)
        let none = await #expect(throws: HemicycleError.self) {
            try await engine.myVote(on: proposed.number, of: slug, by: voter)
        }
        #expect(none?.code == .notFound)
        _ = try await engine.vote("against", on: proposed.number, of: slug, token: voter.token)
        #expect(try await engine.myVote(on: proposed.number, of: slug, by: voter).value == "against")
        #expect(try await engine.amendment(proposed.number, of: slug, for: voter).myVote?.onCurrentText == true)
        #expect(try await engine.amendment(proposed.number, of: slug, for: author).myVote == nil)
        #expect(try await engine.amendment(proposed.number, of: slug).myVote == nil)
        // After a revision that changes the text, the vote is on an earlier text.
        var revised = Self.coronado
        revised.changes = [ChangeInput(kind: "delete", article: "13")]
        _ = try await engine.reviseAmendment(proposed.number, of: slug, revised, by: author)
        let mine = try await engine.myVote(on: proposed.number, of: slug, by: voter)
        #expect(mine.value == "against" && !mine.onCurrentText)
    }

    @Test func refusalsSayWhyAndChangeNothing() async throws {
        let author = try await test.person("autrice")
        let other = try await test.person("autre")
        let proposed = try await engine.proposeAmendment(to: "republique-numerique", Self.coronado, by: author)
        @Sendable func change(_ edit: (inout AmendmentInput) -> Void) -> AmendmentInput {
            var input = Self.coronado
            edit(&input)
            return input
        }
        let cases: [(HemicycleError.Code, @Sendable () async throws -> Void)] = [
            (
                .forbidden,
                {
                    _ = try await engine.reviseAmendment(
                        proposed.number, of: "republique-numerique", Self.coronado, by: other)
                }
            ),
            (
                .forbidden,
                { _ = try await engine.withdrawAmendment(proposed.number, of: "republique-numerique", by: other) }
            ),
            (.notFound, { _ = try await engine.withdrawAmendment(99, of: "republique-numerique", by: author) }),
            (
                .notFound,
                {
                    _ = try await engine.proposeAmendment(
                        to: "republique-numerique", change { $0.baseVersion = "v9" }, by: author)
                }
            ),
            (.notFound, { _ = try await engine.proposeAmendment(to: "absent", Self.coronado, by: author) }),
            (
                .invalidInput,
                {
                    _ = try await engine.proposeAmendment(
                        to: "republique-numerique", change { $0.baseVersion = nil }, by: author)
                }
            ),
            (
                .invalidInput,
                {
                    _ = try await engine.proposeAmendment(
                        to: "republique-numerique", change { $0.title = "" }, by: author)
                }
            ),
            (
                .invalidInput,
                {
                    _ = try await engine.proposeAmendment(
                        to: "republique-numerique", change { $0.changes = [] }, by: author)
                }
            ),
            (
                .invalidInput,
                {
                    _ = try await engine.proposeAmendment(
                        to: "republique-numerique",
                        change { $0.changes = [ChangeInput(kind: "delete", article: "99")] }, by: author)
                }
            ),
            (
                .invalidInput,
                {
                    _ = try await engine.proposeAmendment(
                        to: "republique-numerique",
                        change { $0.changes = [ChangeInput(kind: "insert", after: "9", label: "10", text: "x")] },
                        by: author)
                }
            ),
            (
                .invalidInput,
                {
                    _ = try await engine.proposeAmendment(
                        to: "republique-numerique", change { $0.changes.append($0.changes[0]) }, by: author)
                }
            ),
            (
                .invalidInput,
                {
                    _ = try await engine.proposeAmendment(
                        to: "republique-numerique",
                        change { $0.changes = [ChangeInput(kind: "rewrite", article: "9", text: "x")] },
                        by: author)
                }
            ),
            (
                .limitExceeded,
                {
                    _ = try await engine.proposeAmendment(
                        to: "republique-numerique",
                        change {
                            $0.changes = [
                                ChangeInput(
                                    kind: "modify", article: "9", text: String(repeating: "données ", count: 140_000))
                            ]
                        },
                        by: author)
                }
            ),
        ]
        for (code, call) in cases {
            let error = await #expect(throws: HemicycleError.self) { try await call() }
            #expect(error?.code == code, "\(error?.message ?? "")")
        }
        let list = try await engine.amendments(of: "republique-numerique")
        #expect(list.items.map(\.number) == [1])
        #expect(list.items.first?.state == "proposed")
    }

    @Test func concurrentProposalsNeverShareANumber() async throws {
        let author = try await test.person("foule")
        let numbers = try await withThrowingTaskGroup(of: Amendment.Number.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await engine.proposeAmendment(to: "republique-numerique", Self.coronado, by: author).number
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(numbers.sorted().map(\.value) == Array(1...12))
    }

    /// Revisions sent at once all start from the same head: the branch moves only from the head a
    /// revision was written on, so each one either lands or is refused as stale, and the record
    /// ends on the branch's head with the title of one that landed.
    @Test func revisionsOnAStaleHeadAreRefused() async throws {
        let author = try await test.person("autrice")
        let proposed = try await engine.proposeAmendment(to: "republique-numerique", Self.coronado, by: author)
        let outcomes = await withTaskGroup(of: (String, HemicycleError?).self) { group in
            for index in 0..<8 {
                group.addTask {
                    var revision = Self.coronado
                    revision.title = "Révision \(index)"
                    revision.changes[0].text = "Les personnes publiques mettent à disposition \(index) jeux de données."
                    do throws(HemicycleError) {
                        _ = try await engine.reviseAmendment(
                            proposed.number, of: "republique-numerique", revision, by: author)
                        return (revision.title, nil)
                    } catch {
                        return (revision.title, error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let landed = outcomes.filter { $0.1 == nil }.map { $0.0 }
        #expect(!landed.isEmpty)
        for (_, error) in outcomes {
            guard let error else { continue }
            #expect(error.code == .conflict)
            #expect(error.message.contains("changed meanwhile"))
        }
        let amendment = try await engine.amendment(proposed.number, of: "republique-numerique")
        #expect(landed.contains(amendment.title))
        let report = try await engine.doctor(repair: false)
        #expect(report.findings.isEmpty, "\(report.findings)")
    }
}
