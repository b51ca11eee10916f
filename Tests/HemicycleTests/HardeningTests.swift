import EngineTestSupport
import Foundation
import HummingbirdBcrypt
import Legislation
import TestSupport
import Testing

@testable import Hemicycle

/// The attacks of issue 17, each reproduced against the engine over real libgit2 and SQLite,
/// and each now refused with a clear error and nothing changed.
@Suite struct HardeningTests {
    let test: TestEngine
    var engine: Engine { test.engine }
    static let bill: BillSlug = "republique-numerique"

    init() async throws {
        test = try await TestEngine()
    }

    // MARK: 1. Sign-in floods

    @Test func wrongPasswordsBackOffPerHandleAndTheErrorSaysHowLong() async throws {
        // The back-off is a second: on a loaded machine, sign-ins hashed at test cost can take
        // longer than that between two steps; the test's clock stands still instead.
        test.clock.freeze()
        _ = try await test.person("marianne")
        for _ in 1...5 {
            let wrong = await #expect(throws: HemicycleError.self) {
                try await engine.signIn(handle: "marianne", password: "pas le bon mot", address: "192.0.2.1")
            }
            #expect(wrong?.code == .unauthenticated)
        }
        // The sixth failure starts the back-off: even the right password waits, from any address.
        _ = await #expect(throws: HemicycleError.self) {
            try await engine.signIn(handle: "marianne", password: "pas le bon mot", address: "192.0.2.1")
        }
        let throttled = await #expect(throws: HemicycleError.self) {
            try await engine.signIn(handle: "marianne", password: "un mot de passe", address: "198.51.100.7")
        }
        #expect(throttled?.code == .tooManyRequests)
        #expect(throttled?.retryAfter == 1)
        #expect(throttled?.message.contains("try again in 1 s") == true)
        test.clock.advance(by: 2)
        _ = try await engine.signIn(handle: "marianne", password: "un mot de passe", address: "198.51.100.7")
    }

    @Test func oneAddressTryingManyHandlesIsSlowedToo() async throws {
        for index in 1...20 {
            _ = await #expect(throws: HemicycleError.self) {
                try await engine.signIn(handle: "inconnu-\(index)", password: "au hasard!", address: "203.0.113.9")
            }
        }
        let next = await #expect(throws: HemicycleError.self) {
            try await engine.signIn(handle: "encore-un", password: "au hasard!", address: "203.0.113.9")
        }
        #expect(next?.code == .unauthenticated)
        let throttled = await #expect(throws: HemicycleError.self) {
            try await engine.signIn(handle: "et-un-autre", password: "au hasard!", address: "203.0.113.9")
        }
        #expect(throttled?.code == .tooManyRequests)
    }

    @Test func signUpsPerAddressAreCounted() async throws {
        var limits = Limits()
        limits.signUpsPerAddress = Quota(limit: 2, window: 3600)
        let test = try await TestEngine(seeded: false, limits: limits)
        _ = try await test.engine.signUp(handle: "robot-1", password: "un mot de passe", address: "192.0.2.50")
        _ = try await test.engine.signUp(handle: "robot-2", password: "un mot de passe", address: "192.0.2.50")
        let third = await #expect(throws: HemicycleError.self) {
            try await test.engine.signUp(handle: "robot-3", password: "un mot de passe", address: "192.0.2.50")
        }
        #expect(third?.code == .tooManyRequests)
        #expect((third?.retryAfter ?? 0) > 3000)
        // Another address is not held back, and nothing was made for the refused one.
        _ = try await test.engine.signUp(handle: "robot-3", password: "un mot de passe", address: "192.0.2.51")
    }

    @Test func aFullHashingQueueRefusesAtOnce() async throws {
        let pool = WorkerPool(name: "test", threads: 1, queueLimit: 1)
        let gate = DispatchSemaphore(value: 0)
        let started = Started()
        let running = Task {
            try await pool.run {
                started.signal()
                gate.wait()
                return 1
            }
        }
        await started.wait()
        let waiting = Task { try await pool.run { 2 } }
        while pool.load < 2 { try await Task.sleep(for: .milliseconds(1)) }
        await #expect(throws: WorkerPool.Full.self) { try await pool.run { 3 } }
        gate.signal()
        #expect(try await running.value == 1)
        #expect(try await waiting.value == 2)
        #expect(try await pool.run { 4 } == 4)
    }

    // MARK: 2. Expensive public reads

    @Test func hugeAmendmentsAreRefusedSayingWhichLimit() async throws {
        let author = try await test.person("inondeur")
        func propose(_ text: String) async -> HemicycleError? {
            await #expect(throws: HemicycleError.self) {
                try await engine.proposeAmendment(
                    to: Self.bill,
                    AmendmentInput(
                        baseVersion: "v2", title: "Inondation", summary: "",
                        changes: [ChangeInput(kind: "modify", article: "9", text: text)]), by: author)
            }
        }
        // 200,000 alinéas of three letters: 600 KB, under the 1 MiB article limit.
        let alineas = await propose(Array(repeating: "abc", count: 200_000).joined(separator: "\n\n"))
        #expect(alineas?.code == .limitExceeded)
        #expect(alineas?.message.contains("at most 1000 alinéas") == true)
        let words = await propose(String(repeating: "mot ", count: 3001))
        #expect(words?.code == .limitExceeded)
        #expect(words?.message.contains("more than 3000 words") == true)
        let changes = (1...51).map { ChangeInput(kind: "insert", after: "9", label: "9 \($0)", text: "Texte.") }
        let many = await #expect(throws: HemicycleError.self) {
            try await engine.proposeAmendment(
                to: Self.bill, AmendmentInput(baseVersion: "v2", title: "Trop", summary: "", changes: changes),
                by: author)
        }
        #expect(many?.code == .limitExceeded)
        #expect(try await engine.amendments(of: Self.bill).total == 0)
    }

    @Test func theLargestAllowedAmendmentIsDiffedOnceAndThenServedFromTheCache() async throws {
        let author = try await test.person("prolixe")
        let alinea = Array(repeating: "la loi", count: 1400).joined(separator: " ")
        let text = Array(repeating: alinea, count: 100).joined(separator: "\n\n")
        let proposed = try await engine.proposeAmendment(
            to: Self.bill,
            AmendmentInput(
                baseVersion: "v2", title: "Long", summary: "",
                changes: [ChangeInput(kind: "modify", article: "9", text: text)]), by: author)
        let cached = engine.diffCache.bytes
        #expect(cached > 0)
        let first = try await engine.amendment(proposed.number, of: Self.bill)
        let second = try await engine.amendment(proposed.number, of: Self.bill)
        #expect(first == second)
        #expect(engine.diffCache.bytes == cached)
        // A tag that changes with a vote, and not otherwise.
        let tag = try await engine.amendmentTag(proposed.number, of: Self.bill)
        #expect(try await engine.amendmentTag(proposed.number, of: Self.bill) == tag)
        _ = try await engine.vote("for", on: proposed.number, of: Self.bill, token: author.token)
        #expect(try await engine.amendmentTag(proposed.number, of: Self.bill) != tag)
    }

    @Test func diffsPastTheQueueAreRefusedWithAWait() async throws {
        var limits = Limits()
        limits.expensiveThreads = 1
        limits.expensiveQueue = 0
        let test = try await TestEngine(limits: limits)
        let gate = DispatchSemaphore(value: 0)
        let started = Started()
        let hold = Task {
            try await test.engine.expensive.run {
                started.signal()
                gate.wait()
            }
        }
        await started.wait()
        let busy = await #expect(throws: HemicycleError.self) {
            try await test.engine.compare(Self.bill, from: "v1", to: "v2")
        }
        #expect(busy?.code == .unavailable)
        #expect(busy?.retryAfter == 2)
        gate.signal()
        try await hold.value
        #expect(try await test.engine.compare(Self.bill, from: "v1", to: "v2").articles.count > 0)
    }

    // MARK: 3. Censorship by fresh accounts

    @Test func freshAccountsCannotHideAnything() async throws {
        let author = try await test.person("autrice")
        let staff = try await test.person("greffe", .staff)
        let amendment = try await engine.proposeAmendment(to: Self.bill, AmendmentTests.coronado, by: author)
        let report = ReportInput(
            bill: Self.bill.value, kind: "amendment", target: "\(amendment.number)", reason: "spam")
        // Three accounts made a moment ago, which have done nothing else.
        for index in 1...3 {
            let sock = try await test.person("faux-\(index)")
            #expect(try await engine.report(report, by: sock).hidden == false)
        }
        // The author reporting their own item does not count either.
        #expect(try await engine.report(report, by: author).hidden == false)
        #expect(try await engine.amendment(amendment.number, of: Self.bill).hidden == false)
        let seen = try await engine.reports(on: Self.bill, by: staff)
        #expect(seen.items.count == 4)
        #expect(seen.items.allSatisfy { !$0.counts })
        #expect(Set(seen.items.compactMap(\.whyNotCounted)).count == 2)
        let notStaff = await #expect(throws: HemicycleError.self) {
            try await engine.reports(on: Self.bill, by: author)
        }
        #expect(notStaff?.code == .forbidden)
    }

    @Test func aBillSetsItsThresholdAndAHiddenAmendmentTakesNoVotes() async throws {
        let author = try await test.person("autrice")
        let staff = try await test.person("greffe", .staff)
        let voter = try await test.person("votante")
        let amendment = try await engine.proposeAmendment(to: Self.bill, AmendmentTests.coronado, by: author)
        let readers = [try await test.person("lecteur-1"), try await test.person("lecteur-2")]
        for reader in readers {
            _ = try await engine.addComment(to: Self.bill, article: "1er", CommentInput(body: "Avis."), by: reader)
        }
        test.clock.advance(by: 25 * 3600)
        try await engine.setReportsToHide(2, on: Self.bill, by: staff)
        let report = ReportInput(
            bill: Self.bill.value, kind: "amendment", target: "\(amendment.number)", reason: "hors sujet")
        #expect(try await engine.report(report, by: readers[0]).hidden == false)
        #expect(try await engine.report(report, by: readers[1]).hidden == true)
        let refused = await #expect(throws: HemicycleError.self) {
            try await engine.vote("for", on: amendment.number, of: Self.bill, token: voter.token)
        }
        #expect(refused?.code == .conflict)
        #expect(refused?.message.contains("hidden pending review") == true)
        #expect(try await engine.amendment(amendment.number, of: Self.bill).tally == Tally())
        try await engine.moderate(
            .amendment(amendment.number), on: Self.bill, hidden: false, reason: "Sur le sujet.",
            by: staff)
        #expect(try await engine.vote("for", on: amendment.number, of: Self.bill, token: voter.token).tally.for == 1)
        let bad = await #expect(throws: HemicycleError.self) {
            try await engine.setReportsToHide(0, on: Self.bill, by: staff)
        }
        #expect(bad?.code == .invalidInput)
    }

    // MARK: 4. Passwords

    @Test(arguments: [
        ("\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}", "control characters"),
        ("un mot\u{0}de passe", "control characters"),
        ("court", "at least 10 characters"),
        ("aaaaaaaaaaaa", "one character repeated"),
        ("xmariannex!", "contain the handle"),
    ])
    func weakOrMalformedPasswordsAreRefused(_ password: String, _ says: String) async throws {
        let error = await #expect(throws: HemicycleError.self) {
            try await engine.signUp(handle: "marianne", password: password)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains(says) == true)
        let signIn = await #expect(throws: HemicycleError.self) {
            try await engine.signIn(handle: "marianne", password: "")
        }
        #expect(signIn?.code == .unauthenticated)
    }

    @Test func everyByteOfALongPasswordCounts() async throws {
        let password = String(repeating: "0123456789", count: 10)
        _ = try await engine.signUp(handle: "longue", password: password)
        let prefix = await #expect(throws: HemicycleError.self) {
            try await engine.signIn(handle: "longue", password: String(password.prefix(72)) + "xxxxxxxxxx")
        }
        #expect(prefix?.code == .unauthenticated)
        _ = try await engine.signIn(handle: "longue", password: password)
    }

    @Test func theDecoyHashHasTheShapeOfARealOneAtTheSameCost() {
        for cost: UInt8 in [4, 12] {
            let decoy = PasswordHashing.decoy(cost: cost)
            let real = PasswordHashing.hash("un mot de passe", cost: 4).replacingOccurrences(
                of: "$04$", with: cost < 10 ? "$0\(cost)$" : "$\(cost)$")
            #expect(decoy.count == real.count)
            #expect(decoy.prefix(PasswordHashing.prefix.count + 7) == real.prefix(PasswordHashing.prefix.count + 7))
            let alphabet = Set("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            #expect(decoy.dropFirst(PasswordHashing.prefix.count + 7).allSatisfy(alphabet.contains))
            #expect(PasswordHashing.decoy(cost: cost) != decoy)
        }
        #expect(!PasswordHashing.verify("", stored: PasswordHashing.decoy(cost: 4)).matches)
    }

    @Test func anOldHashStillSignsInAndIsReplaced() async throws {
        let account = try await engine.createAccount(handle: "ancienne", password: "un mot de passe", role: .citizen)
        let id = Account.ID(rawValue: account.id)
        let current = try #require(try await engine.participation.credentials(for: Handle("ancienne")!)?.passwordHash)
        let legacy = Bcrypt.hash("un mot de passe", cost: 4)
        try await engine.participation.replacePasswordHash(of: id, from: current, to: legacy)
        _ = try await engine.signIn(handle: "ancienne", password: "un mot de passe")
        let upgraded = try #require(try await engine.participation.credentials(for: Handle("ancienne")!)?.passwordHash)
        #expect(upgraded.hasPrefix(PasswordHashing.prefix))
        _ = try await engine.signIn(handle: "ancienne", password: "un mot de passe")
    }

    // MARK: 5. Unicode lengths

    @Test func combiningMarkFloodsAreRefusedNotCrashing() async throws {
        let person = try await test.person("zalgo")
        let amendment = try await engine.proposeAmendment(to: Self.bill, AmendmentTests.coronado, by: person)
        let flood = "e" + String(repeating: "\u{301}", count: 100_000)
        let comment = await #expect(throws: HemicycleError.self) {
            try await engine.addComment(
                to: Self.bill, amendment: amendment.number, CommentInput(body: flood), by: person)
        }
        #expect(comment?.code == .limitExceeded)
        let stacked = await #expect(throws: HemicycleError.self) {
            try await engine.addComment(
                to: Self.bill, amendment: amendment.number,
                CommentInput(body: "e" + String(repeating: "\u{301}", count: 40)), by: person)
        }
        #expect(stacked?.code == .invalidInput)
        #expect(stacked?.message.contains("combining marks") == true)
        // A title of 200 "characters" that weighs 2 MB.
        let title = String(repeating: "a" + String(repeating: "\u{300}", count: 10_000), count: 200)
        let heavy = await #expect(throws: HemicycleError.self) {
            try await engine.proposeAmendment(
                to: Self.bill,
                AmendmentInput(baseVersion: "v2", title: title, summary: "", changes: AmendmentTests.coronado.changes),
                by: person)
        }
        #expect(heavy?.code == .limitExceeded)
        // French accents and typography are well within bounds.
        _ = try await engine.addComment(
            to: Self.bill, amendment: amendment.number,
            CommentInput(body: "L’alinéa\u{00A0}2 « précise » l’article\u{202F}; très bien."), by: person)
    }

    // MARK: 6. Look-alikes

    @Test(arguments: [
        ("rnarianne", "looks too much like"), ("marianne", "already taken"), ("MARIANNE", "already taken"),
        ("ｍａｒｉａｎｎｅ", "already taken"), ("jean_dupont", "looks too much like"), ("jean-dup0nt", "looks too much like"),
    ])
    func handlesThatLookLikeATakenOneAreRefused(_ handle: String, _ says: String) async throws {
        _ = try await test.person("marianne")
        _ = try await test.person("jean.dupont")
        let error = await #expect(throws: HemicycleError.self) {
            try await engine.signUp(handle: handle, password: "un mot de passe")
        }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains(says) == true)
        // A handle that differs by more than looks is free.
        _ = try await engine.signUp(handle: "marianne-2", password: "un mot de passe")
    }

    @Test(arguments: [
        "admin", "ADMIN", "ａｄｍｉｎ", "staff", "hemicycle-officiel", "deleted-account", "erased-12ab", "r00t",
    ])
    func reservedHandlesAreRefused(_ handle: String) async throws {
        let error = await #expect(throws: HemicycleError.self) {
            try await engine.signUp(handle: handle, password: "un mot de passe")
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("reserved") == true)
    }

    @Test(arguments: ["m\u{0430}rianne", "mari\u{202E}anne", "marianne\u{2066}"])
    func handlesWithForeignLettersOrBidiControlsAreRefused(_ handle: String) async throws {
        let error = await #expect(throws: HemicycleError.self) {
            try await engine.signUp(handle: handle, password: "un mot de passe")
        }
        #expect(error?.code == .invalidInput)
    }

    @Test func bidiControlsAreRefusedInTitlesAndKeptBalancedInTexts() async throws {
        let person = try await test.person("bidi")
        var input = AmendmentTests.coronado
        input.title = "Données \u{202E}ecnerefér ed"
        let title = await #expect(throws: HemicycleError.self) {
            try await engine.proposeAmendment(to: Self.bill, input, by: person)
        }
        #expect(title?.code == .invalidInput)
        let amendment = try await engine.proposeAmendment(to: Self.bill, AmendmentTests.coronado, by: person)
        let override = await #expect(throws: HemicycleError.self) {
            try await engine.addComment(
                to: Self.bill, amendment: amendment.number, CommentInput(body: "Lire \u{202E}ceci"), by: person)
        }
        #expect(override?.code == .invalidInput)
        let open = await #expect(throws: HemicycleError.self) {
            try await engine.addComment(
                to: Self.bill, amendment: amendment.number, CommentInput(body: "Nom \u{2067}שלום"), by: person)
        }
        #expect(open?.code == .invalidInput)
        let balanced = try await engine.addComment(
            to: Self.bill, amendment: amendment.number, CommentInput(body: "Nom \u{2067}שלום\u{2069} cité."),
            by: person)
        #expect(balanced.body.contains("\u{2069}"))
    }

    /// `1ER` is read as `1er` (labels as people type them), so it is the existing article.
    @Test(arguments: [("1ER", "already has an article 1er"), ("9 b\u{0456}s", "article label")])
    func insertedLabelsThatLookLikeAnotherAreRefused(_ label: String, _ says: String) async throws {
        let person = try await test.person("sosie")
        let error = await #expect(throws: HemicycleError.self) {
            try await engine.proposeAmendment(
                to: Self.bill,
                AmendmentInput(
                    baseVersion: "v2", title: "Sosie", summary: "",
                    changes: [ChangeInput(kind: "insert", after: "9", label: label, text: "Texte.")]), by: person)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains(says) == true)
    }

    @Test(arguments: [("2 BIS", "article 2 bis is listed twice"), ("2 b\u{0456}s", "not an article label")])
    func billsWithLookAlikeLabelsAreRefused(_ second: String, _ says: String) async throws {
        let folder = test.directory.appending("sosies")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("articles"), withIntermediateDirectories: true)
        try "title: Sosies\n\n- 2 bis: article-a.md\n- \(second): article-b.md\n".write(
            to: folder.appendingPathComponent("bill.md"), atomically: true, encoding: .utf8)
        try "Article 2 bis\n\nUn.\n".write(
            to: folder.appendingPathComponent("articles/article-a.md"), atomically: true, encoding: .utf8)
        try "Article \(second)\n\nDeux.\n".write(
            to: folder.appendingPathComponent("articles/article-b.md"), atomically: true, encoding: .utf8)
        let error = await #expect(throws: HemicycleError.self) { try await engine.importBill(from: folder) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains(says) == true)
        #expect(try await engine.listBills().items.map(\.slug) == [Self.bill.value])
    }

    // MARK: 7. Quotas and housekeeping

    @Test func proposalsAndCommentsHaveAnHourlyQuota() async throws {
        var limits = Limits()
        limits.proposalsPerAccount = Quota(limit: 2, window: 3600)
        limits.commentsPerAccount = Quota(limit: 2, window: 3600)
        limits.revisionsPerAccount = Quota(limit: 1, window: 3600)
        let test = try await TestEngine(limits: limits)
        let person = try await test.person("prolifique")
        var numbers: [Amendment.Number] = []
        for _ in 1...2 {
            numbers.append(
                try await test.engine.proposeAmendment(to: Self.bill, AmendmentTests.coronado, by: person).number)
        }
        let third = await #expect(throws: HemicycleError.self) {
            try await test.engine.proposeAmendment(to: Self.bill, AmendmentTests.coronado, by: person)
        }
        #expect(third?.code == .tooManyRequests)
        #expect(third?.message.contains("try again in") == true)
        #expect(try await test.engine.amendments(of: Self.bill).total == 2)
        for _ in 1...2 {
            _ = try await test.engine.addComment(
                to: Self.bill, amendment: numbers[0], CommentInput(body: "Oui."), by: person)
        }
        let comment = await #expect(throws: HemicycleError.self) {
            try await test.engine.addComment(
                to: Self.bill, amendment: numbers[0], CommentInput(body: "Oui."), by: person)
        }
        #expect(comment?.code == .tooManyRequests)
        var revised = AmendmentTests.coronado
        revised.changes = [ChangeInput(kind: "delete", article: "12")]
        _ = try await test.engine.reviseAmendment(numbers[0], of: Self.bill, revised, by: person)
        revised.changes = [ChangeInput(kind: "delete", article: "13")]
        let revision = await #expect(throws: HemicycleError.self) {
            try await test.engine.reviseAmendment(numbers[0], of: Self.bill, revised, by: person)
        }
        #expect(revision?.code == .tooManyRequests)
        test.clock.advance(by: 3601)
        _ = try await test.engine.proposeAmendment(to: Self.bill, AmendmentTests.coronado, by: person)
        _ = try await test.engine.reviseAmendment(numbers[0], of: Self.bill, revised, by: person)
    }

    @Test func housekeepingPacksLooseObjectsAndRefs() async throws {
        let person = try await test.person("empileuse")
        for _ in 1...8 {
            _ = try await engine.proposeAmendment(to: Self.bill, AmendmentTests.coronado, by: person)
        }
        let path = test.directory.appending("data/bills/\(Self.bill).git").path
        #expect(Housekeeping.looseObjects(in: path) > 8)
        engine.housekeeping.pack(path)
        #expect(Housekeeping.looseObjects(in: path) == 0)
        #expect(!FileManager.default.fileExists(atPath: path + "/refs/heads/amendments/1"))
        // Everything still reads, and the next proposal lands after the packed ones.
        #expect(try await engine.amendment(8, of: Self.bill).articles == ["9"])
        #expect(try await engine.proposeAmendment(to: Self.bill, AmendmentTests.coronado, by: person).number == 9)
        #expect(try await engine.doctor(repair: false).findings.isEmpty)
    }

    // MARK: 9. Housekeeping of sessions

    @Test func expiredSessionsArePurged() async throws {
        let person = try await test.person("passagere")
        test.clock.advance(by: 31 * 24 * 3600)
        #expect(try await engine.participation.purgeExpiredSessions(at: test.clock.now) == 1)
        let gone = await #expect(throws: HemicycleError.self) { try await engine.authenticate(person.token) }
        #expect(gone?.code == .unauthenticated)
    }
}

/// A signal a worker thread gives and a test awaits without holding a thread of the cooperative
/// pool: on two cores, a test blocked on a semaphore there can starve the very task that would
/// signal it (this hung CI once).
struct Started: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() { (stream, continuation) = AsyncStream.makeStream() }

    func signal() { continuation.yield() }

    func wait() async {
        for await _ in stream { return }
    }
}
