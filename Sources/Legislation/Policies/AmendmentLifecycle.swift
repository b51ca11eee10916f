/// Where an amendment stands. Stored as its raw value; the stores accept every case, so a later
/// feature that starts using one needs no table rebuild.
public enum AmendmentState: String, Sendable, Codable, CaseIterable {
    /// Open for support and debate.
    case proposed
    /// Withdrawn by its author: kept, as parliaments keep them, and closed.
    case withdrawn
    /// Promoted by the bill's rule into the rapporteur's queue; still open for support.
    case promoted
    /// Adopted into a new version of the bill.
    case adopted
    /// Rejected by the rapporteur.
    case rejected
    /// No longer applies to the current text; its author may revise it onto that text.
    case conflicted

    /// Whether votes are taken on it.
    public var acceptsVotes: Bool { self == .proposed || self == .promoted }

    /// The states of an open amendment (votes taken, no decision made): those an adoption carries
    /// onto its new version, or marks conflicted.
    public static let open = allCases.filter(\.acceptsVotes).map(\.rawValue)
}

/// What happens to an amendment.
public enum AmendmentAction: String, Sendable, CaseIterable {
    /// Its author withdraws it.
    case withdraw
    /// Its author revises its text.
    case revise
    /// Someone votes on it (it keeps its state).
    case vote
    /// The bill's rule promotes it into the queue.
    case promote
    /// The rapporteur adopts it.
    case adopt
    /// The rapporteur rejects it.
    case reject
    /// A new version of the bill no longer lets it apply.
    case conflict

    /// The action as the end of a sentence ("cannot be withdrawn").
    public var participle: String {
        switch self {
        case .withdraw: "withdrawn"
        case .revise: "revised"
        case .vote: "voted on"
        case .promote: "promoted"
        case .adopt: "adopted"
        case .reject: "rejected"
        case .conflict: "marked as conflicting"
        }
    }
}

extension AmendmentState {
    /// The state after `action`, or the one refusal saying why it cannot happen in this state.
    /// The only place that says which action an amendment allows in which state.
    public func after(_ action: AmendmentAction, number: Amendment.Number) -> Result<AmendmentState, PolicyRefusal> {
        let next: AmendmentState? =
            switch (action, self) {
            case (.withdraw, .proposed), (.withdraw, .promoted), (.withdraw, .conflicted): .withdrawn
            case (.revise, .proposed), (.revise, .conflicted): .proposed
            case (.revise, .promoted): .promoted
            case (.vote, .proposed), (.vote, .promoted): self
            case (.promote, .proposed): .promoted
            case (.adopt, .promoted): .adopted
            case (.reject, .proposed), (.reject, .promoted): .rejected
            case (.conflict, .proposed), (.conflict, .promoted): .conflicted
            default: nil
            }
        if let next { return .success(next) }
        if action == .vote {
            return .failure(
                PolicyRefusal(
                    .conflict, key: "amendment.votesClosed", parameters: ["number": "\(number)", "state": rawValue],
                    message: "amendment \(number) is \(rawValue): votes are closed"))
        }
        return .failure(
            PolicyRefusal(
                .conflict, key: "amendment.transition",
                parameters: ["number": "\(number)", "state": rawValue, "action": action.rawValue],
                message: "amendment \(number) is \(rawValue) and cannot be \(action.participle)"))
    }
}
