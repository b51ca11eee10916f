import Foundation
import Legislation
import Participation
import StoreTestSupport
import Testing

/// The participation store's contract: every behaviour the engine relies on, run with the same
/// expectations over every store (SQLite always; PostgreSQL when a cluster is named, as `make
/// test` does — CI never runs without one).
@Suite struct StoreContractTests {
    static let bill = BillSlug("loi-test")!
    static let now = Date(timeIntervalSince1970: 1_443_225_600.123)
    static let head = String(repeating: "a", count: 40)

    /// An account with a live session; returns its id and the session's key.
    static func citizen(_ store: any ParticipationStore, _ index: Int, at: Date = now) async throws -> (
        id: Account.ID, session: String
    ) {
        let id = Account.ID(rawValue: "account-\(index)")
        _ = try await store.createAccount(
            id: id, handle: Handle("citoyen-\(index)")!, passwordHash: "hash-\(index)", role: .citizen, at: at,
            reservation: "reservation-\(index)", byItself: true)
        let session = "session-\(index)"
        try await store.createSession(tokenHash: session, for: id, at: at, expiresAt: at.addingTimeInterval(3600))
        return (id, session)
    }

    /// Records amendment `number` by `author` with the given revision and articles.
    static func propose(
        _ store: any ParticipationStore, _ number: Int, by author: Account.ID, revision: String = "r1",
        articles: [String] = ["9"], at: Date = now
    ) async throws -> Amendment.Number {
        let number = Amendment.Number(number)!
        try await store.recordAmendment(
            Amendment(
                number: number, title: "Amendement \(number)", summary: "Exposé.", state: .proposed, author: author,
                baseVersion: VersionNumber(2)!, head: head, createdAt: at, updatedAt: at,
                pseudonym: Pseudonym.random()),
            revision: revision, articles: articles, bill: bill)
        return number
    }

    static func code(_ body: () async throws -> Void) async -> ParticipationError.Code? {
        do {
            try await body()
            return nil
        } catch let error as ParticipationError {
            return error.code
        } catch {
            return ParticipationError.Code(rawValue: "other: \(error)")
        }
    }

    @Test(
        .disabled(
            if: TestStores.postgresURL == nil,
            "the PostgreSQL half of the store contract: no cluster named (make test starts one)"))
    func thePostgreSQLHalfRuns() {
        #expect(TestStores.kinds.contains(.postgres))
    }

    @Test func continuousIntegrationNeverSkipsPostgreSQL() {
        if ProcessInfo.processInfo.environment["CI"] != nil {
            #expect(TestStores.postgresURL != nil, "CI must run the PostgreSQL half: make test starts a cluster")
        }
    }

    @Test(arguments: TestStores.kinds)
    func accountsAndSessions(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let (id, session) = try await Self.citizen(store, 1)
        #expect(try await store.account(forSession: session, at: Self.now)?.id == id)
        #expect(try await store.account(forSession: session, at: Self.now.addingTimeInterval(7200)) == nil)
        #expect(try await store.credentials(for: Handle("citoyen-1")!)?.passwordHash == "hash-1")
        #expect(try await store.account(id: id)?.handle.value == "citoyen-1")
        // Taken, and looking like taken (skeleton), are both refused.
        let taken = await Self.code {
            _ = try await store.createAccount(
                id: Account.ID(rawValue: "other"), handle: Handle("CITOYEN-1")!, passwordHash: "x", role: .citizen,
                at: Self.now, reservation: "r-other", byItself: true)
        }
        #expect(taken == .duplicate)
        let alike = await Self.code {
            _ = try await store.createAccount(
                id: Account.ID(rawValue: "other"), handle: Handle("citoyen_1")!, passwordHash: "x", role: .citizen,
                at: Self.now, reservation: "r-other", byItself: true)
        }
        #expect(alike == .duplicate)
        #expect(try await store.setRole(.staff, of: Handle("citoyen-1")!, at: Self.now, actor: "system").role == .staff)
        try await store.replacePasswordHash(of: id, from: "hash-1", to: "hash-2")
        try await store.replacePasswordHash(of: id, from: "hash-1", to: "hash-3")
        #expect(try await store.credentials(for: Handle("citoyen-1")!)?.passwordHash == "hash-2")
        let secret = try await store.installationSecret(named: "key") { [1, 2, 3] }
        #expect(try await store.installationSecret(named: "key") { [9] } == secret)
        #expect(try await store.deleteSession(tokenHash: session, at: Self.now))
        #expect(try await !store.deleteSession(tokenHash: session, at: Self.now))
        #expect(try await store.account(forSession: session, at: Self.now) == nil)
        _ = try await Self.citizen(store, 2)
        #expect(try await store.purgeExpiredSessions(at: Self.now.addingTimeInterval(7200)) == 1)
        #expect(try await store.firstBrokenAuditRow() == nil)
    }

    @Test(arguments: TestStores.kinds)
    func aDispositifIsReadOnlyForTheHeadItWasWordedFor(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let (author, _) = try await Self.citizen(store, 1)
        func dispositif(_ text: String) -> Dispositif {
            Dispositif(parts: [
                Dispositif.Part(article: "9", heading: "ARTICLE 9", text: text, alineas: [2]),
                Dispositif.Part(article: "9 bis", heading: "APRÈS L'ARTICLE 9", text: "« Article 9 bis »", alineas: []),
            ])
        }
        let one = Amendment.Number(1)!
        try await store.recordAmendment(
            Amendment(
                number: one, title: "Un", summary: "", state: .proposed, author: author,
                baseVersion: VersionNumber(2)!, head: Self.head, createdAt: Self.now, updatedAt: Self.now,
                pseudonym: Pseudonym.random()),
            revision: "r1", articles: ["9"], dispositif: dispositif("À l'alinéa 2, substituer « et » à « ou »."),
            bill: Self.bill)
        let two = try await Self.propose(store, 2, by: author)
        var read = try await store.dispositifs(bill: Self.bill)
        #expect(read.count == 1)
        #expect(
            read[one]
                == StoredDispositif(
                    number: one, head: Self.head, dispositif: dispositif("À l'alinéa 2, substituer « et » à « ou ».")))
        // A revision stores its own; one without leaves the old one unread.
        try await store.reviseAmendment(
            bill: Self.bill, number: one, from: Self.head, to: "b", onto: nil, revision: "r2", articles: ["9"],
            dispositif: dispositif("Supprimer l'alinéa 2."), title: "Un", summary: "", by: Pseudonym.random(),
            at: Self.now)
        #expect(try await store.dispositifs(bill: Self.bill)[one]?.dispositif == dispositif("Supprimer l'alinéa 2."))
        try await store.reviseAmendment(
            bill: Self.bill, number: one, from: "b", to: "c", revision: "r3", articles: ["9"], title: "Un",
            summary: "", by: Pseudonym.random(), at: Self.now)
        #expect(try await store.dispositifs(bill: Self.bill).isEmpty)
        // Worded after the fact: stored only for the head the amendment still has.
        try await store.storeDispositifs(
            [
                StoredDispositif(number: one, head: "b", dispositif: dispositif("périmé")),
                StoredDispositif(number: two, head: Self.head, dispositif: dispositif("deux")),
            ], bill: Self.bill)
        read = try await store.dispositifs(bill: Self.bill)
        #expect(read.keys.sorted() == [two])
        try await store.storeDispositifs(
            [StoredDispositif(number: one, head: "c", dispositif: dispositif("trois"))], bill: Self.bill)
        read = try await store.dispositifs(bill: Self.bill)
        #expect(read[one]?.dispositif == dispositif("trois") && read[two]?.dispositif == dispositif("deux"))
        #expect(try await store.dispositifs(bill: BillSlug("autre-loi")!).isEmpty)
    }

    @Test(arguments: TestStores.kinds)
    func amendmentsAreRecordedListedAndRevised(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let (author, _) = try await Self.citizen(store, 1)
        for number in 1...5 {
            _ = try await Self.propose(
                store, number, by: author, articles: number.isMultiple(of: 2) ? ["9 bis", "9"] : ["12"],
                at: Self.now.addingTimeInterval(Double(number)))
        }
        let duplicate = await Self.code { _ = try await Self.propose(store, 3, by: author) }
        #expect(duplicate == .duplicate)
        let one = try #require(try await store.amendment(bill: Self.bill, number: Amendment.Number(1)!))
        #expect(one.title == "Amendement 1" && one.author == author && one.baseVersion.name == "v2")
        #expect(try await store.amendmentArticles(bill: Self.bill, number: Amendment.Number(2)!) == ["9 bis", "9"])
        // Pages in each order, filtered by article.
        let first = try await store.amendments(
            bill: Self.bill, state: nil, article: nil, order: .number, after: nil, limit: 2)
        #expect(first.total == 5 && first.page.map(\.amendment.number.value) == [1, 2])
        let next = try await store.amendments(
            bill: Self.bill, state: nil, article: nil, order: .number, after: AmendmentCursor(number: 2), limit: 2)
        #expect(next.page.map(\.amendment.number.value) == [3, 4])
        let newest = try await store.amendments(
            bill: Self.bill, state: nil, article: nil, order: .newest, after: nil, limit: 10)
        #expect(newest.page.map(\.amendment.number.value) == [5, 4, 3, 2, 1])
        let onNine = try await store.amendments(
            bill: Self.bill, state: .proposed, article: "9", order: .number, after: nil, limit: 10)
        #expect(onNine.total == 2 && onNine.page.map(\.articles) == [["9 bis", "9"], ["9 bis", "9"]])
        // A revision lands only on the head it was written against.
        let number = Amendment.Number(1)!
        try await store.reviseAmendment(
            bill: Self.bill, number: number, from: Self.head, to: "b", revision: "r2", articles: ["13"], title: "T2",
            summary: "S2", by: Pseudonym.random(), at: Self.now)
        let stale = await Self.code {
            try await store.reviseAmendment(
                bill: Self.bill, number: number, from: Self.head, to: "c", revision: "r3", articles: [], title: "T3",
                summary: "S3", by: Pseudonym.random(), at: Self.now)
        }
        #expect(stale == .conflict)
        #expect(try await store.amendment(bill: Self.bill, number: number)?.head == "b")
        #expect(try await store.currentRevision(bill: Self.bill, number: number) == "r2")
        try await store.applyAmendment(
            .withdraw, bill: Self.bill, number: number, by: Pseudonym.random(), at: Self.now)
        let withdrawn = try await store.amendments(
            bill: Self.bill, state: .withdrawn, article: nil, order: .number, after: nil, limit: 10)
        #expect(withdrawn.page.map(\.amendment.number.value) == [1])
        #expect(try await store.proposalTimes(by: author, since: Self.now).count == 5)
        let pseudonym = Pseudonym.random()
        try await store.registerPseudonym(pseudonym, for: author)
        #expect(try await store.account(pseudonym: pseudonym) == author)
    }

    @Test(arguments: TestStores.kinds)
    func votesMoveTalliesAndFollowTheText(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let (author, session) = try await Self.citizen(store, 1)
        let (_, other) = try await Self.citizen(store, 2)
        let number = try await Self.propose(store, 1, by: author)
        #expect(
            try await store.castVote(.for, bill: Self.bill, number: number, session: session, at: Self.now).for == 1)
        #expect(
            try await store.castVote(.for, bill: Self.bill, number: number, session: session, at: Self.now).for == 1)
        let changed = try await store.castVote(
            .against, bill: Self.bill, number: number, session: session, at: Self.now)
        #expect(changed == Tally(for: 0, against: 1, abstain: 0))
        #expect(try await store.participants(bill: Self.bill) == 1)
        _ = try await store.castVote(.abstain, bill: Self.bill, number: number, session: other, at: Self.now)
        #expect(try await store.vote(bill: Self.bill, number: number, by: author)?.value == .against)
        #expect(try await store.participants(bill: Self.bill) == 2)
        // A revision moves votes to the new text's tally; earlier votes stay on the earlier text.
        try await store.reviseAmendment(
            bill: Self.bill, number: number, from: Self.head, to: "b", revision: "r2", articles: ["9"], title: "T",
            summary: "S", by: Pseudonym.random(), at: Self.now)
        _ = try await store.castVote(.for, bill: Self.bill, number: number, session: session, at: Self.now)
        let tallies = try await store.tallies(bill: Self.bill, number: number)
        #expect(tallies["r1"] == Tally(for: 0, against: 0, abstain: 1))
        #expect(tallies["r2"] == Tally(for: 1, against: 0, abstain: 0))
        let listed = try await store.amendments(
            bill: Self.bill, state: nil, article: nil, order: .support, after: nil, limit: 10)
        #expect(listed.page.first?.supports == 1)
        #expect(try await store.withdrawVote(bill: Self.bill, number: number, session: session, at: Self.now))
        #expect(try await !store.withdrawVote(bill: Self.bill, number: number, session: session, at: Self.now))
        #expect(try await store.tallies(bill: Self.bill, number: number)["r2"] == Tally())
        // Refusals change nothing: no session, no amendment, a withdrawn one, a closed bill.
        let unknown = await Self.code {
            _ = try await store.castVote(.for, bill: Self.bill, number: number, session: "nobody", at: Self.now)
        }
        #expect(unknown == .unauthenticated)
        let missing = await Self.code {
            _ = try await store.castVote(
                .for, bill: Self.bill, number: Amendment.Number(99)!, session: session, at: Self.now)
        }
        #expect(missing == .notFound)
        try await store.setParticipation(ParticipationWindow(open: false), bill: Self.bill, by: author, at: Self.now)
        #expect(try await !store.participationWindow(bill: Self.bill).open)
        let closed = await Self.code {
            _ = try await store.castVote(.for, bill: Self.bill, number: number, session: session, at: Self.now)
        }
        #expect(closed == .conflict)
        try await store.setParticipation(ParticipationWindow(), bill: Self.bill, by: author, at: Self.now)
        try await store.applyAmendment(
            .withdraw, bill: Self.bill, number: number, by: Pseudonym.random(), at: Self.now)
        let withdrawn = await Self.code {
            _ = try await store.castVote(.for, bill: Self.bill, number: number, session: session, at: Self.now)
        }
        #expect(withdrawn == .conflict)
        #expect(try await store.tallies(bill: Self.bill, number: number)["r2"] == Tally())
        #expect(try await store.firstBrokenAuditRow() == nil)
    }

    /// 100 people each send the same vote 50 times at once: exactly 100 votes are counted.
    @Test(arguments: TestStores.kinds)
    func concurrentIdenticalVotesCountOnce(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        var sessions: [String] = []
        for index in 0..<100 { sessions.append(try await Self.citizen(store, index).session) }
        let number = try await Self.propose(store, 1, by: Account.ID(rawValue: "account-0"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, session) in sessions.enumerated() {
                for _ in 0..<50 {
                    group.addTask {
                        _ = try await store.castVote(
                            index % 4 == 0 ? .against : .for, bill: Self.bill, number: number, session: session,
                            at: Self.now)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(
            try await store.tallies(bill: Self.bill, number: number)["r1"] == Tally(for: 75, against: 25, abstain: 0))
        #expect(try await store.auditLog().filter { $0.action == "vote.cast" }.count == 100)
        #expect(try await store.firstBrokenAuditRow() == nil)
    }

    @Test(arguments: TestStores.kinds)
    func commentsThreadAndOnlyTheirAuthorChangesThem(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let (author, _) = try await Self.citizen(store, 1)
        let (other, _) = try await Self.citizen(store, 2)
        let number = try await Self.propose(store, 1, by: author)
        let target = CommentTarget.amendment(number)
        let first = try await store.addComment(
            bill: Self.bill, on: target, parent: nil, body: "« Très bien »", stance: .pro, by: author, at: Self.now)
        let reply = try await store.addComment(
            bill: Self.bill, on: target, parent: first.id, body: "Non.", stance: .con, by: other, at: Self.now)
        #expect(reply.parent == first.id)
        let elsewhere = await Self.code {
            _ = try await store.addComment(
                bill: Self.bill, on: .article(ArticleLabel("9")!), parent: first.id, body: "x", stance: .neutral,
                by: other, at: Self.now)
        }
        #expect(elsewhere == .notFound)
        let forbidden = await Self.code {
            try await store.changeComment(bill: Self.bill, id: first.id, body: "y", by: other, at: Self.now)
        }
        #expect(forbidden == .forbidden)
        try await store.changeComment(bill: Self.bill, id: first.id, body: "« Bien »", by: author, at: Self.now)
        try await store.changeComment(bill: Self.bill, id: reply.id, body: nil, by: other, at: Self.now)
        let thread = try await store.comments(bill: Self.bill, on: target, after: 0, limit: 10)
        #expect(thread.map(\.body) == ["« Bien »", ""])
        #expect(thread.map(\.deleted) == [false, true])
        #expect(try await store.comments(bill: Self.bill, on: target, after: first.id, limit: 10).count == 1)
        #expect(try await store.commentTimes(by: author, since: Self.now.addingTimeInterval(-1)).count == 1)
        try await store.setParticipation(ParticipationWindow(open: false), bill: Self.bill, by: author, at: Self.now)
        let closed = await Self.code {
            _ = try await store.addComment(
                bill: Self.bill, on: target, parent: nil, body: "z", stance: .neutral, by: author, at: Self.now)
        }
        #expect(closed == .conflict)
    }

    static func refusal(_ body: () async throws -> Void) async -> PolicyRefusal? {
        do {
            try await body()
            return nil
        } catch let error as ParticipationError {
            return error.refusal
        } catch {
            return nil
        }
    }

    @Test(arguments: TestStores.kinds)
    func aDatedWindowOpensAndClosesWithoutAnyoneFlippingASwitch(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let (author, session) = try await Self.citizen(store, 1)
        let number = try await Self.propose(store, 1, by: author)
        // Within the session's hour.
        let opens = Self.now.addingTimeInterval(600)
        let closes = Self.now.addingTimeInterval(1200)
        try await store.setParticipation(
            ParticipationWindow(opensAt: opens, closesAt: closes), bill: Self.bill, by: author, at: Self.now)
        let stored = try await store.participationWindow(bill: Self.bill)
        #expect(stored.open)
        #expect(abs(stored.opensAt?.timeIntervalSince(opens) ?? 1) < 0.001)
        #expect(abs(stored.closesAt?.timeIntervalSince(closes) ?? 1) < 0.001)
        func vote(at: Date) async throws {
            _ = try await store.castVote(.for, bill: Self.bill, number: number, session: session, at: at)
        }
        let early = await Self.refusal { try await vote(at: Self.now) }
        #expect(early?.key == "participation.upcoming")
        let comment = await Self.refusal {
            _ = try await store.addComment(
                bill: Self.bill, on: .amendment(number), parent: nil, body: "Tôt", stance: .pro, by: author,
                at: Self.now)
        }
        #expect(comment?.key == "participation.upcoming")
        try await vote(at: opens.addingTimeInterval(1))
        // (Stores keep dates to the millisecond: a second later is past the closing.)
        let late = await Self.refusal { try await vote(at: closes.addingTimeInterval(1)) }
        #expect(late?.key == "participation.ended")
        #expect(late?.message.contains("closed on") == true)
        let withdrawal = await Self.refusal {
            _ = try await store.withdrawVote(
                bill: Self.bill, number: number, session: session, at: closes.addingTimeInterval(1))
        }
        #expect(withdrawal?.key == "participation.ended")
        #expect(try await store.tallies(bill: Self.bill, number: number)["r1"] == Tally(for: 1))
    }

    @Test(arguments: TestStores.kinds)
    func theStateMachineRunsInTheStoresTransaction(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let (author, session) = try await Self.citizen(store, 1)
        let number = try await Self.propose(store, 1, by: author)
        // Every state the later features use is stored without a table rebuild.
        #expect(
            try await store.applyAmendment(
                .promote, bill: Self.bill, number: number, by: Pseudonym.random(), at: Self.now) == .promoted)
        #expect(
            try await store.castVote(.for, bill: Self.bill, number: number, session: session, at: Self.now).for == 1)
        #expect(
            try await store.applyAmendment(
                .conflict, bill: Self.bill, number: number, by: Pseudonym.random(), at: Self.now) == .conflicted)
        let onConflicted = await Self.refusal {
            _ = try await store.castVote(.against, bill: Self.bill, number: number, session: session, at: Self.now)
        }
        #expect(onConflicted?.key == "amendment.votesClosed")
        // A revision clears the conflict.
        try await store.reviseAmendment(
            bill: Self.bill, number: number, from: Self.head, to: "b", revision: "r2", articles: ["9"], title: "T",
            summary: "S", by: Pseudonym.random(), at: Self.now)
        #expect(try await store.amendment(bill: Self.bill, number: number)?.state == .proposed)
        #expect(
            try await store.applyAmendment(
                .reject, bill: Self.bill, number: number, by: Pseudonym.random(), at: Self.now) == .rejected)
        let again = await Self.refusal {
            try await store.applyAmendment(
                .withdraw, bill: Self.bill, number: number, by: Pseudonym.random(), at: Self.now)
        }
        #expect(again?.key == "amendment.transition")
        let revised = await Self.refusal {
            try await store.reviseAmendment(
                bill: Self.bill, number: number, from: "b", to: "c", revision: "r3", articles: ["9"], title: "T",
                summary: "S", by: Pseudonym.random(), at: Self.now)
        }
        #expect(revised?.key == "amendment.transition")
        #expect(try await store.amendment(bill: Self.bill, number: number)?.head == "b")
        #expect(try await store.firstBrokenAuditRow() == nil)
    }

    @Test(arguments: TestStores.kinds)
    func reportsHideAtTheThresholdAndStaffDecide(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let rule = ModerationRule(reportsToHide: 2, minimumReporterAge: 3600)
        let (author, _) = try await Self.citizen(store, 1)
        let old = Self.now.addingTimeInterval(-86_400)
        var reporters: [Account.ID] = []
        for index in 2...4 {
            let (id, _) = try await Self.citizen(store, index, at: old)
            reporters.append(id)
        }
        let (fresh, _) = try await Self.citizen(store, 5)
        let number = try await Self.propose(store, 1, by: author)
        for reporter in reporters + [fresh] {
            _ = try await store.addComment(
                bill: Self.bill, on: .amendment(number), parent: nil, body: "avis", stance: .neutral, by: reporter,
                at: Self.now)
        }
        let item = ModeratedItem.amendment(number)
        // The author's own report and a fresh account's do not count.
        #expect(try await !store.report(item, bill: Self.bill, reason: "moi", by: author, at: Self.now, rule: rule))
        #expect(try await !store.report(item, bill: Self.bill, reason: "neuf", by: fresh, at: Self.now, rule: rule))
        #expect(try await !store.report(item, bill: Self.bill, reason: "a", by: reporters[0], at: Self.now, rule: rule))
        let twice = await Self.code {
            _ = try await store.report(item, bill: Self.bill, reason: "b", by: reporters[0], at: Self.now, rule: rule)
        }
        #expect(twice == .duplicate)
        #expect(try await store.report(item, bill: Self.bill, reason: "c", by: reporters[1], at: Self.now, rule: rule))
        #expect(try await store.isHidden(item, bill: Self.bill))
        let reports = try await store.reports(bill: Self.bill, limit: 10)
        #expect(reports.count == 4 && reports.filter(\.counts).count == 2)
        // Staff restore it; their decision stands over later reports.
        try await store.moderate(item, bill: Self.bill, hidden: false, reason: "légitime", by: author, at: Self.now)
        #expect(try await !store.report(item, bill: Self.bill, reason: "d", by: reporters[2], at: Self.now, rule: rule))
        #expect(try await !store.isHidden(item, bill: Self.bill))
        try await store.setReportsToHide(5, bill: Self.bill, by: author, at: Self.now)
        // The promotion rule is kept as its JSON, changed and cleared with an audit row each time.
        #expect(try await store.promotionRule(bill: Self.bill) == nil)
        try await store.setPromotionRule(#"{"minimumSupports":100}"#, bill: Self.bill, by: author, at: Self.now)
        #expect(try await store.promotionRule(bill: Self.bill) == #"{"minimumSupports":100}"#)
        try await store.setPromotionRule(nil, bill: Self.bill, by: author, at: Self.now)
        #expect(try await store.promotionRule(bill: Self.bill) == nil)
        let ruleChanges = try await store.auditLog().filter { $0.action == "bill.promotion-rule" }
        #expect(ruleChanges.map(\.detail) == [#"{"minimumSupports":100}"#, "none"])
        #expect(try await store.firstBrokenAuditRow() == nil)
        let missing = await Self.code {
            try await store.moderate(
                .comment(999), bill: Self.bill, hidden: true, reason: "x", by: author, at: Self.now)
        }
        #expect(missing == .notFound)
    }

    @Test(arguments: TestStores.kinds)
    func personalDataAndErasure(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let (person, session) = try await Self.citizen(store, 1)
        let number = try await Self.propose(store, 1, by: person)
        _ = try await store.castVote(.for, bill: Self.bill, number: number, session: session, at: Self.now)
        _ = try await store.addComment(
            bill: Self.bill, on: .amendment(number), parent: nil, body: "mon avis", stance: .pro, by: person,
            at: Self.now)
        let data = try #require(try await store.personalData(of: person, at: Self.now))
        #expect(data.amendments.map(\.number) == [1] && data.votes.map(\.value) == ["for"])
        #expect(data.comments.map(\.body) == ["mon avis"] && data.openSessions == 1 && !data.auditEntries.isEmpty)
        try await store.erase(
            person, reservation: "reservation-1", reservedUntil: Self.now.addingTimeInterval(86_400), at: Self.now)
        #expect(try await store.personalData(of: person, at: Self.now) == nil)
        #expect(try await store.account(forSession: session, at: Self.now) == nil)
        #expect(try await store.erasedVotes(bill: Self.bill, number: number)["r1"] == Tally(for: 1))
        #expect(try await store.tallies(bill: Self.bill, number: number)["r1"] == Tally(for: 1))
        #expect(try await store.amendment(bill: Self.bill, number: number)?.author.rawValue == "")
        let reserved = await Self.code {
            _ = try await store.createAccount(
                id: Account.ID(rawValue: "again"), handle: Handle("citoyen-1")!, passwordHash: "x", role: .citizen,
                at: Self.now, reservation: "reservation-1", byItself: true)
        }
        #expect(reserved == .duplicate)
        for entry in try await store.auditLog() {
            #expect(!entry.actor.contains(person.rawValue) && !entry.target.contains(person.rawValue))
        }
        #expect(try await store.firstBrokenAuditRow() == nil)
    }

    @Test(arguments: TestStores.kinds)
    func theDoctorReadsAndRepairsRecords(_ kind: StoreKind) async throws {
        let test = try await TestStores.open(kind)
        defer { Task { await test.remove() } }
        let store = test.store
        let (author, _) = try await Self.citizen(store, 1)
        let number = try await Self.propose(store, 1, by: author, articles: [])
        #expect(try await store.billsWithAmendments() == [Self.bill.value])
        #expect(try await store.amendmentHeads(bill: Self.bill) == [number: Self.head])
        #expect(try await store.amendmentsWithoutArticles(bill: Self.bill) == [number])
        try await store.repairAmendmentArticles(
            bill: Self.bill, number: number, articles: ["9", "9 bis"], at: Self.now)
        #expect(try await store.amendmentsWithoutArticles(bill: Self.bill).isEmpty)
        try await store.repairAmendmentHead(
            bill: Self.bill, number: number, head: "f", base: nil, revision: "r9", articles: ["10"], at: Self.now)
        #expect(try await store.amendmentHeads(bill: Self.bill) == [number: "f"])
        #expect(try await store.amendmentArticles(bill: Self.bill, number: number) == ["10"])
        #expect(try await store.integrityProblems().isEmpty)
        let log = try await store.auditLog()
        #expect(log.filter { $0.actor == "doctor" }.count == 2)
        #expect(try await store.firstBrokenAuditRow() == nil)
    }
}
