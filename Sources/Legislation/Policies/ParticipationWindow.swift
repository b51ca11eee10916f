import Foundation

/// What citizens do that participation must be open for.
public enum ParticipationAction: String, Sendable, CaseIterable {
    case propose, revise, vote, withdrawVote, comment, editComment

    /// What is refused, as the end of a sentence ("no more votes").
    var refused: String {
        switch self {
        case .propose: "proposals"
        case .revise: "revisions"
        case .vote: "votes"
        case .withdrawVote: "changes to votes"
        case .comment: "comments"
        case .editComment: "changes to comments"
        }
    }
}

/// When citizens may take part in a bill: while staff have not closed it and, when dates are
/// set, from `opensAt` until `closesAt`. A bill whose closing time has passed refuses writes
/// without anyone flipping the switch.
public struct ParticipationWindow: Sendable, Equatable {
    /// Staff's switch: false once they close participation.
    public var open: Bool
    /// When participation opens, if it is dated.
    public var opensAt: Date?
    /// When participation closes, if it is dated.
    public var closesAt: Date?

    /// Creates a window; the default is open with no dates.
    public init(open: Bool = true, opensAt: Date? = nil, closesAt: Date? = nil) {
        self.open = open
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    /// Where participation stands at a moment.
    public enum Phase: String, Sendable, Equatable {
        /// Before `opensAt`.
        case upcoming
        /// Citizens may take part.
        case open
        /// Closed by staff or past `closesAt`.
        case closed
    }

    /// The phase at `now`.
    public func phase(at now: Date) -> Phase {
        if !open { return .closed }
        if let closesAt, now >= closesAt { return .closed }
        if let opensAt, now < opensAt { return .upcoming }
        return .open
    }

    /// The refusal of `action` on `bill` at `now`; nil while participation is open.
    public func refusal(of action: ParticipationAction, on bill: String, at now: Date) -> PolicyRefusal? {
        switch phase(at: now) {
        case .open:
            return nil
        case .upcoming:
            let date = Self.format(opensAt ?? now)
            return PolicyRefusal(
                .conflict, key: "participation.upcoming",
                parameters: ["bill": bill, "opensAt": date, "action": action.rawValue],
                message: "participation on \(bill) opens on \(date): no \(action.refused) before then")
        case .closed:
            if open, let closesAt {
                let date = Self.format(closesAt)
                return PolicyRefusal(
                    .conflict, key: "participation.ended",
                    parameters: ["bill": bill, "closesAt": date, "action": action.rawValue],
                    message: "participation on \(bill) closed on \(date): no more \(action.refused)")
            }
            return PolicyRefusal(
                .conflict, key: "participation.closed", parameters: ["bill": bill, "action": action.rawValue],
                message: "participation on \(bill) is closed: no more \(action.refused)")
        }
    }

    /// The refusal of dates that cannot make a window; nil when they can.
    public static func refusal(opensAt: Date?, closesAt: Date?) -> PolicyRefusal? {
        guard let opensAt, let closesAt, closesAt <= opensAt else { return nil }
        return PolicyRefusal(
            .invalidInput, key: "participation.datesOutOfOrder",
            parameters: ["opensAt": format(opensAt), "closesAt": format(closesAt)],
            message: "participation cannot close (\(format(closesAt))) before it opens (\(format(opensAt)))")
    }

    /// A moment as people and machines both read it: `2026-12-02T18:00:00Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
