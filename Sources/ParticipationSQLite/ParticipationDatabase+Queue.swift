import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    // MARK: Promotion

    /// What a vote's transaction knows of the amendment it counted, for the rule.
    struct PromotionFacts {
        var ruleJSON: String?
        var queued: Bool
        var state: AmendmentState?
        var hidden: Bool
        /// When the current text was proposed, as stored: parsed only for a rule with a minimum
        /// age (reading a date costs more than the rest of the check).
        var proposedAt: String?
    }

    /// In a vote's transaction, once its tally moved: queues the amendment's current text if the
    /// bill's continuous rule now promotes it and it has no entry for that text. The count of
    /// participants and the rank are read only when every cheaper criterion holds.
    func promoteIfMet(
        _ db: Database, facts: PromotionFacts, bill: BillSlug, number: Amendment.Number, revision: String,
        tally: Tally, at: Date
    ) throws {
        guard !facts.queued, !facts.hidden, facts.state?.acceptsVotes == true, let json = facts.ruleJSON,
            let rule = PromotionRule.cached(json), rule.evaluation == .continuous
        else { return }
        let candidate = PromotionCandidate(
            number: number, supports: tally.for, against: tally.against, articles: [],
            proposedAt: Int64(Self.proposedAt(facts, rule: rule, or: at).timeIntervalSince1970))
        var participants: Int?
        var rank: (rank: Int, article: String)?
        while true {
            switch rule.promotion(
                of: candidate, now: Int64(at.timeIntervalSince1970), participants: participants, rank: rank)
            {
            case .refused: return
            case .needs(.participants): participants = try Self.voters(db, bill: bill)
            case .needs(.rank): rank = try Self.rank(db, bill: bill, number: number, tally: tally)
            case .promoted(let decision):
                try enqueue(
                    db, bill: bill, number: number, revision: revision, tally: tally,
                    participants: participants ?? Self.voters(db, bill: bill), rule: json, decision: decision, at: at)
                return
            }
        }
    }

    /// When the voted text was proposed, read from its stored form only for a rule that asks its
    /// age; `now` otherwise (no other criterion reads it).
    private static func proposedAt(_ facts: PromotionFacts, rule: PromotionRule, or now: Date) -> Date {
        guard rule.criteria.contains(where: { if case .minimumAgeHours = $0 { true } else { false } }),
            let text = facts.proposedAt, let date = Date.fromDatabaseValue(text.databaseValue)
        else { return now }
        return date
    }

    /// Distinct people with a vote on the bill, kept by triggers.
    static func voters(_ db: Database, bill: BillSlug) throws -> Int {
        try DirectStatement.with(db, "SELECT voters FROM billVoterCount WHERE billSlug = ?") { statement in
            statement.bind(bill.value, at: 1)
            return try statement.step() ? statement.int(0) : 0
        }
    }

    /// The amendment's worst rank over the articles it touches among the bill's open amendments
    /// that are not hidden (more supports first, then fewer oppositions, then the lower number,
    /// as `PromotionRule.evaluate` ranks them), and that article.
    static func rank(_ db: Database, bill: BillSlug, number: Amendment.Number, tally: Tally) throws
        -> (rank: Int, article: String)
    {
        try DirectStatement.with(
            db,
            """
            SELECT aa.label, 1 + (SELECT COUNT(*) FROM amendmentArticle o
                JOIN amendment b ON b.billSlug = o.billSlug AND b.number = o.number
                LEFT JOIN tally t ON t.billSlug = b.billSlug AND t.number = b.number AND t.revision = b.revision
                LEFT JOIN moderation m ON m.billSlug = b.billSlug AND m.targetKind = 'amendment'
                    AND m.target = CAST(b.number AS TEXT)
                WHERE o.billSlug = ?1 AND o.label = aa.label AND o.number <> ?2
                AND b.state IN ('proposed', 'promoted') AND coalesce(m.hidden, 0) = 0
                AND (b.supports > ?3 OR (b.supports = ?3 AND (coalesce(t.oppositions, 0) < ?4
                    OR (coalesce(t.oppositions, 0) = ?4 AND b.number < ?2))))) AS rank
            FROM amendmentArticle aa WHERE aa.billSlug = ?1 AND aa.number = ?2
            ORDER BY rank DESC, aa.label ASC LIMIT 1
            """
        ) { statement in
            statement.bind(bill.value, at: 1)
            statement.bind(number.value, at: 2)
            statement.bind(tally.for, at: 3)
            statement.bind(tally.against, at: 4)
            guard try statement.step() else { return (1, "") }
            return (statement.int(1), statement.text(0) ?? "")
        }
    }

    /// Queues a text of an amendment the rule promoted, unless it has an entry already: the
    /// entry stamped with its tally, the participants and the rule, the amendment `promoted`
    /// if it was `proposed`, and an audit row. Returns whether it was queued now.
    @discardableResult
    func enqueue(
        _ db: Database, bill: BillSlug, number: Amendment.Number, revision: String, tally: Tally, participants: Int,
        rule: String, decision: PromotionDecision, at: Date
    ) throws -> Bool {
        try db.execute(
            sql: """
                INSERT INTO queueEntry (billSlug, number, revision, promotedAt, supports, oppositions, abstentions,
                    participants, rule, stamp)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """,
            arguments: [
                bill, number.value, revision, at, tally.for, tally.against, tally.abstain, participants, rule,
                decision.stampJSON,
            ])
        guard db.changesCount > 0 else { return false }
        try db.execute(
            sql: "UPDATE amendment SET state = 'promoted' WHERE billSlug = ? AND number = ? AND state = 'proposed'",
            arguments: [bill, number.value])
        try appendAudit(
            db, actor: "system", action: "amendment.promote", target: "\(bill)#\(number)",
            detail: decision.explanation, at: at)
        return true
    }

    public func promote(bill: BillSlug, at: Date, closing: Bool) async throws -> [Amendment.Number] {
        try await groupCommit.write { db in
            guard
                let json = try String.fetchOne(
                    db, sql: "SELECT promotionRule FROM billParticipation WHERE billSlug = ?", arguments: [bill]),
                let rule = PromotionRule.cached(json), closing || rule.evaluation == .continuous
            else { return [] }
            let open = try Self.openAmendments(db, bill: bill)
            let participants = try Self.voters(db, bill: bill)
            let decisions = rule.evaluate(
                open.map(\.candidate), participants: participants, now: Int64(at.timeIntervalSince1970))
            var queued: [Amendment.Number] = []
            for amendment in open where !amendment.queued {
                guard let decision = decisions[amendment.candidate.number], decision.promoted else { continue }
                if try self.enqueue(
                    db, bill: bill, number: amendment.candidate.number, revision: amendment.revision,
                    tally: amendment.tally, participants: participants, rule: json, decision: decision, at: at)
                {
                    queued.append(amendment.candidate.number)
                }
            }
            if closing {
                try db.execute(
                    sql: "UPDATE billParticipation SET promotedAtClose = ? WHERE billSlug = ?", arguments: [at, bill])
            }
            return queued
        }
    }

    public func closingPromotion(bill: BillSlug) throws -> Date? {
        try writer.read { db in
            try Date.fetchOne(
                db, sql: "SELECT promotedAtClose FROM billParticipation WHERE billSlug = ?", arguments: [bill])
        }
    }

    public func promotionInputs(bill: BillSlug) throws -> PromotionInputs {
        try writer.read { db in
            PromotionInputs(
                candidates: try Self.openAmendments(db, bill: bill).map(\.candidate),
                participants: try Self.voters(db, bill: bill))
        }
    }

    /// An open amendment that is not hidden, as the rule sees it.
    private struct OpenAmendment {
        var candidate: PromotionCandidate<Amendment.Number>
        var revision: String
        var tally: Tally
        var queued: Bool
    }

    private static func openAmendments(_ db: Database, bill: BillSlug) throws -> [OpenAmendment] {
        var articles: [Int: [String]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT number, label FROM amendmentArticle WHERE billSlug = ? ORDER BY number, label",
            arguments: [bill])
        {
            articles[row[0], default: []].append(row[1])
        }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT a.number, a.revision, a.updatedAt, coalesce(t.supports, 0), coalesce(t.oppositions, 0),
                    coalesce(t.abstentions, 0),
                    EXISTS (SELECT 1 FROM queueEntry q WHERE q.billSlug = a.billSlug AND q.number = a.number
                        AND q.revision = a.revision)
                FROM amendment a
                LEFT JOIN tally t ON t.billSlug = a.billSlug AND t.number = a.number AND t.revision = a.revision
                LEFT JOIN moderation m ON m.billSlug = a.billSlug AND m.targetKind = 'amendment'
                    AND m.target = CAST(a.number AS TEXT)
                WHERE a.billSlug = ? AND a.state IN ('proposed', 'promoted') AND coalesce(m.hidden, 0) = 0
                ORDER BY a.number
                """, arguments: [bill]
        ).compactMap { row in
            guard let number = Amendment.Number(row[0] as Int) else { return nil }
            let updatedAt: Date = row[2]
            let tally = Tally(for: row[3], against: row[4], abstain: row[5])
            return OpenAmendment(
                candidate: PromotionCandidate(
                    number: number, supports: tally.for, against: tally.against,
                    articles: articles[number.value] ?? [], proposedAt: Int64(updatedAt.timeIntervalSince1970)),
                revision: row[1], tally: tally, queued: row[6])
        }
    }

    // MARK: The queue

    public func queue(bill: BillSlug) throws -> [QueueEntry] {
        try writer.read { db in try Self.entries(db, bill: bill, numbers: nil) }
    }

    public func queueEntry(bill: BillSlug, number: Amendment.Number) throws -> QueueEntry? {
        try writer.read { db in try Self.entries(db, bill: bill, numbers: [number]).first }
    }

    /// The latest entry of each queued amendment (or of some), with its review.
    static func entries(_ db: Database, bill: BillSlug, numbers: [Amendment.Number]?) throws -> [QueueEntry] {
        let only = numbers.map { "AND q.number IN (\($0.map { String($0.value) }.joined(separator: ", ")))" } ?? ""
        return try Row.fetchAll(
            db,
            sql: """
                SELECT q.number, q.revision, q.promotedAt, q.supports, q.oppositions, q.abstentions, q.participants,
                    q.rule, q.stamp, r.opinion, coalesce(r.opinionComment, ''), r.opinionAt, r.decision, r.decisionAt
                FROM queueEntry q
                LEFT JOIN queueReview r ON r.billSlug = q.billSlug AND r.number = q.number
                WHERE q.billSlug = ? \(only)
                AND q.rowid = (SELECT p.rowid FROM queueEntry p WHERE p.billSlug = q.billSlug AND p.number = q.number
                    ORDER BY p.promotedAt DESC, p.rowid DESC LIMIT 1)
                ORDER BY q.number
                """, arguments: [bill]
        ).compactMap { row in
            guard let number = Amendment.Number(row[0] as Int) else { return nil }
            return QueueEntry(
                number: number, revision: row[1], promotedAt: row[2],
                tally: Tally(for: row[3], against: row[4], abstain: row[5]), participants: row[6], rule: row[7],
                stamp: row[8], opinion: (row[9] as String?).flatMap(Opinion.init(rawValue:)), opinionComment: row[10],
                opinionAt: row[11], decision: (row[12] as String?).flatMap(Decision.init(rawValue:)),
                decisionAt: row[13])
        }
    }

    public func setRapporteurs(_ handles: [Handle], bill: BillSlug, by staff: Account.ID, at: Date) throws {
        try writer.write { db in
            var ids: [String] = []
            for handle in handles {
                guard
                    let id = try String.fetchOne(
                        db, sql: "SELECT id FROM account WHERE handle = ?", arguments: [handle.value])
                else { throw ParticipationError(.notFound, "no account has the handle \(handle)") }
                if !ids.contains(id) { ids.append(id) }
            }
            try db.execute(sql: "DELETE FROM rapporteur WHERE billSlug = ?", arguments: [bill])
            for (position, id) in ids.enumerated() {
                try db.execute(
                    sql: "INSERT INTO rapporteur (billSlug, accountId, position) VALUES (?, ?, ?)",
                    arguments: [bill, id, position])
            }
            let pseudonym = try pseudonym(db, for: staff)
            try appendAudit(
                db, actor: pseudonym, action: "bill.rapporteurs", target: bill.value,
                detail: "\(ids.count) rapporteur(s)", at: at)
        }
    }

    public func rapporteurs(bill: BillSlug) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT a.handle FROM rapporteur r JOIN account a ON a.id = r.accountId
                    WHERE r.billSlug = ? ORDER BY r.position
                    """, arguments: [bill])
        }
    }

    public func recordOpinion(
        _ opinion: Opinion, comment: String, bill: BillSlug, number: Amendment.Number, by reviewer: Account.ID,
        at: Date
    ) throws {
        try writer.write { db in
            _ = try Self.review(db, bill: bill, number: number, by: reviewer)
            let pseudonym = try pseudonym(db, for: reviewer)
            try db.execute(
                sql: """
                    INSERT INTO queueReview (billSlug, number, opinion, opinionComment, opinionBy, opinionAt)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (billSlug, number) DO UPDATE SET opinion = excluded.opinion,
                    opinionComment = excluded.opinionComment, opinionBy = excluded.opinionBy,
                    opinionAt = excluded.opinionAt
                    """, arguments: [bill, number.value, opinion.rawValue, comment, pseudonym, at])
            try appendAudit(
                db, actor: pseudonym, action: "queue.opinion", target: "\(bill)#\(number)", detail: opinion.rawValue,
                at: at)
        }
    }

    public func recordDecision(
        _ decision: Decision, bill: BillSlug, number: Amendment.Number, by reviewer: Account.ID, at: Date
    ) throws {
        try writer.write { db in
            let current = try Self.review(db, bill: bill, number: number, by: reviewer)
            if let refusal = QueueReviewer.decisionRefusal(
                number: number, decided: current.decision, deciding: decision, state: current.state)
            {
                throw ParticipationError(refusal)
            }
            if let action = decision.action {
                switch current.state.after(action, number: number) {
                case .failure(let refusal): throw ParticipationError(refusal)
                case .success(let next):
                    try db.execute(
                        sql: "UPDATE amendment SET state = ?, updatedAt = ? WHERE billSlug = ? AND number = ?",
                        arguments: [next.rawValue, at, bill, number.value])
                }
            }
            let pseudonym = try pseudonym(db, for: reviewer)
            try db.execute(
                sql: """
                    INSERT INTO queueReview (billSlug, number, decision, decisionBy, decisionAt) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (billSlug, number) DO UPDATE SET decision = excluded.decision,
                    decisionBy = excluded.decisionBy, decisionAt = excluded.decisionAt
                    """, arguments: [bill, number.value, decision.rawValue, pseudonym, at])
            try appendAudit(
                db, actor: pseudonym, action: "queue.decision", target: "\(bill)#\(number)",
                detail: decision.rawValue, at: at)
        }
    }

    /// What a review is checked against, read in its transaction: the reviewer may review the
    /// bill's queue (`QueueReviewer`), the amendment exists and is queued.
    private static func review(_ db: Database, bill: BillSlug, number: Amendment.Number, by reviewer: Account.ID)
        throws -> (queued: Bool, decision: Decision?, state: AmendmentState)
    {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT a.role, EXISTS (SELECT 1 FROM rapporteur r WHERE r.billSlug = ?1 AND r.accountId = a.id)
                    FROM account a WHERE a.id = ?2
                    """, arguments: [bill, reviewer.rawValue]),
            let role = Role(rawValue: row[0])
        else { throw ParticipationError(.unauthenticated, "the account no longer exists") }
        if let refusal = QueueReviewer(role: role, assigned: row[1]).refusal(on: bill.value) {
            throw ParticipationError(refusal)
        }
        guard
            let amendment = try Row.fetchOne(
                db,
                sql: """
                    SELECT a.state, EXISTS (SELECT 1 FROM queueEntry q WHERE q.billSlug = a.billSlug
                        AND q.number = a.number), r.decision
                    FROM amendment a LEFT JOIN queueReview r ON r.billSlug = a.billSlug AND r.number = a.number
                    WHERE a.billSlug = ? AND a.number = ?
                    """, arguments: [bill, number.value]),
            let state = AmendmentState(rawValue: amendment[0])
        else { throw ParticipationError(.notFound, "bill \(bill) has no amendment \(number)") }
        let queued: Bool = amendment[1]
        if !queued { throw ParticipationError(QueueReviewer.notQueued(number)) }
        return (queued, (amendment[2] as String?).flatMap(Decision.init(rawValue:)), state)
    }
}
