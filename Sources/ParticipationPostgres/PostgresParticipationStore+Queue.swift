import Foundation
import Legislation
import Participation
import PostgresNIO

extension PostgresParticipationStore {
    // MARK: Promotion

    /// In a batch of votes' transaction, once its tallies moved: queues the current text of each
    /// amendment voted on that its bill's continuous rule now promotes and that has no entry for
    /// that text. One statement reads them all with their bill's participants (nothing when no
    /// bill voted on has a rule); the rank is read only for an amendment that meets every other
    /// criterion.
    func promoteAfterVotes(
        _ connection: PostgresConnection, _ voted: [(bill: BillSlug, number: Amendment.Number)], at: Date
    )
        async throws
    {
        var seen = Set<String>()
        let distinct = voted.filter { seen.insert("\($0.bill.value)#\($0.number.value)").inserted }
        guard !distinct.isEmpty else { return }
        var facts: [(BillSlug, Amendment.Number, String, String, Date, Tally, Int)] = []
        for try await (slug, number, rule, revision, updatedAt, supports, oppositions, abstentions, voters)
            in try await connection
            .query(
                """
                SELECT f.bill, f.number, p.promotion_rule, a.revision, a.updated_at, coalesce(t.supports, 0),
                    coalesce(t.oppositions, 0), coalesce(t.abstentions, 0), coalesce(c.voters, 0)
                FROM unnest(\(distinct.map(\.bill.value)), \(distinct.map(\.number.value))::integer[]) AS f(bill, number)
                JOIN bill_participation p ON p.bill_slug = f.bill AND p.promotion_rule IS NOT NULL
                LEFT JOIN bill_voter_count c ON c.bill_slug = f.bill
                JOIN amendment a ON a.bill_slug = f.bill AND a.number = f.number
                    AND a.state IN ('proposed', 'promoted')
                LEFT JOIN tally t ON t.bill_slug = a.bill_slug AND t.number = a.number AND t.revision = a.revision
                LEFT JOIN moderation m ON m.bill_slug = f.bill AND m.target_kind = 'amendment'
                    AND m.target = f.number::TEXT
                WHERE NOT coalesce(m.hidden, false) AND NOT EXISTS (SELECT 1 FROM queue_entry q
                    WHERE q.bill_slug = f.bill AND q.number = f.number AND q.revision = a.revision)
                """, logger: logger
            ).decode((String, Int, String, String, Date, Int, Int, Int, Int).self)
        {
            guard let bill = BillSlug(slug), let number = Amendment.Number(number) else { continue }
            facts.append(
                (
                    bill, number, rule, revision, updatedAt,
                    Tally(for: supports, against: oppositions, abstain: abstentions), voters
                ))
        }
        for (bill, number, json, revision, updatedAt, tally, voters) in facts {
            guard let rule = PromotionRule.cached(json), rule.evaluation == .continuous else { continue }
            let candidate = PromotionCandidate(
                number: number, supports: tally.for, against: tally.against, articles: [],
                proposedAt: Int64(updatedAt.timeIntervalSince1970))
            var participants: Int?
            var rank: (rank: Int, article: String)?
            evaluation: while true {
                switch rule.promotion(
                    of: candidate, now: Int64(at.timeIntervalSince1970), participants: participants, rank: rank)
                {
                case .refused: break evaluation
                // Read with the batch's facts, after its votes: no round trip of its own.
                case .needs(.participants): participants = voters
                case .needs(.rank): rank = try await self.rank(connection, bill: bill, number: number, tally: tally)
                case .promoted(let decision):
                    try await enqueue(
                        connection, bill: bill, number: number, revision: revision, tally: tally,
                        participants: voters, rule: json, decision: decision, at: at)
                    break evaluation
                }
            }
        }
    }

    /// Distinct people with a vote on the bill, kept by a trigger.
    func voters(_ connection: PostgresConnection, bill: BillSlug) async throws -> Int {
        for try await count in try await connection.query(
            "SELECT voters FROM bill_voter_count WHERE bill_slug = \(bill.value)", logger: logger
        ).decode(Int.self) {
            return count
        }
        return 0
    }

    /// The amendment's worst rank over the articles it touches among the bill's open amendments
    /// that are not hidden, as `PromotionRule.evaluate` ranks them, and that article.
    func rank(_ connection: PostgresConnection, bill: BillSlug, number: Amendment.Number, tally: Tally) async throws
        -> (rank: Int, article: String)
    {
        for try await (label, rank) in try await connection.query(
            """
            SELECT aa.label, 1 + (SELECT COUNT(*) FROM amendment_article o
                JOIN amendment b ON b.bill_slug = o.bill_slug AND b.number = o.number
                LEFT JOIN tally t ON t.bill_slug = b.bill_slug AND t.number = b.number AND t.revision = b.revision
                LEFT JOIN moderation m ON m.bill_slug = b.bill_slug AND m.target_kind = 'amendment'
                    AND m.target = b.number::TEXT
                WHERE o.bill_slug = aa.bill_slug AND o.label = aa.label AND o.number <> aa.number
                AND b.state IN ('proposed', 'promoted') AND NOT coalesce(m.hidden, false)
                AND (coalesce(t.supports, 0) > \(tally.for) OR (coalesce(t.supports, 0) = \(tally.for)
                    AND (coalesce(t.oppositions, 0) < \(tally.against) OR (coalesce(t.oppositions, 0) = \(tally.against)
                    AND b.number < aa.number)))))::INTEGER AS rank
            FROM amendment_article aa WHERE aa.bill_slug = \(bill.value) AND aa.number = \(number.value)
            ORDER BY rank DESC, aa.label COLLATE "C" ASC LIMIT 1
            """, logger: logger
        ).decode((String, Int).self) {
            return (rank, label)
        }
        return (1, "")
    }

    /// Queues a promoted text unless it has an entry already (the entry stamped, the amendment
    /// `promoted` if it was `proposed`, an audit row); returns whether it was queued now.
    @discardableResult
    func enqueue(
        _ connection: PostgresConnection, bill: BillSlug, number: Amendment.Number, revision: String, tally: Tally,
        participants: Int, rule: String, decision: PromotionDecision, at: Date
    ) async throws -> Bool {
        var inserted = false
        for try await _ in try await connection.query(
            """
            INSERT INTO queue_entry (bill_slug, number, revision, promoted_at, supports, oppositions, abstentions,
                participants, rule, stamp)
            VALUES (\(bill.value), \(number.value), \(revision), \(Self.stored(at)), \(tally.for), \(tally.against),
                \(tally.abstain), \(participants), \(rule), \(decision.stampJSON))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger
        ).decode(Int.self) {
            inserted = true
        }
        guard inserted else { return false }
        try await connection.query(
            """
            UPDATE amendment SET state = 'promoted' WHERE bill_slug = \(bill.value) AND number = \(number.value)
            AND state = 'proposed'
            """, logger: logger)
        try await appendAudit(
            connection, actor: "system", action: "amendment.promote", target: "\(bill)#\(number)",
            detail: decision.explanation, at: at)
        return true
    }

    public func promote(bill: BillSlug, at: Date, closing: Bool) async throws -> [Amendment.Number] {
        try await write { connection in
            var json: String?
            for try await value in try await connection.query(
                "SELECT promotion_rule FROM bill_participation WHERE bill_slug = \(bill.value)", logger: logger
            ).decode(String?.self) {
                json = value
            }
            guard let json, let rule = PromotionRule.cached(json), closing || rule.evaluation == .continuous else {
                return []
            }
            let open = try await openAmendments(connection, bill: bill)
            let participants = try await voters(connection, bill: bill)
            let decisions = rule.evaluate(
                open.map(\.candidate), participants: participants, now: Int64(at.timeIntervalSince1970))
            var queued: [Amendment.Number] = []
            for amendment in open where !amendment.queued {
                guard let decision = decisions[amendment.candidate.number], decision.promoted else { continue }
                if try await enqueue(
                    connection, bill: bill, number: amendment.candidate.number, revision: amendment.revision,
                    tally: amendment.tally, participants: participants, rule: json, decision: decision, at: at)
                {
                    queued.append(amendment.candidate.number)
                }
            }
            if closing {
                try await connection.query(
                    """
                    UPDATE bill_participation SET promoted_at_close = \(Self.stored(at))
                    WHERE bill_slug = \(bill.value)
                    """, logger: logger)
            }
            return queued
        }
    }

    public func closingPromotion(bill: BillSlug) async throws -> Date? {
        try await read { connection in
            var last: Date?
            for try await value in try await connection.query(
                "SELECT promoted_at_close FROM bill_participation WHERE bill_slug = \(bill.value)", logger: logger
            ).decode(Date?.self) {
                last = value
            }
            return last
        }
    }

    public func promotionInputs(bill: BillSlug) async throws -> PromotionInputs {
        try await read { connection in
            PromotionInputs(
                candidates: try await openAmendments(connection, bill: bill).map(\.candidate),
                participants: try await voters(connection, bill: bill))
        }
    }

    /// An open amendment that is not hidden, as the rule sees it.
    private struct OpenAmendment: Sendable {
        var candidate: PromotionCandidate<Amendment.Number>
        var revision: String
        var tally: Tally
        var queued: Bool
    }

    private func openAmendments(_ connection: PostgresConnection, bill: BillSlug) async throws -> [OpenAmendment] {
        var articles: [Int: [String]] = [:]
        for try await (number, label) in try await connection.query(
            """
            SELECT number, label FROM amendment_article WHERE bill_slug = \(bill.value)
            ORDER BY number, label COLLATE "C"
            """, logger: logger
        ).decode((Int, String).self) {
            articles[number, default: []].append(label)
        }
        var open: [OpenAmendment] = []
        for try await (number, revision, updatedAt, supports, oppositions, abstentions, queued)
            in try await connection
            .query(
                """
                SELECT a.number, a.revision, a.updated_at, coalesce(t.supports, 0), coalesce(t.oppositions, 0),
                    coalesce(t.abstentions, 0),
                    EXISTS (SELECT 1 FROM queue_entry q WHERE q.bill_slug = a.bill_slug AND q.number = a.number
                        AND q.revision = a.revision)
                FROM amendment a
                LEFT JOIN tally t ON t.bill_slug = a.bill_slug AND t.number = a.number AND t.revision = a.revision
                LEFT JOIN moderation m ON m.bill_slug = a.bill_slug AND m.target_kind = 'amendment'
                    AND m.target = a.number::TEXT
                WHERE a.bill_slug = \(bill.value) AND a.state IN ('proposed', 'promoted')
                AND NOT coalesce(m.hidden, false)
                ORDER BY a.number
                """, logger: logger
            ).decode((Int, String, Date, Int, Int, Int, Bool).self)
        {
            guard let amendment = Amendment.Number(number) else { continue }
            let tally = Tally(for: supports, against: oppositions, abstain: abstentions)
            open.append(
                OpenAmendment(
                    candidate: PromotionCandidate(
                        number: amendment, supports: supports, against: oppositions, articles: articles[number] ?? [],
                        proposedAt: Int64(updatedAt.timeIntervalSince1970)),
                    revision: revision, tally: tally, queued: queued))
        }
        return open
    }

    // MARK: The queue

    public func queue(bill: BillSlug) async throws -> [QueueEntry] {
        try await read { connection in try await entries(connection, bill: bill, numbers: nil) }
    }

    public func queueEntry(bill: BillSlug, number: Amendment.Number) async throws -> QueueEntry? {
        try await read { connection in try await entries(connection, bill: bill, numbers: [number]).first }
    }

    /// The latest entry of each queued amendment (or of some), with its review.
    func entries(_ connection: PostgresConnection, bill: BillSlug, numbers: [Amendment.Number]?) async throws
        -> [QueueEntry]
    {
        var entries: [QueueEntry] = []
        let all = numbers == nil
        let only = (numbers ?? []).map(\.value)
        for try await row in try await connection.query(
            """
            SELECT DISTINCT ON (q.number) q.number, q.revision, q.promoted_at, q.supports, q.oppositions,
                q.abstentions, q.participants, q.rule, q.stamp, r.opinion, coalesce(r.opinion_comment, ''),
                r.opinion_at, r.decision, r.decision_at
            FROM queue_entry q
            LEFT JOIN queue_review r ON r.bill_slug = q.bill_slug AND r.number = q.number
            WHERE q.bill_slug = \(bill.value) AND (\(all) OR q.number = ANY(\(only)))
            ORDER BY q.number, q.promoted_at DESC, q.seq DESC
            """, logger: logger
        ).decode(
            (Int, String, Date, Int, Int, Int, Int, String, String, String?, String, Date?, String?, Date?).self)
        {
            guard let number = Amendment.Number(row.0) else { continue }
            entries.append(
                QueueEntry(
                    number: number, revision: row.1, promotedAt: row.2,
                    tally: Tally(for: row.3, against: row.4, abstain: row.5), participants: row.6, rule: row.7,
                    stamp: row.8, opinion: row.9.flatMap(Opinion.init(rawValue:)), opinionComment: row.10,
                    opinionAt: row.11, decision: row.12.flatMap(Decision.init(rawValue:)), decisionAt: row.13))
        }
        return entries
    }

    public func setRapporteurs(_ handles: [Handle], bill: BillSlug, by staff: Account.ID, at: Date) async throws {
        try await write { connection in
            var ids: [String] = []
            for handle in handles {
                var found: String?
                for try await id in try await connection.query(
                    "SELECT id FROM account WHERE handle = \(handle.value)", logger: logger
                ).decode(String.self) {
                    found = id
                }
                guard let found else { throw ParticipationError(.notFound, "no account has the handle \(handle)") }
                if !ids.contains(found) { ids.append(found) }
            }
            try await connection.query("DELETE FROM rapporteur WHERE bill_slug = \(bill.value)", logger: logger)
            for (position, id) in ids.enumerated() {
                try await connection.query(
                    "INSERT INTO rapporteur (bill_slug, account_id, position) VALUES (\(bill.value), \(id), \(position))",
                    logger: logger)
            }
            let pseudonym = try await pseudonym(connection, for: staff)
            try await appendAudit(
                connection, actor: pseudonym, action: "bill.rapporteurs", target: bill.value,
                detail: "\(ids.count) rapporteur(s)", at: at)
        }
    }

    public func rapporteurs(bill: BillSlug) async throws -> [String] {
        try await read { connection in
            var handles: [String] = []
            for try await handle in try await connection.query(
                """
                SELECT a.handle FROM rapporteur r JOIN account a ON a.id = r.account_id
                WHERE r.bill_slug = \(bill.value) ORDER BY r.position
                """, logger: logger
            ).decode(String.self) {
                handles.append(handle)
            }
            return handles
        }
    }

    public func recordOpinion(
        _ opinion: Opinion, comment: String, bill: BillSlug, number: Amendment.Number, by reviewer: Account.ID,
        at: Date
    ) async throws {
        try await write { connection in
            _ = try await review(connection, bill: bill, number: number, by: reviewer)
            let pseudonym = try await pseudonym(connection, for: reviewer)
            try await connection.query(
                """
                INSERT INTO queue_review (bill_slug, number, opinion, opinion_comment, opinion_by, opinion_at)
                VALUES (\(bill.value), \(number.value), \(opinion.rawValue), \(comment), \(pseudonym), \(Self.stored(at)))
                ON CONFLICT (bill_slug, number) DO UPDATE SET opinion = excluded.opinion,
                opinion_comment = excluded.opinion_comment, opinion_by = excluded.opinion_by,
                opinion_at = excluded.opinion_at
                """, logger: logger)
            try await appendAudit(
                connection, actor: pseudonym, action: "queue.opinion", target: "\(bill)#\(number)",
                detail: opinion.rawValue, at: at)
        }
    }

    public func recordDecision(
        _ decision: Decision, bill: BillSlug, number: Amendment.Number, by reviewer: Account.ID, at: Date
    ) async throws {
        try await write { connection in
            let current = try await review(connection, bill: bill, number: number, by: reviewer)
            if let refusal = QueueReviewer.decisionRefusal(
                number: number, decided: current.decision, deciding: decision, state: current.state)
            {
                throw ParticipationError(refusal)
            }
            if let action = decision.action {
                switch current.state.after(action, number: number) {
                case .failure(let refusal): throw ParticipationError(refusal)
                case .success(let next):
                    try await connection.query(
                        """
                        UPDATE amendment SET state = \(next.rawValue), updated_at = \(Self.stored(at))
                        WHERE bill_slug = \(bill.value) AND number = \(number.value)
                        """, logger: logger)
                }
            }
            let pseudonym = try await pseudonym(connection, for: reviewer)
            try await connection.query(
                """
                INSERT INTO queue_review (bill_slug, number, decision, decision_by, decision_at)
                VALUES (\(bill.value), \(number.value), \(decision.rawValue), \(pseudonym), \(Self.stored(at)))
                ON CONFLICT (bill_slug, number) DO UPDATE SET decision = excluded.decision,
                decision_by = excluded.decision_by, decision_at = excluded.decision_at
                """, logger: logger)
            try await appendAudit(
                connection, actor: pseudonym, action: "queue.decision", target: "\(bill)#\(number)",
                detail: decision.rawValue, at: at)
        }
    }

    /// What a review is checked against, read in its transaction.
    private func review(
        _ connection: PostgresConnection, bill: BillSlug, number: Amendment.Number, by reviewer: Account.ID
    ) async throws -> (decision: Decision?, state: AmendmentState) {
        let account = reviewer.rawValue
        var reviewer: QueueReviewer?
        for try await (role, assigned) in try await connection.query(
            """
            SELECT a.role, EXISTS (SELECT 1 FROM rapporteur r WHERE r.bill_slug = \(bill.value) AND r.account_id = a.id)
            FROM account a WHERE a.id = \(account)
            """, logger: logger
        ).decode((String, Bool).self) {
            reviewer = Role(rawValue: role).map { QueueReviewer(role: $0, assigned: assigned) }
        }
        guard let reviewer else { throw ParticipationError(.unauthenticated, "the account no longer exists") }
        if let refusal = reviewer.refusal(on: bill.value) { throw ParticipationError(refusal) }
        for try await (state, queued, decision) in try await connection.query(
            """
            SELECT a.state, EXISTS (SELECT 1 FROM queue_entry q WHERE q.bill_slug = a.bill_slug
                AND q.number = a.number), r.decision
            FROM amendment a LEFT JOIN queue_review r ON r.bill_slug = a.bill_slug AND r.number = a.number
            WHERE a.bill_slug = \(bill.value) AND a.number = \(number.value)
            """, logger: logger
        ).decode((String, Bool, String?).self) {
            guard let state = AmendmentState(rawValue: state) else { break }
            if !queued { throw ParticipationError(QueueReviewer.notQueued(number)) }
            return (decision.flatMap(Decision.init(rawValue:)), state)
        }
        throw ParticipationError(.notFound, "bill \(bill) has no amendment \(number)")
    }
}
