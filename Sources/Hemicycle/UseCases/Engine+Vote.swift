import Foundation
import Legislation
import Participation

extension Engine {
    /// Casts or changes the caller's vote on an amendment's current text; one vote per person,
    /// the tally kept in the same transaction.
    public func vote(
        _ value: String, on number: Int, of slug: String, by identity: Identity
    ) async throws(HemicycleError) -> VoteView {
        try await translatingErrors {
            let slug = try existingSlug(slug)
            guard let value = VoteValue(rawValue: value) else {
                throw HemicycleError(.invalidInput, "a vote's value is for, against or abstain")
            }
            guard let number = Amendment.Number(number) else {
                throw HemicycleError(.notFound, "no amendment \(number)")
            }
            let tally = try await participation.castVote(
                value, bill: slug.value, number: number, by: identity.account.id, at: now())
            return VoteView(value: value.rawValue, tally: tally)
        }
    }

    /// Withdraws the caller's vote.
    public func withdrawVote(on number: Int, of slug: String, by identity: Identity) async throws(HemicycleError) {
        try await translatingErrors {
            let slug = try existingSlug(slug)
            guard let number = Amendment.Number(number),
                try participation.amendment(bill: slug.value, number: number) != nil
            else {
                throw HemicycleError(.notFound, "bill \(slug) has no amendment \(number)")
            }
            guard
                try await participation.withdrawVote(
                    bill: slug.value, number: number, by: identity.account.id, at: now())
            else {
                throw HemicycleError(.notFound, "you have not voted on amendment \(number)")
            }
        }
    }
}
