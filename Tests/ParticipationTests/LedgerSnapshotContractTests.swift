import Foundation
import Legislation
import Participation
import StoreTestSupport
import Testing

/// What the public ledger is written from, over every store: the votes of each text with their
/// voters, an erased person's votes as counts, hidden amendments left out, every promotion (both
/// texts of a revised amendment), the participants, the rule and the audit log's head.
@Suite struct LedgerSnapshotContractTests {
    typealias Contract = StoreContractTests
    static let bill = Contract.bill
    static let now = Contract.now

    @Test(arguments: TestStores.kinds)
    func theSnapshotHoldsEveryVoteOfTheVisibleAmendments(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let staff = try await QueueContractTests.staff(store)
        let rule = #"{"minimumSupports":2}"#
        try await store.setPromotionRule(try QueueContractTests.rule(rule), bill: Self.bill, by: staff, at: Self.now)
        var people: [(id: Account.ID, session: String)] = []
        for index in 1...4 { people.append(try await Contract.citizen(store, index)) }
        let revised = try await Contract.propose(store, 1, by: people[0].id, articles: ["9", "10"])
        let hidden = try await Contract.propose(store, 2, by: people[1].id)
        let plain = try await Contract.propose(store, 3, by: people[2].id)
        // Amendment 1 is promoted on its first text, revised, and promoted again on its second.
        for person in people.prefix(2) {
            _ = try await store.castVote(.for, bill: Self.bill, number: revised, session: person.session, at: Self.now)
        }
        try await store.reviseAmendment(
            bill: Self.bill, number: revised, from: Contract.head, to: "b", revision: "r2", articles: ["9"],
            title: "Amendement 1", summary: "Exposé revu.", by: Pseudonym.random(), at: Self.now)
        for person in people.suffix(2) {
            _ = try await store.castVote(.for, bill: Self.bill, number: revised, session: person.session, at: Self.now)
        }
        _ = try await store.castVote(
            .against, bill: Self.bill, number: hidden, session: people[0].session, at: Self.now)
        try await store.moderate(
            .amendment(hidden), bill: Self.bill, hidden: true, reason: "injurieux", by: staff, at: Self.now)
        _ = try await store.castVote(.abstain, bill: Self.bill, number: plain, session: people[0].session, at: Self.now)
        _ = try await store.castVote(.against, bill: Self.bill, number: plain, session: people[3].session, at: Self.now)
        try await store.erase(people[3].id, reservation: "erased-4", reservedUntil: Self.now, at: Self.now)

        let snapshot = try await store.ledgerSnapshot(bill: Self.bill)
        #expect(snapshot.amendments.map(\.number) == [revised, plain])
        #expect(snapshot.amendments.first?.revision == "r2" && snapshot.amendments.first?.articles == ["9"])
        #expect(snapshot.amendments.last?.articles == ["9"] && snapshot.amendments.last?.state == .proposed)
        let texts = snapshot.texts.map { "\($0.number.value)-\($0.revision)" }
        #expect(texts == ["1-r1", "1-r2", "3-r1"])
        // Votes stay on the text they were cast on; the erased person's are counts on theirs.
        let byText = Dictionary(uniqueKeysWithValues: snapshot.texts.map { ("\($0.number.value)-\($0.revision)", $0) })
        #expect(Set(byText["1-r1"]!.votes.map(\.account)) == [people[0].id, people[1].id])
        #expect(byText["1-r2"]!.votes.map(\.account) == [people[2].id] && byText["1-r2"]!.erased == Tally(for: 1))
        #expect(byText["3-r1"]!.votes.map(\.value) == [.abstain] && byText["3-r1"]!.erased == Tally(against: 1))
        #expect(snapshot.promotions.map { "\($0.number.value)-\($0.revision)" } == ["1-r1", "1-r2"])
        #expect(snapshot.promotions.allSatisfy { $0.rule == rule })
        #expect(snapshot.participants == (try await store.participants(bill: Self.bill)))
        #expect(snapshot.rule == rule)
        let last = try #require(try await store.auditLog().last)
        #expect(snapshot.auditHead.id == last.id)
        #expect(snapshot.auditHead.hash.count == 64)
        let empty = try await store.ledgerSnapshot(bill: BillSlug("autre-texte")!)
        #expect(empty.amendments.isEmpty && empty.texts.isEmpty && empty.promotions.isEmpty && empty.rule == nil)
    }
}
