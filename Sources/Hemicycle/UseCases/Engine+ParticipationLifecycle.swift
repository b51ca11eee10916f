import Foundation
import Legislation

/// A change staff make to when participation on a bill is open; what is nil stays as it is.
public struct ParticipationChange: Sendable, Equatable {
    /// A date of the window: cleared, or set.
    public enum DateSetting: Sendable, Equatable {
        case clear
        case at(Date)

        var date: Date? {
            switch self {
            case .clear: nil
            case .at(let date): date
            }
        }
    }

    /// Staff's switch: open or closed.
    public var open: Bool?
    /// When participation opens.
    public var opensAt: DateSetting?
    /// When participation closes.
    public var closesAt: DateSetting?

    /// Describes a change.
    public init(open: Bool? = nil, opensAt: DateSetting? = nil, closesAt: DateSetting? = nil) {
        self.open = open
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    /// Whether it changes anything.
    public var isEmpty: Bool { open == nil && opensAt == nil && closesAt == nil }
}

extension Engine {
    /// Staff open or close participation on a bill, or date its opening and closing; outside
    /// the window proposals, revisions, votes and comments are refused (`ParticipationWindow`).
    @discardableResult
    public func changeParticipation(_ change: ParticipationChange, on slug: BillSlug, by identity: Identity)
        async throws(HemicycleError) -> ParticipationWindow
    {
        try await translatingErrors {
            guard identity.account.role >= .staff else {
                throw HemicycleError(.forbidden, "only staff open or close participation on a bill")
            }
            _ = try shelf.repository(slug)
            var window = try await participation.participationWindow(bill: slug)
            if let open = change.open { window.open = open }
            if let opensAt = change.opensAt { window.opensAt = opensAt.date }
            if let closesAt = change.closesAt { window.closesAt = closesAt.date }
            if let refusal = ParticipationWindow.refusal(opensAt: window.opensAt, closesAt: window.closesAt) {
                throw HemicycleError(refusal)
            }
            try await participation.setParticipation(window, bill: slug, by: identity.account.id, at: now())
            if window.phase(at: now()) == .closed { try await promoteAfterChange(of: slug) }
            return window
        }
    }

    /// Staff open or close participation on a bill (its dates, if any, stay).
    public func setParticipation(open: Bool, on slug: BillSlug, by identity: Identity) async throws(HemicycleError) {
        try await changeParticipation(ParticipationChange(open: open), on: slug, by: identity)
    }

    /// Refuses `action` with the window's own message when participation on the bill is not open.
    func requireOpen(_ slug: BillSlug, for action: ParticipationAction) async throws {
        let window = try await participation.participationWindow(bill: slug)
        if let refusal = window.refusal(of: action, on: slug.value, at: now()) { throw HemicycleError(refusal) }
    }
}
