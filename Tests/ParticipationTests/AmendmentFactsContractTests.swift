import Foundation
import Legislation
import Participation
import StoreTestSupport
import Testing

/// A page of amendments' facts read in one go, over every store: the same as the one-amendment
/// queries give, for an amendment voted on two texts, a hidden one, a queued one with its review,
/// one whose author erased their account, and none for a number the bill has not.
@Suite struct AmendmentFactsContractTests {
    typealias Contract = StoreContractTests
    static let bill = Contract.bill
    static let now = Contract.now

    @Test(arguments: TestStores.kinds)
    func aPageOfFactsIsWhatTheOneAmendmentQueriesGive(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let staff = try await QueueContractTests.staff(store)
        try await store.setPromotionRule(
            try QueueContractTests.rule(#"{"minimumSupports": 2}"#), bill: Self.bill, by: staff, at: Self.now)
        var people: [(id: Account.ID, session: String)] = []
        for index in 1...4 { people.append(try await Contract.citizen(store, index)) }
        let revised = try await Contract.propose(store, 1, by: people[0].id)
        let hidden = try await Contract.propose(store, 2, by: people[1].id)
        let queued = try await Contract.propose(store, 3, by: people[2].id)
        let orphan = try await Contract.propose(store, 4, by: people[3].id)
        // Votes on a first text, then on its revision.
        _ = try await store.castVote(
            .against, bill: Self.bill, number: revised, session: people[1].session, at: Self.now)
        try await store.reviseAmendment(
            bill: Self.bill, number: revised, from: Contract.head, to: "b", revision: "r2", articles: ["9"],
            title: "Amendement 1", summary: "Exposé revu.", by: Pseudonym.random(), at: Self.now)
        _ = try await store.castVote(
            .abstain, bill: Self.bill, number: revised, session: people[2].session, at: Self.now)
        try await store.moderate(
            .amendment(hidden), bill: Self.bill, hidden: true, reason: "injurieux", by: staff, at: Self.now)
        for person in people.prefix(2) {
            _ = try await store.castVote(.for, bill: Self.bill, number: queued, session: person.session, at: Self.now)
        }
        try await store.recordOpinion(
            .favorable, comment: "Bienvenu.", bill: Self.bill, number: queued, by: staff, at: Self.now)
        try await store.erase(people[3].id, reservation: "erased-4", reservedUntil: Self.now, at: Self.now)

        let numbers = [revised, hidden, queued, orphan, Amendment.Number(99)!]
        let facts = try await store.amendmentFacts(bill: Self.bill, numbers: numbers)
        #expect(facts.count == 4 && facts[Amendment.Number(99)!] == nil)
        for number in numbers.dropLast() {
            let one = try #require(facts[number])
            let amendment = try #require(try await store.amendment(bill: Self.bill, number: number))
            #expect(one.authorHandle == (try await store.account(id: amendment.author))?.handle.value)
            #expect(one.tallies == (try await store.tallies(bill: Self.bill, number: number)))
            #expect(one.currentRevision == (try await store.currentRevision(bill: Self.bill, number: number)))
            #expect(one.hidden == (try await store.isHidden(.amendment(number), bill: Self.bill)))
            #expect(one.queueEntry == (try await store.queueEntry(bill: Self.bill, number: number)))
        }
        #expect(facts[revised]?.tallies.count == 2 && facts[revised]?.currentRevision == "r2")
        #expect(facts[hidden]?.hidden == true && facts[revised]?.hidden == false)
        #expect(facts[queued]?.queueEntry?.opinion == .favorable)
        #expect(facts[orphan]?.authorHandle == nil && facts[revised]?.authorHandle == "citoyen-1")
        #expect(try await store.amendmentFacts(bill: Self.bill, numbers: []).isEmpty)
    }
}
