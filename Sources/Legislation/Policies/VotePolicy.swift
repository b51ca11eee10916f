import Foundation

/// Who may vote on what: the facts a store reads in the vote's own transaction, and the one
/// check that decides on them.
public struct Ballot: Sendable, Equatable {
    /// When participation on the bill is open.
    public var window: ParticipationWindow
    /// The amendment's state; nil when the bill has no such amendment.
    public var state: AmendmentState?
    /// Whether moderation hides the amendment pending review.
    public var hidden: Bool

    /// Describes a ballot.
    public init(window: ParticipationWindow, state: AmendmentState?, hidden: Bool) {
        self.window = window
        self.state = state
        self.hidden = hidden
    }

    /// Why a person may not cast (`.vote`) or withdraw (`.withdrawVote`) a vote on amendment
    /// `number` of `bill` at `now`; nil when they may. A withdrawal needs the amendment and an
    /// open participation only, so that a vote on a text that closed can still be taken back
    /// while the bill is open.
    public func refusal(
        of action: ParticipationAction, amendment number: Amendment.Number, on bill: String, at now: Date
    ) -> PolicyRefusal? {
        guard let state else {
            return PolicyRefusal(
                .notFound, key: "amendment.notFound", parameters: ["bill": bill, "number": "\(number)"],
                message: "bill \(bill) has no amendment \(number)")
        }
        if let closed = window.refusal(of: action, on: bill, at: now) { return closed }
        guard action == .vote else { return nil }
        if case .failure(let refusal) = state.after(.vote, number: number) { return refusal }
        if hidden {
            return PolicyRefusal(
                .conflict, key: "amendment.hidden", parameters: ["number": "\(number)"],
                message: "amendment \(number) is hidden pending review by staff; votes resume if it is restored")
        }
        return nil
    }
}
