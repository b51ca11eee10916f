import Foundation
import Legislation
import Participation
import PostgresNIO

extension PostgresParticipationStore {
    public func createAccount(
        id: Account.ID, handle: Handle, passwordHash: String, role: Role, at: Date, reservation: String,
        byItself: Bool
    ) async throws -> Account {
        let at = Self.stored(at)
        do {
            try await write { connection in
                var reserved = false
                for try await _ in try await connection.query(
                    "SELECT 1 FROM reserved_handle WHERE digest = \(reservation) AND until > \(at)", logger: logger)
                {
                    reserved = true
                }
                guard !reserved else {
                    throw ParticipationError(.duplicate, "the handle \(handle) is not available; choose another")
                }
                for try await existing in try await connection.query(
                    "SELECT handle FROM account WHERE handle_skeleton = \(handle.skeleton)", logger: logger
                ).decode(String.self) where existing != handle.value {
                    throw ParticipationError(
                        .duplicate, "the handle \(handle) looks too much like one already taken; choose another")
                }
                try await connection.query(
                    """
                    INSERT INTO account (id, handle, handle_skeleton, password_hash, role, created_at)
                    VALUES (\(id.rawValue), \(handle.value), \(handle.skeleton), \(passwordHash), \(role.rawValue), \(at))
                    """, logger: logger)
                let pseudonym = try await pseudonym(connection, for: id)
                try await appendAudit(
                    connection, actor: byItself ? pseudonym : "system", action: "account.create", target: pseudonym,
                    detail: "role=\(role.rawValue)", at: at)
            }
        } catch  where Self.isDuplicateKey(error) {
            throw ParticipationError(.duplicate, "the handle \(handle) is already taken")
        }
        return Account(id: id, handle: handle, role: role, createdAt: at)
    }

    public func replacePasswordHash(of id: Account.ID, from old: String, to new: String) async throws {
        try await write { connection in
            try await connection.query(
                "UPDATE account SET password_hash = \(new) WHERE id = \(id.rawValue) AND password_hash = \(old)",
                logger: logger)
        }
    }

    public func installationSecret(named name: String, making make: () -> [UInt8]) async throws -> [UInt8] {
        let fresh = make()
        return try await write { connection in
            for try await value in try await connection.query(
                "SELECT value FROM installation_secret WHERE name = \(name)", logger: logger
            ).decode(ByteBuffer.self) {
                return Array(value.readableBytesView)
            }
            try await connection.query(
                "INSERT INTO installation_secret (name, value) VALUES (\(name), \(ByteBuffer(bytes: fresh)))",
                logger: logger)
            return fresh
        }
    }

    public func purgeExpiredSessions(at now: Date) async throws -> Int {
        try await write { connection in
            var count = 0
            for try await _ in try await connection.query(
                "DELETE FROM session WHERE expires_at <= \(now) RETURNING token_hash", logger: logger)
            {
                count += 1
            }
            return count
        }
    }

    public func credentials(for handle: Handle) async throws -> (account: Account, passwordHash: String)? {
        try await read { connection in
            for try await (id, text, role, createdAt, hash) in try await connection.query(
                """
                SELECT id, handle, role, created_at, password_hash FROM account WHERE lower(handle) = \(handle.value)
                """, logger: logger
            ).decode((String, String, String, Date, String).self) {
                guard let account = Self.account(id: id, handle: text, role: role, createdAt: createdAt) else {
                    return nil
                }
                return (account, hash)
            }
            return nil
        }
    }

    public func setRole(_ role: Role, of handle: Handle, at: Date, actor: String) async throws -> Account {
        try await write { connection in
            var found: Account?
            for try await (id, text, createdAt) in try await connection.query(
                """
                UPDATE account SET role = \(role.rawValue) WHERE lower(handle) = \(handle.value)
                RETURNING id, handle, created_at
                """, logger: logger
            ).decode((String, String, Date).self) {
                found = Self.account(id: id, handle: text, role: role.rawValue, createdAt: createdAt)
            }
            guard let account = found else { throw ParticipationError(.notFound, "there is no account \(handle)") }
            try await appendAudit(
                connection, actor: actor, action: "account.role",
                target: try await pseudonym(connection, for: account.id),
                detail: "role=\(role.rawValue)", at: at)
            return account
        }
    }

    public func createSession(tokenHash: String, for account: Account.ID, at: Date, expiresAt: Date) async throws {
        try await write { connection in
            try await connection.query(
                """
                INSERT INTO session (token_hash, account_id, created_at, expires_at)
                VALUES (\(tokenHash), \(account.rawValue), \(Self.stored(at)), \(Self.stored(expiresAt)))
                """, logger: logger)
            let pseudonym = try await pseudonym(connection, for: account)
            try await appendAudit(connection, actor: pseudonym, action: "session.create", target: pseudonym, at: at)
        }
    }

    public func account(forSession tokenHash: String, at now: Date) async throws -> Account? {
        try await read { connection in
            for try await (id, handle, role, createdAt) in try await connection.query(
                """
                SELECT account.id, account.handle, account.role, account.created_at
                FROM session JOIN account ON account.id = session.account_id
                WHERE session.token_hash = \(tokenHash) AND session.expires_at > \(now)
                """, logger: logger
            ).decode((String, String, String, Date).self) {
                return Self.account(id: id, handle: handle, role: role, createdAt: createdAt)
            }
            return nil
        }
    }

    public func deleteSession(tokenHash: String, at: Date) async throws -> Bool {
        try await write { connection in
            var account: String?
            for try await id in try await connection.query(
                "DELETE FROM session WHERE token_hash = \(tokenHash) RETURNING account_id", logger: logger
            ).decode(String.self) {
                account = id
            }
            guard let account else { return false }
            let pseudonym = try await pseudonym(connection, for: Account.ID(rawValue: account))
            try await appendAudit(connection, actor: pseudonym, action: "session.delete", target: pseudonym, at: at)
            return true
        }
    }

    public func account(id: Account.ID) async throws -> Account? {
        try await read { connection in
            for try await (handle, role, createdAt) in try await connection.query(
                "SELECT handle, role, created_at FROM account WHERE id = \(id.rawValue)", logger: logger
            ).decode((String, String, Date).self) {
                return Self.account(id: id.rawValue, handle: handle, role: role, createdAt: createdAt)
            }
            return nil
        }
    }

    public func accounts(ids: [Account.ID]) async throws -> [Account.ID: Account] {
        guard !ids.isEmpty else { return [:] }
        return try await read { connection in
            var accounts: [Account.ID: Account] = [:]
            for try await (id, handle, role, createdAt) in try await connection.query(
                "SELECT id, handle, role, created_at FROM account WHERE id = ANY(\(ids.map(\.rawValue)))",
                logger: logger
            ).decode((String, String, String, Date).self) {
                if let account = Self.account(id: id, handle: handle, role: role, createdAt: createdAt) {
                    accounts[account.id] = account
                }
            }
            return accounts
        }
    }

    /// The domain value of an account's stored fields; nil when one no longer validates.
    static func account(id: String, handle: String, role: String, createdAt: Date) -> Account? {
        guard let handle = Handle(handle), let role = Role(rawValue: role) else { return nil }
        return Account(id: Account.ID(rawValue: id), handle: handle, role: role, createdAt: createdAt)
    }
}
