import Foundation
import Legislation
import Participation
import StoreTestSupport
import Testing

/// What a page of comments reads in one call each, over every store: the authors' accounts and
/// the bill's hidden comments.
@Suite struct CommentReadsContractTests {
    @Test(arguments: TestStores.kinds)
    func authorsAndHiddenCommentsAreReadInOneCallEach(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let bill = StoreContractTests.bill
        let now = StoreContractTests.now
        let (author, _) = try await StoreContractTests.citizen(store, 1)
        let (staff, _) = try await StoreContractTests.citizen(store, 2)
        let number = try await StoreContractTests.propose(store, 1, by: author)
        var comments: [Int64] = []
        for body in ["premier", "second", "troisième"] {
            let comment = try await store.addComment(
                bill: bill, on: .amendment(number), parent: nil, body: body, stance: .neutral, by: author, at: now)
            comments.append(comment.id)
        }
        #expect(try await store.hiddenComments(bill: bill, among: comments).isEmpty)
        try await store.moderate(
            .comment(comments[1]), bill: bill, hidden: true, reason: "injurieux", by: staff, at: now)
        try await store.moderate(.amendment(number), bill: bill, hidden: true, reason: "doublon", by: staff, at: now)
        // Only comments, and only those hidden now.
        #expect(try await store.hiddenComments(bill: bill, among: comments) == [comments[1]])
        #expect(try await store.hiddenComments(bill: bill, among: [comments[0], comments[2]]).isEmpty)
        #expect(try await store.hiddenComments(bill: bill, among: []).isEmpty)
        try await store.moderate(
            .comment(comments[1]), bill: bill, hidden: false, reason: "rétabli", by: staff, at: now)
        #expect(try await store.hiddenComments(bill: bill, among: comments).isEmpty)
        let missing = Account.ID(rawValue: "account-absent")
        let accounts = try await store.accounts(ids: [author, staff, missing, author])
        #expect(Set(accounts.keys) == [author, staff])
        #expect(accounts[author]?.handle.value == "citoyen-1")
        #expect(accounts[staff] == (try await store.account(id: staff)))
        #expect(try await store.accounts(ids: []).isEmpty)
    }
}
