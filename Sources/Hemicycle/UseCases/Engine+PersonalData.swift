import Foundation
import Legislation
import Participation

/// Everything Hemicycle holds about the caller, as they receive it.
public struct PersonalDataView: Codable, Sendable, Equatable {
    /// One amendment of theirs.
    public struct AmendmentEntry: Codable, Sendable, Equatable {
        public var bill: String
        public var number: Int
        public var title: String
    }

    /// One vote of theirs.
    public struct VoteEntry: Codable, Sendable, Equatable {
        public var bill: String
        public var amendment: Int
        public var value: String
        public var castAt: Date
        /// Its receipt in the bill's public participation ledger.
        public var receipt: String
    }

    /// One comment of theirs.
    public struct CommentEntry: Codable, Sendable, Equatable {
        public var bill: String
        public var id: Int64
        public var body: String
        public var createdAt: Date
    }

    /// One thing they did, from the audit log.
    public struct ActionEntry: Codable, Sendable, Equatable {
        public var at: Date
        public var action: String
        public var target: String
    }

    /// Their account.
    public var account: AccountView
    /// When it was created.
    public var createdAt: Date
    /// Sessions still open (tokens are never stored, so none can be shown).
    public var openSessions: Int
    public var amendments: [AmendmentEntry]
    public var votes: [VoteEntry]
    public var comments: [CommentEntry]
    public var actions: [ActionEntry]
}

extension Engine {
    /// Everything held about the caller.
    public func exportPersonalData(of identity: Identity) async throws(HemicycleError) -> PersonalDataView {
        try await translatingErrors {
            guard let data = try await participation.personalData(of: identity.account.id, at: now()) else {
                throw HemicycleError(.notFound, "this account no longer exists")
            }
            var receipts: [String: Receipts] = [:]
            var votes: [PersonalDataView.VoteEntry] = []
            for vote in data.votes {
                guard let slug = BillSlug(vote.bill), let number = Amendment.Number(vote.number) else { continue }
                if receipts[vote.bill] == nil { receipts[vote.bill] = try await self.receipts(of: slug) }
                votes.append(
                    .init(
                        bill: vote.bill, amendment: vote.number, value: vote.value, castAt: vote.castAt,
                        receipt: receipts[vote.bill]!.receipt(of: identity.account.id, on: number)))
            }
            return PersonalDataView(
                account: AccountView(data.account), createdAt: data.account.createdAt, openSessions: data.openSessions,
                amendments: data.amendments.map { .init(bill: $0.bill, number: $0.number, title: $0.title) },
                votes: votes,
                comments: data.comments.map { .init(bill: $0.bill, id: $0.id, body: $0.body, createdAt: $0.createdAt) },
                actions: data.auditEntries.map { .init(at: $0.at, action: $0.action, target: $0.target) })
        }
    }

    /// Erases the caller: their handle, password, sessions, reports and the links from their
    /// pseudonyms go; their votes still count, as anonymous counts; their amendments and comments
    /// stay under "deleted account". Git and the audit log only ever named them by pseudonyms
    /// whose links are gone, so no history is rewritten. The handle stays reserved for a while
    /// (`Limits.erasedHandleReservation`), so nobody takes it at once to pass for them.
    public func eraseAccount(of identity: Identity) async throws(HemicycleError) {
        try await translatingErrors {
            let at = now()
            try await participation.erase(
                identity.account.id, reservation: reservationDigest(identity.account.handle),
                reservedUntil: at.addingTimeInterval(configuration.limits.erasedHandleReservation), at: at)
            logger.info("account erased")
        }
    }
}
