import Foundation
import Legislation
import Participation

extension Engine {
    /// Applies each bill's rule to the whole bill where a vote's own check cannot see the change:
    /// once when participation has closed (an `atClose` rule's only evaluation, a continuous
    /// one's last pass; recorded by the store, so a restart or a second node does not evaluate
    /// the same close again), and, while open, for a continuous rule, what moves without a vote
    /// on the amendment itself (an amendment old enough, a rival withdrawn, rejected or hidden, a
    /// participant gone). What the server runs every minute; returns how many amendments it queued.
    @discardableResult
    public func applyPromotionRules() async throws(HemicycleError) -> Int {
        try await translatingErrors {
            var queued = 0
            for slug in try shelf.slugs() {
                guard let rule = PromotionRule.cached(try await participation.promotionRule(bill: slug)) else {
                    continue
                }
                let window = try await participation.participationWindow(bill: slug)
                switch window.phase(at: now()) {
                case .closed:
                    // Closed by staff: evaluated then. Closed by its date: once after that date.
                    if let last = try await participation.closingPromotion(bill: slug),
                        !window.open || window.closesAt.map({ last >= $0 }) ?? true
                    {
                        continue
                    }
                    queued += try await participation.promote(bill: slug, at: now(), closing: true).count
                    await writeClosingEpoch(of: slug)
                case .open:
                    if rule.evaluation == .continuous {
                        queued += try await participation.promote(bill: slug, at: now(), closing: false).count
                    }
                case .upcoming: continue
                }
            }
            return queued
        }
    }

    /// After staff change a bill's rule or its window: applies the rule to the whole bill at
    /// once (a closed bill as at its close), so that what now meets it is queued without waiting
    /// for a vote. Never removes an entry.
    func promoteAfterChange(of slug: BillSlug) async throws {
        promotionBoard.forget(slug)
        let window = try await participation.participationWindow(bill: slug)
        let closed = window.phase(at: now()) == .closed
        _ = try await participation.promote(bill: slug, at: now(), closing: closed)
        if closed { await writeClosingEpoch(of: slug) }
    }

    /// The ledger's epoch at the close: what closing participation publishes. A failure is
    /// logged, not thrown (the close stands; the next epoch writer's pass publishes it).
    func writeClosingEpoch(of slug: BillSlug) async {
        do {
            try await writeLedgerEpoch(of: slug, closing: true)
        } catch {
            logger.error(
                "the closing epoch of the ledger was not written", metadata: ["bill": "\(slug)", "error": "\(error)"])
        }
    }

    /// Where an amendment stands against its bill's rule: the stamp of its queue entry if it
    /// has one, else the rule in force on the bill's current tallies (shared a moment between
    /// readers); nil when the bill has no rule and it was never queued, or it is not open.
    func promotionView(of number: Amendment.Number, in slug: BillSlug, entry: QueueEntry?, tally: Tally? = nil)
        async throws -> PromotionView?
    {
        if let entry {
            let stamp = try? JSONDecoder().decode(PromotionDecision.self, from: Data(entry.stamp.utf8))
            return PromotionView(
                promoted: true, criteria: stamp?.criteria ?? [], explanation: stamp?.explanation ?? "",
                promotedAt: entry.promotedAt)
        }
        let evaluation = try await promotionBoard.evaluation(of: slug, at: now(), store: participation)
        guard let rule = evaluation.rule,
            var candidate = evaluation.candidate(number)
        else { return nil }
        // The bill as evaluated a moment ago, this amendment as it stands now: a reader who just
        // voted sees their vote in the explanation.
        if let tally {
            candidate.supports = tally.for
            candidate.against = tally.against
        }
        // A rank costs a pass over every candidate: made only for a rule that ranks.
        let ranks = rule.criteria.contains { if case .topPerArticle = $0 { true } else { false } }
        let decision = rule.decision(
            for: candidate, participants: evaluation.inputs.participants,
            rank: ranks
                ? PromotionRule.rank(of: candidate, among: evaluation.inputs.candidates)
                : (1, candidate.articles.sorted().first ?? ""),
            now: Int64(now().timeIntervalSince1970))
        return PromotionView(
            promoted: false, criteria: decision.criteria, explanation: decision.explanation, promotedAt: nil)
    }

    /// The opinion and decision of a queue entry, as everyone sees them.
    static func reviewView(_ entry: QueueEntry?) -> ReviewView? {
        guard let entry else { return nil }
        return ReviewView(
            opinion: entry.opinion?.rawValue, comment: entry.opinion == nil ? nil : entry.opinionComment,
            opinionAt: entry.opinionAt, decision: entry.decision?.rawValue, decisionAt: entry.decisionAt)
    }
}
