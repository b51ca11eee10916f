import Foundation
import Legislation
import Participation
import StoreTestSupport
import Testing

/// The promotion rule run in the stores' transactions, and the rapporteur's queue: the same
/// expectations over every store.
@Suite struct QueueContractTests {
    typealias Contract = StoreContractTests
    static let bill = Contract.bill
    static let now = Contract.now

    static func staff(_ store: any ParticipationStore, _ index: Int = 900) async throws -> Account.ID {
        let id = Account.ID(rawValue: "staff-\(index)")
        _ = try await store.createAccount(
            id: id, handle: Handle("staff-\(index)")!, passwordHash: "hash", role: .staff, at: now,
            reservation: "staff-\(index)", byItself: false)
        return id
    }

    static func rule(_ json: String) throws -> String {
        _ = try JSONDecoder().decode(PromotionRule.self, from: Data(json.utf8))
        return json
    }

    @Test(arguments: TestStores.kinds)
    func theVoteThatCrossesTheLineQueuesTheTextOnce(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let staff = try await Self.staff(store)
        try await store.setPromotionRule(
            try Self.rule(#"{"minimumSupports": 3, "requireNetSupport": true}"#), bill: Self.bill, by: staff,
            at: Self.now)
        var sessions: [String] = []
        for index in 1...5 { sessions.append(try await Contract.citizen(store, index).session) }
        let number = try await Contract.propose(store, 1, by: Account.ID(rawValue: "account-1"))
        for session in sessions.prefix(2) {
            _ = try await store.castVote(.for, bill: Self.bill, number: number, session: session, at: Self.now)
        }
        _ = try await store.castVote(.against, bill: Self.bill, number: number, session: sessions[2], at: Self.now)
        #expect(try await store.queue(bill: Self.bill).isEmpty)
        // The third support crosses the line: 3 supports ≥ 3, 3 > 1 against.
        _ = try await store.castVote(.for, bill: Self.bill, number: number, session: sessions[3], at: Self.now)
        let queue = try await store.queue(bill: Self.bill)
        #expect(queue.count == 1)
        let entry = try #require(queue.first)
        #expect(entry.number == number && entry.revision == "r1")
        #expect(entry.tally == Tally(for: 3, against: 1, abstain: 0))
        #expect(entry.participants == 4)
        #expect(entry.rule.contains("minimumSupports"))
        let stamp = try JSONDecoder().decode(PromotionDecision.self, from: Data(entry.stamp.utf8))
        #expect(stamp.promoted && stamp.explanation == "3 supports ≥ 3 ✓ · 3 supports > 1 against ✓")
        #expect(try await store.amendment(bill: Self.bill, number: number)?.state == .promoted)
        // Later votes, and a later pass of the rule, add nothing.
        _ = try await store.castVote(.for, bill: Self.bill, number: number, session: sessions[4], at: Self.now)
        #expect(try await store.promote(bill: Self.bill, at: Self.now, closing: true).isEmpty)
        #expect(try await store.queue(bill: Self.bill).count == 1)
        #expect(try await store.auditLog().filter { $0.action == "amendment.promote" }.count == 1)
        #expect(try await store.firstBrokenAuditRow() == nil)
    }

    /// 200 people vote at once on an amendment whose line is 150 supports, 100 times over (one
    /// new amendment each time): exactly one queue entry each time.
    @Test(arguments: TestStores.kinds)
    func concurrentVotesAcrossTheLineQueueExactlyOnce(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let staff = try await Self.staff(store)
        try await store.setPromotionRule(
            try Self.rule(#"{"minimumSupports": 150}"#), bill: Self.bill, by: staff, at: Self.now)
        var sessions: [String] = []
        for index in 0..<200 { sessions.append(try await Contract.citizen(store, index).session) }
        for round in 1...100 {
            let number = try await Contract.propose(store, round, by: Account.ID(rawValue: "account-0"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for session in sessions {
                    group.addTask {
                        _ = try await store.castVote(
                            .for, bill: Self.bill, number: number, session: session, at: Self.now)
                    }
                }
                try await group.waitForAll()
            }
            let entry = try await store.queueEntry(bill: Self.bill, number: number)
            // Stamped with the tally of the transaction that crossed the line: SQLite counts a
            // batch vote by vote (150), PostgreSQL by set (the batch's tally, 150 or more).
            #expect((150...200).contains(entry?.tally.for ?? 0), "round \(round)")
            #expect(try await store.queue(bill: Self.bill).count == round, "round \(round)")
        }
        #expect(try await store.auditLog().filter { $0.action == "amendment.promote" }.count == 100)
    }

    @Test(arguments: TestStores.kinds)
    func aRuleChangeNeverDemotesAndAnAtCloseRuleWaitsForTheClose(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let staff = try await Self.staff(store)
        let (author, first) = try await Contract.citizen(store, 1)
        let (_, second) = try await Contract.citizen(store, 2)
        let one = try await Contract.propose(store, 1, by: author)
        let two = try await Contract.propose(store, 2, by: author, articles: ["10"])
        for session in [first, second] {
            _ = try await store.castVote(.for, bill: Self.bill, number: one, session: session, at: Self.now)
        }
        _ = try await store.castVote(.for, bill: Self.bill, number: two, session: first, at: Self.now)
        // Setting a continuous rule promotes what already meets it, on the next pass.
        try await store.setPromotionRule(
            try Self.rule(#"{"minimumSupports": 2}"#), bill: Self.bill, by: staff, at: Self.now)
        #expect(try await store.promote(bill: Self.bill, at: Self.now, closing: false) == [one])
        // A stricter rule leaves the queue as it is.
        try await store.setPromotionRule(
            try Self.rule(#"{"minimumSupports": 100}"#), bill: Self.bill, by: staff, at: Self.now)
        #expect(try await store.promote(bill: Self.bill, at: Self.now, closing: true).isEmpty)
        #expect(try await store.queue(bill: Self.bill).map(\.number) == [one])
        // An at-close rule: votes promote nothing; the close does.
        try await store.setPromotionRule(
            try Self.rule(#"{"minimumSupports": 2, "evaluation": "atClose"}"#), bill: Self.bill, by: staff,
            at: Self.now)
        _ = try await store.castVote(.for, bill: Self.bill, number: two, session: second, at: Self.now)
        #expect(try await store.queueEntry(bill: Self.bill, number: two) == nil)
        #expect(try await store.promote(bill: Self.bill, at: Self.now, closing: false).isEmpty)
        #expect(try await store.promote(bill: Self.bill, at: Self.now, closing: true) == [two])
        #expect(try await store.auditLog().filter { $0.action == "bill.promotion-rule" }.count == 3)
    }

    @Test(arguments: TestStores.kinds)
    func topPerArticleInTheVoteRanksAsTheRuleDoes(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let staff = try await Self.staff(store)
        var sessions: [String] = []
        for index in 1...4 { sessions.append(try await Contract.citizen(store, index).session) }
        let author = Account.ID(rawValue: "account-1")
        // Amendment 1 has 3 supports on article 9; amendment 2 reaches 2 on articles 9 and 10.
        let one = try await Contract.propose(store, 1, by: author)
        let two = try await Contract.propose(store, 2, by: author, articles: ["9", "10"])
        for session in sessions.prefix(3) {
            _ = try await store.castVote(.for, bill: Self.bill, number: one, session: session, at: Self.now)
        }
        try await store.setPromotionRule(
            try Self.rule(#"{"minimumSupports": 2, "topPerArticle": 1}"#), bill: Self.bill, by: staff, at: Self.now)
        for session in sessions.prefix(2) {
            _ = try await store.castVote(.for, bill: Self.bill, number: two, session: session, at: Self.now)
        }
        // Rank 2 on article 9: not promoted, though it meets the supports.
        #expect(try await store.queueEntry(bill: Self.bill, number: two) == nil)
        // The same inputs through the pure rule give the same decision.
        let inputs = try await store.promotionInputs(bill: Self.bill)
        let rule = try PromotionRule([.minimumSupports(2), .topPerArticle(1)])
        let decisions = rule.evaluate(inputs.candidates, participants: inputs.participants, now: 0)
        #expect(decisions[two]?.promoted == false)
        #expect(decisions[two]?.explanation == "2 supports ≥ 2 ✓ · rank 2 on article 9 > top 1 ✗")
        #expect(inputs.participants == 3)
        // The next support on 1 crosses nothing new for 1 (its line was met with no rule): the
        // first vote under the rule queues it.
        _ = try await store.castVote(.for, bill: Self.bill, number: one, session: sessions[3], at: Self.now)
        #expect(try await store.queueEntry(bill: Self.bill, number: one)?.tally.for == 4)
    }

    @Test(arguments: TestStores.kinds)
    func participantsAreCountedAsVotesComeAndGo(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let (author, first) = try await Contract.citizen(store, 1)
        let (_, second) = try await Contract.citizen(store, 2)
        let one = try await Contract.propose(store, 1, by: author)
        let two = try await Contract.propose(store, 2, by: author)
        for number in [one, two] {
            _ = try await store.castVote(.for, bill: Self.bill, number: number, session: first, at: Self.now)
        }
        _ = try await store.castVote(.against, bill: Self.bill, number: two, session: second, at: Self.now)
        _ = try await store.castVote(.for, bill: Self.bill, number: two, session: second, at: Self.now)
        #expect(try await store.participants(bill: Self.bill) == 2)
        _ = try await store.withdrawVote(bill: Self.bill, number: one, session: first, at: Self.now)
        #expect(try await store.participants(bill: Self.bill) == 2)
        _ = try await store.withdrawVote(bill: Self.bill, number: two, session: first, at: Self.now)
        #expect(try await store.participants(bill: Self.bill) == 1)
    }

    /// A decision freezes the text it was made on; an amendment withdrawn from the queue cannot be
    /// adopted.
    @Test(arguments: TestStores.kinds)
    func aDecisionFreezesTheTextAndOnlyAPromotedAmendmentIsAdopted(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let staff = try await Self.staff(store)
        let (author, session) = try await Contract.citizen(store, 1)
        try await store.setPromotionRule(
            try Self.rule(#"{"minimumSupports": 1}"#), bill: Self.bill, by: staff, at: Self.now)
        let adopted = try await Contract.propose(store, 1, by: author)
        let withdrawn = try await Contract.propose(store, 2, by: author)
        for number in [adopted, withdrawn] {
            _ = try await store.castVote(.for, bill: Self.bill, number: number, session: session, at: Self.now)
        }
        try await store.recordDecision(.adopted, bill: Self.bill, number: adopted, by: staff, at: Self.now)
        let revised = await Contract.refusal {
            try await store.reviseAmendment(
                bill: Self.bill, number: adopted, from: Contract.head, to: "b", revision: "r2", articles: ["9"],
                title: "T", summary: "S", by: Pseudonym.random(), at: Self.now)
        }
        #expect(revised?.key == "amendment.decided")
        let pulled = await Contract.refusal {
            try await store.applyAmendment(
                .withdraw, bill: Self.bill, number: adopted, by: Pseudonym.random(), at: Self.now)
        }
        #expect(pulled?.key == "amendment.decided")
        #expect(try await store.amendment(bill: Self.bill, number: adopted)?.head == Contract.head)
        // Withdrawn by its author while queued: it can no longer be adopted.
        try await store.applyAmendment(
            .withdraw, bill: Self.bill, number: withdrawn, by: Pseudonym.random(), at: Self.now)
        let late = await Contract.refusal {
            try await store.recordDecision(.adopted, bill: Self.bill, number: withdrawn, by: staff, at: Self.now)
        }
        #expect(late?.key == "amendment.transition")
        #expect(try await store.queueEntry(bill: Self.bill, number: withdrawn)?.decision == nil)
    }

    @Test(arguments: TestStores.kinds)
    func onlyTheBillsRapporteursAndStaffReview(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let staff = try await Self.staff(store)
        let (author, session) = try await Contract.citizen(store, 1)
        let (rapporteur, _) = try await Contract.citizen(store, 2)
        let (elsewhere, _) = try await Contract.citizen(store, 3)
        try await store.setRapporteurs([Handle("citoyen-2")!], bill: Self.bill, by: staff, at: Self.now)
        try await store.setRapporteurs(
            [Handle("citoyen-3")!], bill: BillSlug("autre-loi")!, by: staff, at: Self.now)
        #expect(try await store.rapporteurs(bill: Self.bill) == ["citoyen-2"])
        let unknown = await Contract.code {
            try await store.setRapporteurs([Handle("personne")!], bill: Self.bill, by: staff, at: Self.now)
        }
        #expect(unknown == .notFound)
        #expect(try await store.rapporteurs(bill: Self.bill) == ["citoyen-2"])
        try await store.setPromotionRule(
            try Self.rule(#"{"minimumSupports": 1}"#), bill: Self.bill, by: staff, at: Self.now)
        let queued = try await Contract.propose(store, 1, by: author)
        let open = try await Contract.propose(store, 2, by: author)
        _ = try await store.castVote(.for, bill: Self.bill, number: queued, session: session, at: Self.now)
        // Not queued: no opinion yet.
        let early = await Contract.refusal {
            try await store.recordOpinion(
                .favorable, comment: "", bill: Self.bill, number: open, by: rapporteur, at: Self.now)
        }
        #expect(early?.key == "queue.notQueued")
        for outsider in [author, elsewhere] {
            let refused = await Contract.refusal {
                try await store.recordOpinion(
                    .favorable, comment: "", bill: Self.bill, number: queued, by: outsider, at: Self.now)
            }
            #expect(refused?.key == "queue.forbidden")
            let decision = await Contract.refusal {
                try await store.recordDecision(.adopted, bill: Self.bill, number: queued, by: outsider, at: Self.now)
            }
            #expect(decision?.key == "queue.forbidden")
        }
        try await store.recordOpinion(
            .sagesse, comment: "À voir.", bill: Self.bill, number: queued, by: rapporteur, at: Self.now)
        try await store.recordOpinion(
            .defavorable, comment: "Satisfait par l'article 3.", bill: Self.bill, number: queued, by: staff,
            at: Self.now)
        try await store.recordDecision(.rejected, bill: Self.bill, number: queued, by: rapporteur, at: Self.now)
        let twice = await Contract.refusal {
            try await store.recordDecision(.adopted, bill: Self.bill, number: queued, by: staff, at: Self.now)
        }
        #expect(twice?.key == "queue.decided")
        let entry = try #require(try await store.queueEntry(bill: Self.bill, number: queued))
        #expect(entry.opinion == .defavorable && entry.opinionComment == "Satisfait par l'article 3.")
        #expect(entry.decision == .rejected)
        #expect(try await store.amendment(bill: Self.bill, number: queued)?.state == .rejected)
        let log = try await store.auditLog()
        #expect(log.filter { $0.action == "queue.opinion" }.count == 2)
        #expect(log.filter { $0.action == "queue.decision" }.count == 1)
        #expect(!log.contains { $0.actor == rapporteur.rawValue || $0.detail.contains("citoyen-2") })
        #expect(try await store.firstBrokenAuditRow() == nil)
    }
}
