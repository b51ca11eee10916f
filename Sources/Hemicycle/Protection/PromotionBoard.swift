import Foundation
import Legislation
import Participation

/// What the bill's rule is applied to (all its open amendments), kept a moment: every amendment shown
/// carries where it stands against the rule, and the rank a top-N criterion needs is computed
/// over the whole bill (one read of every open amendment). Pages and lists read many amendments a
/// second; they share one evaluation per bill for `lifetime` seconds instead of each re-reading
/// the bill. Queued texts are stamped in the store and never read from here.
final class PromotionBoard: @unchecked Sendable {
    /// One bill's evaluation.
    struct Evaluation: Sendable {
        /// When it was made.
        var at: Date
        /// The rule in force, as stored, and read.
        var ruleJSON: String?
        var rule: PromotionRule?
        /// What the rule is applied to: the open amendments that are not hidden, and the
        /// bill's participants.
        var inputs: PromotionInputs
        /// Where each amendment is among `inputs.candidates`: a page listing fifty looks each
        /// up, not through ten thousand.
        var positions: [Amendment.Number: Int]

        init(at: Date, ruleJSON: String?, rule: PromotionRule?, inputs: PromotionInputs) {
            self.at = at
            self.ruleJSON = ruleJSON
            self.rule = rule
            self.inputs = inputs
            positions = Dictionary(
                inputs.candidates.enumerated().map { ($1.number, $0) }, uniquingKeysWith: { first, _ in first })
        }

        /// An amendment among the candidates, if it is one.
        func candidate(_ number: Amendment.Number) -> PromotionCandidate<Amendment.Number>? {
            positions[number].map { inputs.candidates[$0] }
        }
    }

    private let lock = NSLock()
    private var evaluations: [BillSlug: Evaluation] = [:]
    private var pending: [BillSlug: Task<Evaluation, any Error>] = [:]
    /// How long an evaluation is used.
    let lifetime: TimeInterval

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    /// The bill's evaluation, made again when older than `lifetime` (or forgotten); readers
    /// arriving while it is being made wait for that one, so a bill is read at most once per
    /// `lifetime` whatever the readers (simulations need its amendments, rule or not).
    func evaluation(
        of bill: BillSlug, at now: Date, store: any ParticipationStore
    ) async throws -> Evaluation {
        enum Found {
            case kept(Evaluation)
            case making(Task<Evaluation, any Error>)
        }
        let lifetime = lifetime
        let found: Found = lock.withLock {
            if let kept = evaluations[bill], now.timeIntervalSince(kept.at) < lifetime, now >= kept.at {
                return .kept(kept)
            }
            if let making = pending[bill] { return .making(making) }
            let task = Task { [self] in
                defer { lock.withLock { pending[bill] = nil } }
                let json = try await store.promotionRule(bill: bill)
                let rule = PromotionRule.cached(json)
                let inputs = try await store.promotionInputs(bill: bill)
                let evaluation = Evaluation(at: now, ruleJSON: json, rule: rule, inputs: inputs)
                lock.withLock {
                    if evaluations.count > 1_000 { evaluations.removeAll() }
                    evaluations[bill] = evaluation
                }
                return evaluation
            }
            pending[bill] = task
            return .making(task)
        }
        switch found {
        case .kept(let evaluation): return evaluation
        case .making(let task): return try await task.value
        }
    }

    /// Drops a bill's evaluation (its rule changed).
    func forget(_ bill: BillSlug) {
        lock.withLock { evaluations[bill] = nil }
    }
}
