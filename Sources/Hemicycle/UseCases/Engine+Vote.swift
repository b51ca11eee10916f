import Foundation
import Legislation
import Participation

extension Engine {
    /// Casts or changes the vote of the token's account on an amendment's current text; one vote
    /// per person, the tally kept in the same transaction. The token is checked inside that
    /// transaction, so a vote costs one database access, and a session ended meanwhile votes no more.
    public func vote(
        _ value: VoteValue, on number: Amendment.Number, of slug: BillSlug, token: BearerToken
    ) async throws(HemicycleError) -> VoteView {
        try await translatingErrors {
            let tally = try await participation.castVote(
                value, bill: slug, number: number, session: try session(of: token), at: now())
            return VoteView(value: value.rawValue, tally: tally)
        }
    }

    /// Withdraws the vote of the token's account.
    public func withdrawVote(on number: Amendment.Number, of slug: BillSlug, token: BearerToken)
        async throws(HemicycleError)
    {
        try await translatingErrors {
            guard
                try await participation.withdrawVote(
                    bill: slug, number: number, session: try session(of: token), at: now())
            else {
                throw HemicycleError(.notFound, "you have not voted on amendment \(number)")
            }
        }
    }

    /// The key of the session a token can be; the vote's transaction checks the session is live.
    private func session(of token: BearerToken) throws -> String {
        guard let session = token.hash else { throw HemicycleError(.unauthenticated, Self.unknownSession) }
        return session
    }
}
