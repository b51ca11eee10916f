import Foundation

/// The rapporteur's opinion on a queued amendment, in the words of the Assemblée nationale.
public enum Opinion: String, Sendable, Codable, CaseIterable {
    case favorable
    case defavorable = "défavorable"
    case sagesse
    case demandeDeRetrait = "demande de retrait"

    /// An opinion as typed: with or without accents, with spaces, hyphens or underscores
    /// (`défavorable`, `defavorable`, `demande de retrait`, `demande-de-retrait`); nil otherwise.
    public init?(parsing text: String) {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
            .split(separator: " ").joined(separator: " ")
        guard
            let opinion = Self.allCases.first(where: {
                $0.rawValue.folding(options: [.diacriticInsensitive], locale: nil) == folded
            })
        else { return nil }
        self = opinion
    }
}

/// What the rapporteur decided on a queued amendment. A decision is recorded once; `adopted`
/// leaves the amendment in the queue until its adoption into a new version merges it.
public enum Decision: String, Sendable, Codable, CaseIterable {
    case adopted, rejected, withdrawn

    /// The decision as a French report words it: `adopté`, `rejeté`, `retiré`.
    public var french: String {
        switch self {
        case .adopted: "adopté"
        case .rejected: "rejeté"
        case .withdrawn: "retiré"
        }
    }

    /// The move of the amendment's state the decision makes now, if any.
    public var action: AmendmentAction? {
        switch self {
        case .adopted: nil
        case .rejected: .reject
        case .withdrawn: .withdraw
        }
    }
}

/// Who may give an opinion or a decision on a bill's queue: staff, or a rapporteur assigned to
/// that bill. The facts are read in the store's transaction.
public struct QueueReviewer: Sendable, Equatable {
    /// The person's role.
    public var role: Role
    /// Whether they are assigned as rapporteur on the bill.
    public var assigned: Bool

    /// Describes a reviewer.
    public init(role: Role, assigned: Bool) {
        self.role = role
        self.assigned = assigned
    }

    /// Why this person may not review the queue of `bill`; nil when they may.
    public func refusal(on bill: String) -> PolicyRefusal? {
        if role >= .staff || assigned { return nil }
        return PolicyRefusal(
            .forbidden, key: "queue.forbidden", parameters: ["bill": bill],
            message: "only the rapporteurs assigned to bill \(bill), or staff, give opinions and decisions on its queue"
        )
    }

    /// Why an amendment the rapporteur decided on cannot be revised or withdrawn by its author:
    /// the decision was made on its text, which is frozen from then on; nil for other actions or
    /// an amendment not decided.
    public static func frozen(_ number: Amendment.Number, decision: Decision?, action: AmendmentAction)
        -> PolicyRefusal?
    {
        guard let decision, action == .revise || action == .withdraw else { return nil }
        return PolicyRefusal(
            .conflict, key: "amendment.decided", parameters: ["number": "\(number)", "decision": decision.rawValue],
            message:
                "amendment \(number) was decided \(decision.rawValue) by the rapporteur: its text can no longer be \(action.participle)"
        )
    }

    /// The refusal of a review of an amendment that is not in the queue.
    public static func notQueued(_ number: Amendment.Number) -> PolicyRefusal {
        PolicyRefusal(
            .conflict, key: "queue.notQueued", parameters: ["number": "\(number)"],
            message: "amendment \(number) is not in the rapporteur's queue")
    }

    /// Why decision `deciding` cannot be recorded on amendment `number`: it was decided already
    /// (a decision is recorded once), or it is to be adopted but is no longer promoted (withdrawn,
    /// conflicted); nil when it can.
    public static func decisionRefusal(
        number: Amendment.Number, decided: Decision?, deciding: Decision, state: AmendmentState
    ) -> PolicyRefusal? {
        if let decided {
            return PolicyRefusal(
                .conflict, key: "queue.decided", parameters: ["number": "\(number)", "decision": decided.rawValue],
                message: "amendment \(number) was already decided \(decided.rawValue)")
        }
        if deciding == .adopted, case .failure(let refusal) = state.after(.adopt, number: number) { return refusal }
        return nil
    }
}
