import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// Creates an account, with its audit row, in one transaction. A taken handle (in any case),
    /// one that looks like a taken one (same skeleton), or one erased lately (its `reservation`
    /// digest held back until a date) is a `.duplicate` error and changes nothing. `byItself`
    /// records the new account as the actor (a sign-up), else `system` (an operator).
    public func createAccount(
        id: Account.ID, handle: Handle, passwordHash: String, role: Role, at: Date, reservation: String,
        byItself: Bool
    ) throws -> Account {
        let record = AccountRecord(
            id: id.rawValue, handle: handle.value, passwordHash: passwordHash, role: role.rawValue, createdAt: at)
        do {
            try writer.write { db in
                let reserved =
                    try Bool.fetchOne(
                        db, sql: "SELECT 1 FROM reservedHandle WHERE digest = ? AND until > ?",
                        arguments: [reservation, at]) ?? false
                guard !reserved else {
                    throw ParticipationError(.duplicate, "the handle \(handle) is not available; choose another")
                }
                if let existing = try String.fetchOne(
                    db, sql: "SELECT handle FROM account WHERE handleSkeleton = ?", arguments: [handle.skeleton]),
                    existing != handle.value
                {
                    throw ParticipationError(
                        .duplicate, "the handle \(handle) looks too much like one already taken; choose another")
                }
                try record.insert(db)
                try db.execute(
                    sql: "UPDATE account SET handleSkeleton = ? WHERE id = ?",
                    arguments: [handle.skeleton, id.rawValue])
                let pseudonym = try pseudonym(db, for: id)
                try appendAudit(
                    db, actor: byItself ? pseudonym : "system", action: "account.create", target: pseudonym,
                    detail: "role=\(role.rawValue)", at: at)
            }
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw ParticipationError(.duplicate, "the handle \(handle) is already taken")
        }
        return Account(id: id, handle: handle, role: role, createdAt: at)
    }

    /// Replaces an account's password hash (a stronger scheme on sign-in), if it is still `old`.
    public func replacePasswordHash(of id: Account.ID, from old: String, to new: String) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE account SET passwordHash = ? WHERE id = ? AND passwordHash = ?",
                arguments: [new, id.rawValue, old])
        }
    }

    /// The key of this installation's handle reservations, made on first use.
    public func installationSecret(named name: String, making make: () -> [UInt8]) throws -> [UInt8] {
        try writer.write { db in
            if let value = try Data.fetchOne(
                db, sql: "SELECT value FROM installationSecret WHERE name = ?", arguments: [name])
            {
                return Array(value)
            }
            let value = make()
            try db.execute(
                sql: "INSERT INTO installationSecret (name, value) VALUES (?, ?)", arguments: [name, Data(value)])
            return value
        }
    }

    /// Ends every session past its expiry; returns how many.
    @discardableResult
    public func purgeExpiredSessions(at now: Date) throws -> Int {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM session WHERE expiresAt <= ?", arguments: [Timestamp.text(now)])
            return db.changesCount
        }
    }

    /// The account with this handle (any case) and its password hash.
    public func credentials(for handle: Handle) throws -> (account: Account, passwordHash: String)? {
        try writer.read { db in
            guard let record = try AccountRecord.filter(AccountRecord.Columns.handle == handle.value).fetchOne(db),
                let account = record.account
            else { return nil }
            return (account, record.passwordHash)
        }
    }

    /// Changes an account's role, with its audit row.
    public func setRole(_ role: Role, of handle: Handle, at: Date, actor: String) throws -> Account {
        try writer.write { db in
            guard var record = try AccountRecord.filter(AccountRecord.Columns.handle == handle.value).fetchOne(db)
            else {
                throw ParticipationError(.notFound, "there is no account \(handle)")
            }
            record.role = role.rawValue
            try record.update(db)
            try appendAudit(
                db, actor: actor, action: "account.role",
                target: try pseudonym(db, for: Account.ID(rawValue: record.id)),
                detail: "role=\(role.rawValue)", at: at)
            guard let account = record.account else {
                throw ParticipationError(.storage, "account \(record.id) is invalid")
            }
            return account
        }
    }

    /// Records a session (the token's hash only), with its audit row.
    public func createSession(tokenHash: String, for account: Account.ID, at: Date, expiresAt: Date) throws {
        try writer.write { db in
            try SessionRecord(tokenHash: tokenHash, accountId: account.rawValue, createdAt: at, expiresAt: expiresAt)
                .insert(db)
            let pseudonym = try pseudonym(db, for: account)
            try appendAudit(db, actor: pseudonym, action: "session.create", target: pseudonym, at: at)
        }
    }

    /// The account a live session belongs to; nil when the token is unknown or expired.
    public func account(forSession tokenHash: String, at now: Date) throws -> Account? {
        // On every signed-in request: one cached statement, which SQLite runs in its own implicit
        // transaction, so no explicit one is opened around it. Columns are read by position, not
        // through `Codable`, whose decoding cost more than the query.
        try writer.unsafeRead { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT account.id, account.handle, account.role, account.createdAt
                            FROM session JOIN account ON account.id = session.accountId
                            WHERE session.tokenHash = ? AND session.expiresAt > ?
                            """), arguments: [tokenHash, Timestamp.text(now)])
            else { return nil }
            return AccountRecord.account(id: row[0], handle: row[1], role: row[2], createdAt: row[3])
        }
    }

    /// Ends a session, with its audit row; false when there was no such session.
    @discardableResult
    public func deleteSession(tokenHash: String, at: Date) throws -> Bool {
        try writer.write { db in
            guard let session = try SessionRecord.fetchOne(db, key: tokenHash) else { return false }
            try session.delete(db)
            let pseudonym = try pseudonym(db, for: Account.ID(rawValue: session.accountId))
            try appendAudit(db, actor: pseudonym, action: "session.delete", target: pseudonym, at: at)
            return true
        }
    }
}

extension ParticipationDatabase {
    /// The account with this id, if it still exists.
    public func account(id: Account.ID) throws -> Account? {
        try writer.read { try AccountRecord.fetchOne($0, key: id.rawValue)?.account }
    }

    public func accounts(ids: [Account.ID]) throws -> [Account.ID: Account] {
        guard !ids.isEmpty else { return [:] }
        return try writer.read { db in
            var accounts: [Account.ID: Account] = [:]
            for record in try AccountRecord.fetchAll(db, keys: Set(ids.map(\.rawValue))) {
                if let account = record.account { accounts[account.id] = account }
            }
            return accounts
        }
    }
}
