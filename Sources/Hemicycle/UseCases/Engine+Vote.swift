import Foundation
import Legislation
import Participation

extension Engine {
    /// Casts or changes the vote of the token's account on an amendment's current text; one vote
    /// per person, the tally kept in the same transaction. The token is checked inside that
    /// transaction, so a vote costs one database access, and a session ended meanwhile votes no more.
    public func vote(
        _ value: String, on number: Int, of slug: String, token: BearerToken
    ) async throws(HemicycleError) -> VoteView {
        try await translatingErrors {
            let ballot = try ballot(on: number, of: slug, token: token)
            guard let value = VoteValue(rawValue: value) else {
                throw HemicycleError(.invalidInput, "a vote's value is for, against or abstain")
            }
            let tally = try await participation.castVote(
                value, bill: ballot.slug, number: ballot.number, session: ballot.session, at: now())
            return VoteView(value: value.rawValue, tally: tally)
        }
    }

    /// Withdraws the vote of the token's account.
    public func withdrawVote(on number: Int, of slug: String, token: BearerToken) async throws(HemicycleError) {
        try await translatingErrors {
            let ballot = try ballot(on: number, of: slug, token: token)
            guard
                try await participation.withdrawVote(
                    bill: ballot.slug, number: ballot.number, session: ballot.session, at: now())
            else {
                throw HemicycleError(.notFound, "you have not voted on amendment \(number)")
            }
        }
    }

    /// The checks a vote's input passes before its write: a token that can be a session's, then a
    /// bill and an amendment number that can exist.
    private func ballot(on number: Int, of slug: String, token: BearerToken) throws -> (
        slug: BillSlug, number: Amendment.Number, session: String
    ) {
        guard let session = token.hash else { throw HemicycleError(.unauthenticated, Self.unknownSession) }
        let slug = try existingSlug(slug)
        guard let number = Amendment.Number(number) else {
            throw HemicycleError(.notFound, "bill \(slug) has no amendment \(number)")
        }
        return (slug, number, session)
    }
}
