import Foundation
import Legislation

extension Engine {
    /// Staff open or close participation on a bill; once closed, proposals, revisions and votes
    /// are refused.
    public func setParticipation(open: Bool, on slug: String, by identity: Identity) async throws(HemicycleError) {
        try await translatingErrors {
            guard identity.account.role >= .staff else {
                throw HemicycleError(.forbidden, "only staff open or close participation on a bill")
            }
            let slug = try existingSlug(slug)
            _ = try shelf.repository(slug)
            try await participation.setParticipation(open: open, bill: slug, by: identity.account.id, at: now())
        }
    }

    /// Refuses with a clear message when participation on the bill is closed.
    func requireOpen(_ slug: BillSlug) async throws {
        guard try await participation.isParticipationOpen(bill: slug) else {
            throw HemicycleError(.conflict, "participation on \(slug) is closed: no more proposals, revisions or votes")
        }
    }
}
