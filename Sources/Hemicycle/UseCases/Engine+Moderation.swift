import Foundation
import Legislation
import Participation

/// A report as a client sends it: `{"bill": "…", "kind": "amendment" | "comment", "target": "12", "reason": "…"}`.
public struct ReportInput: Codable, Sendable, Equatable {
    public var bill: String
    public var kind: String
    public var target: String
    public var reason: String?

    /// Creates an input.
    public init(bill: String, kind: String, target: String, reason: String? = nil) {
        self.bill = bill
        self.kind = kind
        self.target = target
        self.reason = reason
    }
}

/// The outcome of a report: whether the item is now hidden.
public struct ReportView: Codable, Sendable, Equatable {
    public var hidden: Bool
}

extension Engine {
    /// Any signed-in person reports an amendment or comment, once; at three distinct reports it is
    /// hidden pending staff review.
    public func report(_ input: ReportInput, by identity: Identity) async throws(HemicycleError) -> ReportView {
        try await translatingErrors {
            let slug = try existingSlug(input.bill)
            let item = try Self.item(input.kind, input.target)
            let reason = String((input.reason ?? "").prefix(1000))
            let hidden = try participation.report(
                item, bill: slug.value, reason: reason, by: identity.account.id, at: now())
            return ReportView(hidden: hidden)
        }
    }

    /// Staff hide or restore an amendment or comment, giving a reason.
    public func moderate(
        on slug: String, kind: String, target: String, hidden: Bool, reason: String, by identity: Identity
    ) async throws(HemicycleError) {
        try await translatingErrors {
            guard identity.account.role >= .staff else { throw HemicycleError(.forbidden, "only staff moderate") }
            let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...1000).contains(reason.count) else {
                throw HemicycleError(.invalidInput, "give a reason of 1 to 1,000 characters for the decision")
            }
            let slug = try existingSlug(slug)
            try participation.moderate(
                try Self.item(kind, target), bill: slug.value, hidden: hidden, reason: reason, by: identity.account.id,
                at: now())
        }
    }

    static func item(_ kind: String, _ target: String) throws -> ModeratedItem {
        switch kind {
        case "amendment":
            guard let number = Int(target).flatMap(Amendment.Number.init) else {
                throw HemicycleError(.notFound, "there is no amendment \(target.prefix(20))")
            }
            return .amendment(number)
        case "comment":
            guard let id = Int64(target) else {
                throw HemicycleError(.notFound, "there is no comment \(target.prefix(20))")
            }
            return .comment(id)
        default:
            throw HemicycleError(.invalidInput, "kind is amendment or comment")
        }
    }
}
