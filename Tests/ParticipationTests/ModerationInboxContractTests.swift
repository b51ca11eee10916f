import Foundation
import Legislation
import Participation
import StoreTestSupport
import Testing

/// The moderation inbox, over every store: reported items of every bill with their reasons, the
/// ones awaiting staff first, and an item leaving the pending list once staff decide on it and
/// coming back when reported again.
@Suite struct ModerationInboxContractTests {
    static let bill = StoreContractTests.bill
    static let now = StoreContractTests.now

    @Test(arguments: TestStores.kinds)
    func reportedItemsWaitForStaffUntilTheyDecide(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let rule = ModerationRule(reportsToHide: 2, minimumReporterAge: 0)
        let (author, _) = try await StoreContractTests.citizen(store, 1)
        var reporters: [Account.ID] = []
        for index in 2...4 { reporters.append(try await StoreContractTests.citizen(store, index).id) }
        let number = try await StoreContractTests.propose(store, 1, by: author)
        let comment = try await store.addComment(
            bill: Self.bill, on: .article(ArticleLabel("9")!), parent: nil, body: "Un commentaire « hors sujet ».",
            stance: .con,
            by: author, at: Self.now)
        // Reports count from people who took part.
        for reporter in reporters {
            _ = try await store.addComment(
                bill: Self.bill, on: .amendment(number), parent: nil, body: "avis", stance: .neutral, by: reporter,
                at: Self.now)
        }
        #expect(try await store.moderationInbox(pendingOnly: true, limit: 10).isEmpty)
        let at = { (seconds: Double) in Self.now.addingTimeInterval(seconds) }
        _ = try await store.report(
            .amendment(number), bill: Self.bill, reason: "injurieux", by: reporters[0], at: at(1), rule: rule)
        _ = try await store.report(
            .comment(comment.id), bill: Self.bill, reason: "hors sujet", by: reporters[0], at: at(2), rule: rule)
        // The second report hides the comment; a hiding by reports still awaits staff.
        #expect(
            try await store.report(
                .comment(comment.id), bill: Self.bill, reason: "", by: reporters[1], at: at(3), rule: rule))
        var pending = try await store.moderationInbox(pendingOnly: true, limit: 10)
        #expect(pending.map(\.kind) == ["comment", "amendment"])
        let reported = try #require(pending.first)
        #expect(reported.reports == 2 && reported.reasons == ["hors sujet"] && reported.hidden)
        #expect(reported.decidedBy == "system" && reported.pending)
        #expect(reported.excerpt == "Un commentaire « hors sujet »." && reported.place?.kind == "article")
        #expect(reported.place?.target == "9")
        #expect(pending.last?.excerpt == "Amendement 1" && pending.last?.hidden == false)
        // Staff restore the comment: it leaves the pending list, not the full one.
        try await store.moderate(
            .comment(comment.id), bill: Self.bill, hidden: false, reason: "critique légitime", by: author, at: at(4))
        pending = try await store.moderationInbox(pendingOnly: true, limit: 10)
        #expect(pending.map(\.kind) == ["amendment"])
        let all = try await store.moderationInbox(pendingOnly: false, limit: 10)
        #expect(all.count == 2)
        let decided = try #require(all.first { $0.kind == "comment" })
        #expect(!decided.pending && !decided.hidden && decided.decisionReason == "critique légitime")
        // Reported again after the decision: pending again.
        _ = try await store.report(
            .comment(comment.id), bill: Self.bill, reason: "encore", by: reporters[2], at: at(5), rule: rule)
        pending = try await store.moderationInbox(pendingOnly: true, limit: 10)
        #expect(pending.map(\.kind) == ["comment", "amendment"])
        #expect(pending.first?.reasons == ["encore", "hors sujet"])
        #expect(try await store.moderationInbox(pendingOnly: false, limit: 1).count == 1)
    }
}
