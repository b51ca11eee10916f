import Foundation
import Legislation
import Participation
import StoreTestSupport
import Testing

/// What an adoption records: amendments adopted, open ones carried onto the new version (their
/// votes staying with the text they were cast on) or marked conflicted — the same expectations
/// over every store.
@Suite struct AdoptionContractTests {
    typealias Contract = StoreContractTests
    static let bill = Contract.bill
    static let now = Contract.now
    static let v3 = VersionNumber(3)!

    @Test(arguments: TestStores.kinds)
    func adoptedAmendmentsAreMarkedOnceAndOnlyWhenPromoted(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let staff = try await QueueContractTests.staff(store)
        try await store.setPromotionRule(
            try QueueContractTests.rule(#"{"minimumSupports": 1}"#), bill: Self.bill, by: staff, at: Self.now)
        let (author, session) = try await Contract.citizen(store, 1)
        let promoted = try await Contract.propose(store, 1, by: author)
        let proposed = try await Contract.propose(store, 2, by: author)
        _ = try await store.castVote(.for, bill: Self.bill, number: promoted, session: session, at: Self.now)
        try await store.recordDecision(.adopted, bill: Self.bill, number: promoted, by: staff, at: Self.now)
        // Decided, it awaits its adoption: no carry or conflict touches it, even one already under way.
        #expect(
            try await store.carryAmendments(
                [
                    CarriedAmendment(
                        number: promoted, from: Contract.head, to: "carried", revision: "r1", articles: ["9"],
                        dispositif: nil)
                ], onto: Self.v3, bill: Self.bill, at: Self.now) == [promoted])
        let conflict = AmendmentConflict(writtenAgainst: VersionNumber(2)!, version: Self.v3, articles: [])
        #expect(
            try await store.markConflicted(
                [ConflictedAmendment(number: promoted, head: Contract.head, conflict: conflict)], bill: Self.bill,
                at: Self.now) == [promoted])
        #expect(try await store.amendment(bill: Self.bill, number: promoted)?.head == Contract.head)
        try await store.recordAdoption([promoted], into: Self.v3, bill: Self.bill, at: Self.now)
        #expect(try await store.amendment(bill: Self.bill, number: promoted)?.state == .adopted)
        // Again (a doctor finishing an adoption): nothing more.
        try await store.recordAdoption([promoted], into: Self.v3, bill: Self.bill, at: Self.now)
        #expect(try await store.auditLog().filter { $0.action == "amendment.adopted" }.count == 1)
        let refused = await Contract.code {
            try await store.recordAdoption([proposed], into: Self.v3, bill: Self.bill, at: Self.now)
        }
        #expect(refused == .conflict)
        #expect(try await store.amendment(bill: Self.bill, number: proposed)?.state == .proposed)
    }

    @Test(arguments: TestStores.kinds)
    func aCarriedAmendmentKeepsTheVotesOfItsUnchangedText(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let (author, session) = try await Contract.citizen(store, 1)
        let same = try await Contract.propose(store, 1, by: author)
        let changed = try await Contract.propose(store, 2, by: author)
        let withdrawn = try await Contract.propose(store, 3, by: author)
        for number in [same, changed] {
            _ = try await store.castVote(.for, bill: Self.bill, number: number, session: session, at: Self.now)
        }
        try await store.applyAmendment(
            .withdraw, bill: Self.bill, number: withdrawn, by: Pseudonym.random(), at: Self.now)
        let dispositif = Dispositif(parts: [
            Dispositif.Part(article: "9", heading: "ARTICLE 9", text: "Supprimer l'alinéa 2.", alineas: [2])
        ])
        let stale = try await store.carryAmendments(
            [
                CarriedAmendment(
                    number: same, from: Contract.head, to: "carried-1", revision: "r1", articles: ["9"],
                    dispositif: dispositif),
                CarriedAmendment(
                    number: changed, from: Contract.head, to: "carried-2", revision: "r2", articles: ["9 bis"],
                    dispositif: nil),
                CarriedAmendment(
                    number: withdrawn, from: Contract.head, to: "carried-3", revision: "r1", articles: ["9"],
                    dispositif: nil),
                CarriedAmendment(
                    number: Amendment.Number(4)!, from: Contract.head, to: "carried-4", revision: "r1",
                    articles: ["9"], dispositif: nil),
            ], onto: Self.v3, bill: Self.bill, at: Self.now)
        #expect(stale == [withdrawn, Amendment.Number(4)!])
        let carried = try #require(try await store.amendment(bill: Self.bill, number: same))
        #expect(carried.head == "carried-1" && carried.baseVersion == Self.v3 && carried.state == .proposed)
        #expect(try await store.dispositifs(bill: Self.bill)[same]?.dispositif == dispositif)
        #expect(try await store.amendmentArticles(bill: Self.bill, number: changed) == ["9 bis"])
        // Same text: its vote still counts; another text: the vote stays with the earlier one.
        #expect(try await store.tallies(bill: Self.bill, number: same)["r1"]?.for == 1)
        #expect(try await store.currentRevision(bill: Self.bill, number: changed) == "r2")
        #expect(try await store.tallies(bill: Self.bill, number: changed)["r1"]?.for == 1)
        #expect(try await store.tallies(bill: Self.bill, number: changed)["r2"] == nil)
        #expect(try await store.amendment(bill: Self.bill, number: withdrawn)?.head == Contract.head)
        // Carried again from where it was: nothing moves.
        let again = try await store.carryAmendments(
            [
                CarriedAmendment(
                    number: same, from: Contract.head, to: "carried-9", revision: "r1", articles: ["9"],
                    dispositif: nil)
            ], onto: Self.v3, bill: Self.bill, at: Self.now)
        #expect(again == [same])
        #expect(try await store.amendment(bill: Self.bill, number: same)?.head == "carried-1")
    }

    @Test(arguments: TestStores.kinds)
    func aConflictedAmendmentSaysWhyUntilItsAuthorRevisesItOntoTheNewVersion(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let (author, _) = try await Contract.citizen(store, 1)
        let number = try await Contract.propose(store, 1, by: author)
        let conflict = AmendmentConflict(
            writtenAgainst: VersionNumber(2)!, version: Self.v3,
            articles: [AmendmentConflict.Article(label: "9", alineas: [2, 3])])
        let moved = try await store.markConflicted(
            [ConflictedAmendment(number: number, head: "other", conflict: conflict)], bill: Self.bill, at: Self.now)
        #expect(moved == [number])
        #expect(try await store.amendment(bill: Self.bill, number: number)?.state == .proposed)
        #expect(
            try await store.markConflicted(
                [ConflictedAmendment(number: number, head: Contract.head, conflict: conflict)], bill: Self.bill,
                at: Self.now
            ).isEmpty)
        #expect(try await store.amendment(bill: Self.bill, number: number)?.state == .conflicted)
        #expect(try await store.conflicts(bill: Self.bill) == [number: conflict])
        #expect(conflict.stake == "article 9, alinéas 2, 3")
        try await store.reviseAmendment(
            bill: Self.bill, number: number, from: Contract.head, to: "revised", onto: Self.v3, revision: "r2",
            articles: ["9"], dispositif: nil, title: "Revu", summary: "", by: Pseudonym.random(), at: Self.now)
        let revised = try #require(try await store.amendment(bill: Self.bill, number: number))
        #expect(revised.state == .proposed && revised.baseVersion == Self.v3 && revised.head == "revised")
        #expect(try await store.conflicts(bill: Self.bill).isEmpty)
    }
}
