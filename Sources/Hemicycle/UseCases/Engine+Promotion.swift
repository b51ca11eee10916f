import Foundation
import Legislation
import Participation

/// The bills whose window was closed when their rule was last applied at closing, with that
/// window: the rule is applied at a close once, again only if the window changes.
final class ClosedBills: @unchecked Sendable {
    private let lock = NSLock()
    private var windows: [BillSlug: ParticipationWindow] = [:]

    /// Whether the bill was promoted at the close of this very window.
    func contains(_ bill: BillSlug, _ window: ParticipationWindow) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return windows[bill] == window
    }

    func insert(_ bill: BillSlug, _ window: ParticipationWindow) {
        lock.lock()
        windows[bill] = window
        lock.unlock()
    }
}

extension Engine {
    /// Applies each bill's rule where time alone can change its decision: once when
    /// participation has closed (an `atClose` rule's only evaluation, and a last pass of a
    /// continuous one), and, while open, for a continuous rule with a minimum age (an amendment
    /// that met the other criteria while too young is queued once old enough, without waiting
    /// for a vote). What the server runs every minute; returns how many amendments it queued.
    @discardableResult
    public func applyPromotionRules() async throws(HemicycleError) -> Int {
        try await translatingErrors {
            var queued = 0
            for slug in try shelf.slugs() {
                guard let rule = PromotionRule.stored(try await participation.promotionRule(bill: slug)) else {
                    continue
                }
                let window = try await participation.participationWindow(bill: slug)
                switch window.phase(at: now()) {
                case .closed:
                    if closedAndPromoted.contains(slug, window) { continue }
                    queued += try await participation.promote(bill: slug, at: now(), closing: true).count
                    closedAndPromoted.insert(slug, window)
                case .open:
                    let ages = rule.criteria.contains { if case .minimumAgeHours = $0 { true } else { false } }
                    if ages && rule.evaluation == .continuous {
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
        if closed { closedAndPromoted.insert(slug, window) }
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
            var candidate = evaluation.inputs.candidates.first(where: { $0.number == number })
        else { return nil }
        // The bill as evaluated a moment ago, this amendment as it stands now: a reader who just
        // voted sees their vote in the explanation.
        if let tally {
            candidate.supports = tally.for
            candidate.against = tally.against
        }
        let decision = rule.decision(
            for: candidate, participants: evaluation.inputs.participants,
            rank: PromotionRule.rank(of: candidate, among: evaluation.inputs.candidates),
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
