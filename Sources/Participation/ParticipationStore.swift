import Foundation
import Legislation

/// Where participation is kept: accounts, sessions, amendment records, votes and tallies,
/// comments, reports and moderation, and the chained audit log. Two implementations pass the same
/// contract: SQLite (`ParticipationSQLite`, the embedded default) and, for several nodes, PostgreSQL.
/// Each write is one transaction with its audit row; invariants (one vote per person and amendment,
/// tallies kept with the vote, an append-only log) are the store's constraints, not the caller's checks.
public protocol ParticipationStore: Sendable {
    // MARK: Accounts

    /// Creates an account, with its audit row, in one transaction. A taken handle (in any case),
    /// one that looks like a taken one (same skeleton), or one erased lately (its `reservation`
    /// digest held back until a date) is a `.duplicate` error and changes nothing. `byItself`
    /// records the new account as the actor (a sign-up), else `system` (an operator).
    func createAccount(
        id: Account.ID, handle: Handle, passwordHash: String, role: Role, at: Date, reservation: String,
        byItself: Bool
    ) async throws -> Account

    /// Replaces an account's password hash (a stronger scheme on sign-in), if it is still `old`.
    func replacePasswordHash(of id: Account.ID, from old: String, to new: String) async throws

    /// The key of this installation's handle reservations, made on first use.
    func installationSecret(named name: String, making make: () -> [UInt8]) async throws -> [UInt8]

    func purgeExpiredSessions(at now: Date) async throws -> Int

    /// The account with this handle (any case) and its password hash.
    func credentials(for handle: Handle) async throws -> (account: Account, passwordHash: String)?

    /// Changes an account's role, with its audit row.
    func setRole(_ role: Role, of handle: Handle, at: Date, actor: String) async throws -> Account

    /// Records a session (the token's hash only), with its audit row.
    func createSession(tokenHash: String, for account: Account.ID, at: Date, expiresAt: Date) async throws

    /// The account a live session belongs to; nil when the token is unknown or expired.
    func account(forSession tokenHash: String, at now: Date) async throws -> Account?

    func deleteSession(tokenHash: String, at: Date) async throws -> Bool

    /// The account with this id, if it still exists.
    func account(id: Account.ID) async throws -> Account?

    /// The accounts among these ids that still exist, in one read (a page of comments).
    func accounts(ids: [Account.ID]) async throws -> [Account.ID: Account]

    // MARK: Amendments

    /// Records a new amendment whose branch was just written, with the labels of the articles
    /// it changes and its audit row. `authorKnown` false records no author (the doctor
    /// rebuilding a record whose author was erased).
    /// Its dispositif, when given, is stored for that head (what an export reads instead of
    /// wording the text again).
    func recordAmendment(
        _ amendment: Amendment, revision: String, articles: [String], dispositif: Dispositif?, bill: BillSlug,
        authorKnown: Bool
    ) async throws

    /// Points the record at a revised head, only if it still points at `expectedHead` and its
    /// state allows a revision (`AmendmentState.after(.revise)`).
    /// The dispositif, when given, is stored for the new head; `base`, when given, is the version
    /// a conflicted amendment is revised onto. A revision clears a recorded conflict.
    func reviseAmendment(
        bill: BillSlug, number: Amendment.Number, from expectedHead: String, to head: String, onto base: VersionNumber?,
        revision: String, articles: [String], dispositif: Dispositif?, title: String, summary: String,
        by actor: Pseudonym, at: Date
    ) async throws

    /// The dispositifs stored for a bill's amendments, each only if it was stored for the head
    /// the amendment has now (a text moved by any means leaves its old dispositif unread).
    func dispositifs(bill: BillSlug) async throws -> [Amendment.Number: StoredDispositif]

    /// Stores dispositifs worded after the fact, each only if its amendment still has `head`.
    func storeDispositifs(_ dispositifs: [StoredDispositif], bill: BillSlug) async throws

    /// Applies an action to an amendment as `AmendmentState.after` allows, read and written in
    /// one transaction with its audit row; returns the new state.
    @discardableResult
    func applyAmendment(
        _ action: AmendmentAction, bill: BillSlug, number: Amendment.Number, by actor: Pseudonym, at: Date
    ) async throws -> AmendmentState

    // MARK: Adoption

    /// Marks amendments adopted into `version`, each decided `adopted` and still promoted, in one
    /// transaction with their audit rows; one already adopted is left as it is.
    func recordAdoption(_ numbers: [Amendment.Number], into version: VersionNumber, bill: BillSlug, at: Date)
        async throws

    /// Moves open amendments' records onto the version their branches were carried to, in one
    /// transaction: each only if it still points at its `from` head and is open; returns those
    /// that did not (revised or decided meanwhile). Votes stay with the patch identity they were
    /// cast on.
    func carryAmendments(_ amendments: [CarriedAmendment], onto base: VersionNumber, bill: BillSlug, at: Date)
        async throws -> [Amendment.Number]

    /// Marks open amendments conflicted, each with what is at stake, in one transaction: each
    /// only if it still points at its `head` and is open; returns those that did not.
    func markConflicted(_ amendments: [ConflictedAmendment], bill: BillSlug, at: Date) async throws
        -> [Amendment.Number]

    /// The conflicts recorded on a bill's amendments.
    func conflicts(bill: BillSlug) async throws -> [Amendment.Number: AmendmentConflict]

    /// Links a pseudonym to an account before anything carrying it is written to git, so the
    /// doctor can tell whose an amendment is from its commit alone (until the account is erased).
    func registerPseudonym(_ pseudonym: Pseudonym, for account: Account.ID) async throws

    /// The account a pseudonym stands for, while it exists; an account id written as a pseudonym
    /// before pseudonyms existed is read as itself.
    func account(pseudonym: Pseudonym) async throws -> Account.ID?

    /// When an account's amendments were proposed since `since`, for its quota.
    func proposalTimes(by author: Account.ID, since: Date) async throws -> [Date]

    /// One amendment of a bill.
    func amendment(bill: BillSlug, number: Amendment.Number) async throws -> Amendment?

    /// A page of a bill's amendments, optionally in one state and changing one article, in
    /// `order`, after `cursor`; and how many match in all.
    func amendments(
        bill: BillSlug, state: AmendmentState?, article: String?, order: AmendmentOrder, after cursor: AmendmentCursor?,
        limit: Int
    ) async throws -> (page: [ListedAmendment], total: Int)

    /// The labels of the articles an amendment's current text changes, in the order recorded.
    func amendmentArticles(bill: BillSlug, number: Amendment.Number) async throws -> [String]

    /// The revision (patch identity) an amendment's votes are currently cast on.
    func currentRevision(bill: BillSlug, number: Amendment.Number) async throws -> String?

    // MARK: Audit

    /// The audit log, oldest first.
    func auditLog() async throws -> [AuditEntry]

    /// The id of the first row whose hash does not follow from the rows before it; nil when the
    /// whole chain holds.
    func firstBrokenAuditRow() async throws -> Int64?

    // MARK: Comments

    /// Adds a comment (a reply when `parent` is given, which must be on the same target), with its
    /// audit row; refused, as `ParticipationWindow` says, when participation on the bill is not open.
    func addComment(
        bill: BillSlug, on target: CommentTarget, parent: Int64?, body: String, stance: Stance, by author: Account.ID,
        at: Date
    ) async throws -> Comment

    /// Edits (new body) or deletes (nil body) a comment by its author only.
    func changeComment(bill: BillSlug, id: Int64, body: String?, by author: Account.ID, at: Date) async throws

    /// When an account's comments were written since `since`, for its quota.
    func commentTimes(by author: Account.ID, since: Date) async throws -> [Date]

    /// The comments on a target in the order written (replies name their parent), a page at a time.
    func comments(bill: BillSlug, on target: CommentTarget, after cursor: Int64, limit: Int) async throws -> [Comment]

    // MARK: Doctor

    /// The head commit each amendment record of a bill points at.
    func amendmentHeads(bill: BillSlug) async throws -> [Amendment.Number: String]

    /// The bills that have records, to find records whose bill is gone.
    func billsWithAmendments() async throws -> [String]

    /// Moves a record to the head its branch reached (a revision or a carry whose record was not
    /// written), with an audit row by the doctor. With `base`, the branch reached another version
    /// (a carry, or a conflicted amendment revised onto the new text): the record follows, and a
    /// conflict recorded on it is cleared (a conflicted amendment is open again).
    func repairAmendmentHead(
        bill: BillSlug, number: Amendment.Number, head: String, base: VersionNumber?, revision: String,
        articles: [String], at: Date
    ) async throws

    /// The amendments of a bill whose article labels are not recorded (records written before
    /// they were).
    func amendmentsWithoutArticles(bill: BillSlug) async throws -> [Amendment.Number]

    /// Records the article labels of an amendment, with an audit row by the doctor.
    func repairAmendmentArticles(bill: BillSlug, number: Amendment.Number, articles: [String], at: Date) async throws

    /// `PRAGMA integrity_check` and `foreign_key_check`: empty when the database is sound.
    func integrityProblems() async throws -> [String]

    // MARK: Lifecycle

    /// Sets when participation on a bill is open (staff's switch and its dates), with its audit row.
    func setParticipation(_ window: ParticipationWindow, bill: BillSlug, by actor: Account.ID, at: Date) async throws

    /// When participation on a bill is open: open with no dates until staff set them.
    func participationWindow(bill: BillSlug) async throws -> ParticipationWindow

    // MARK: Moderation

    /// Records a person's report on an item (once: a second report is `.duplicate`), counted or
    /// not as `rule` says of the reporter (read in the same transaction: their account's age,
    /// whether they took part, whether the item is theirs). At the bill's threshold of counting
    /// reports the item is hidden pending review, unless staff already decided on it. Returns
    /// whether the item is now hidden.
    func report(
        _ item: ModeratedItem, bill: BillSlug, reason: String, by reporter: Account.ID, at: Date, rule: ModerationRule
    ) async throws -> Bool

    /// Sets a bill's promotion rule, stored as its JSON (nil clears it), and audits the change
    /// under a pseudonym of `staff`, or as `system` when an operator set it (the command line,
    /// a bill folder's manifest).
    func setPromotionRule(_ rule: String?, bill: BillSlug, by staff: Account.ID?, at: Date) async throws

    /// A bill's promotion rule as stored, if it has one.
    func promotionRule(bill: BillSlug) async throws -> String?

    /// Sets how many counting reports hide an item on this bill, with its audit row.
    func setReportsToHide(_ count: Int, bill: BillSlug, by staff: Account.ID, at: Date) async throws

    /// Every report on a bill, counted or not, newest first: what staff review.
    func reports(bill: BillSlug, limit: Int) async throws -> [ReportRecord]

    /// The reported items of every bill, last reported first, with staff's last decision on
    /// each; `pendingOnly` keeps those reported since staff last decided (see `InboxItem.pending`).
    func moderationInbox(pendingOnly: Bool, limit: Int) async throws -> [InboxItem]

    /// The id of the last row of the audit log: every change to participation (votes, comments,
    /// amendments, moderation, queue, settings) writes one, so an unchanged id means nothing a
    /// page shows has changed; 0 for an empty log.
    func lastAuditID() async throws -> Int64

    /// Staff hide or restore an item, with a reason; their decision stands over later reports.
    func moderate(
        _ item: ModeratedItem, bill: BillSlug, hidden: Bool, reason: String, by staff: Account.ID, at: Date
    ) async throws

    /// Whether an item is hidden.
    func isHidden(_ item: ModeratedItem, bill: BillSlug) async throws -> Bool

    /// The amendments of a bill that are hidden, in one read (exports).
    func hiddenAmendments(bill: BillSlug) async throws -> Set<Amendment.Number>

    /// Which of these comments of a bill are hidden, in one read (a page of comments).
    func hiddenComments(bill: BillSlug, among ids: [Int64]) async throws -> Set<Int64>

    // MARK: Queue

    /// Applies the bill's rule to every open amendment that is not hidden, now, and queues each
    /// one it promotes that has no entry for its current text (stamped with its tally, the
    /// participants and the rule), in one transaction with an audit row per promotion; returns
    /// the numbers queued. What the vote path does for one amendment, done for all: when the rule
    /// changes, as amendments age, and when participation closes (`closing` also applies an
    /// `atClose` rule, which votes never apply). Never removes an entry. Nothing when the bill
    /// has no rule.
    func promote(bill: BillSlug, at: Date, closing: Bool) async throws -> [Amendment.Number]

    /// When the rule was last applied at a close of the bill's participation (`promote` with
    /// `closing`), if ever: what keeps a close from being evaluated twice, across restarts and
    /// nodes.
    func closingPromotion(bill: BillSlug) async throws -> Date?

    /// The inputs of the rule across the bill, read in one transaction.
    func promotionInputs(bill: BillSlug) async throws -> PromotionInputs

    /// The queue: each amendment with an entry, its latest one, in no particular order.
    func queue(bill: BillSlug) async throws -> [QueueEntry]

    /// One amendment's latest queue entry, if it has one.
    func queueEntry(bill: BillSlug, number: Amendment.Number) async throws -> QueueEntry?

    /// What a view of each amendment shows beside its record — its author's handle, its tallies,
    /// the revision voted on, whether it is hidden, its queue entry — read in one go for a page of
    /// amendments (the same as `account(id:)`, `tallies`, `currentRevision`, `isHidden` and
    /// `queueEntry` each give for one). Numbers the bill has not are left out.
    func amendmentFacts(bill: BillSlug, numbers: [Amendment.Number]) async throws
        -> [Amendment.Number: AmendmentFacts]

    /// Staff set the rapporteurs of a bill (replacing the list), with an audit row; an unknown
    /// handle is `.notFound` and changes nothing.
    func setRapporteurs(_ handles: [Handle], bill: BillSlug, by staff: Account.ID, at: Date) async throws

    /// The handles of the bill's rapporteurs, in order.
    func rapporteurs(bill: BillSlug) async throws -> [String]

    /// Records the opinion of a reviewer on a queued amendment (replacing an earlier one), with
    /// its audit row. Who may review is `QueueReviewer.refusal`'s to say on what the transaction
    /// reads (the person's role, their assignment to the bill).
    func recordOpinion(
        _ opinion: Opinion, comment: String, bill: BillSlug, number: Amendment.Number, by reviewer: Account.ID,
        at: Date
    ) async throws

    /// Records the decision on a queued amendment, once, moving its state as the decision says
    /// (`Decision.action`), with its audit row; the same check as an opinion.
    func recordDecision(
        _ decision: Decision, bill: BillSlug, number: Amendment.Number, by reviewer: Account.ID, at: Date
    ) async throws

    // MARK: PersonalData

    /// Everything held about an account.
    func personalData(of id: Account.ID, at now: Date) async throws -> PersonalData?

    /// Erases a person, in one transaction: the account, its sessions and reports, and every
    /// link from its pseudonyms go, so nothing kept in git, the audit log or here ties their
    /// actions to them or to each other; their votes still count, as anonymous counts per text;
    /// their amendments and comments stay, unattributed ("deleted account"). The handle's
    /// `reservation` digest is held back until `reservedUntil`. Deleted rows are zeroed
    /// (`secure_delete`) and the write-ahead log is emptied, so the erased bytes do not linger.
    func erase(_ id: Account.ID, reservation: String, reservedUntil: Date, at: Date) async throws

    /// The votes of erased accounts on one amendment, by text: they count, and belong to nobody.
    func erasedVotes(bill: BillSlug, number: Amendment.Number) async throws -> [String: Tally]

    // MARK: Votes

    /// Casts, changes or keeps a vote on the current text of an amendment (its revision, read in
    /// the same transaction), moving the tallies with it, with an audit row when it changed. Who
    /// may vote is `Ballot.refusal`'s to say, run on what the store reads in the vote's transaction. The voter is the account of the live session stored under `session`, checked in
    /// the vote's own transaction: a vote needs no read of its own before it. Returns the tally of
    /// that text once the vote is on disk (group commit: votes cast meanwhile share its transaction).
    func castVote(_ value: VoteValue, bill: BillSlug, number: Amendment.Number, session: String, at: Date)
        async throws -> Tally

    func withdrawVote(bill: BillSlug, number: Amendment.Number, session: String, at: Date) async throws
        -> Bool

    /// The tallies of every text of an amendment, by revision.
    func tallies(bill: BillSlug, number: Amendment.Number) async throws -> [String: Tally]

    /// How many distinct people have a vote on the bill's amendments: the participants a
    /// promotion rule's share is counted against.
    func participants(bill: BillSlug) async throws -> Int

    /// The caller's own vote, if any (nobody reads another person's vote).
    func vote(bill: BillSlug, number: Amendment.Number, by account: Account.ID) async throws -> StoredVote?

    /// The tally of every amendment's current text on the bill, in one read (exports).
    func currentTallies(bill: BillSlug) async throws -> [Amendment.Number: Tally]

    /// What the bill's public ledger is written from, read in one transaction: its amendments
    /// that are not hidden, every vote on their texts with its voter's account, erased people's
    /// votes as counts, every promotion, the participants, the rule and the audit log's head.
    func ledgerSnapshot(bill: BillSlug) async throws -> LedgerSnapshot

    // MARK: Lifecycle of the store

    /// Finishes the writes in flight (a group commit's batch and those waiting for it), then
    /// releases the store's connections: what the server calls once it has stopped taking
    /// requests, so that no acknowledged write is cut short.
    func close() async
}

extension ParticipationStore {
    /// Records a new amendment whose author is known.
    public func recordAmendment(
        _ amendment: Amendment, revision: String, articles: [String], dispositif: Dispositif? = nil, bill: BillSlug
    ) async throws {
        try await recordAmendment(
            amendment, revision: revision, articles: articles, dispositif: dispositif, bill: bill, authorKnown: true)
    }

    /// Points the record at a revised head, storing no dispositif for it.
    public func reviseAmendment(
        bill: BillSlug, number: Amendment.Number, from expectedHead: String, to head: String, revision: String,
        articles: [String], title: String, summary: String, by actor: Pseudonym, at: Date
    ) async throws {
        try await reviseAmendment(
            bill: bill, number: number, from: expectedHead, to: head, onto: nil, revision: revision,
            articles: articles, dispositif: nil, title: title, summary: summary, by: actor, at: at)
    }
}
