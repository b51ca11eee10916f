import Foundation
import GRDB
import Participation

/// The participation store: accounts, sessions and the audit log in SQLite, through GRDB. One
/// `Sendable` façade with intent-named methods; the schema's constraints carry the invariants.
public struct ParticipationDatabase: Sendable {
    let writer: any DatabaseWriter
    /// The digest used to chain audit rows (SHA-256, handed in so this module stays free of it).
    let digest: @Sendable ([UInt8]) -> [UInt8]
    /// Votes go through group commit: many per durable transaction.
    let groupCommit: GroupCommit

    /// Wraps a database and brings its schema up to date.
    public init(_ writer: any DatabaseWriter, digest: @escaping @Sendable ([UInt8]) -> [UInt8]) throws {
        self.writer = writer
        self.digest = digest
        self.groupCommit = GroupCommit(writer)
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw ParticipationError(.storage, "cannot prepare the database: \(error)")
        }
    }

    /// Opens (creating if needed) the database file at `path`: WAL, a busy timeout, foreign keys,
    /// and `synchronous=FULL` so an acknowledged write survives a power cut.
    public static func open(path: String, digest: @escaping @Sendable ([UInt8]) -> [UInt8]) throws
        -> ParticipationDatabase
    {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // Deleted rows are overwritten with zeros, so an erased person's handle and password
            // hash do not linger in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // DatabasePool sets synchronous=NORMAL on its writer after prepareDatabase runs; the
            // writer is one connection, so setting FULL once here holds for its life.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // Checkpoint every 16 MiB of log rather than 4: a page written by many commits
                // meanwhile (a tally, the audit log's tail) is copied back once.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 4096")
            }
            return try ParticipationDatabase(pool, digest: digest)
        } catch let error as ParticipationError {
            throw error
        } catch {
            throw ParticipationError(.storage, "cannot open the database at \(path): \(error)")
        }
    }

    /// The writer connection's `PRAGMA synchronous` (2 = FULL).
    public func synchronousMode() throws -> Int {
        try writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Finishes the writes in flight; the file closes with the last reference to the database.
    public func close() async {
        await groupCommit.drained()
    }

    /// The database's journal mode (`wal` on disk).
    public func journalMode() throws -> String {
        try writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-accounts") { db in
            try db.create(table: "account") { table in
                table.primaryKey("id", .text)
                table.column("handle", .text).notNull().unique().collate(.nocase)
                table.column("passwordHash", .text).notNull()
                table.column("role", .text).notNull()
                    .check(sql: "role IN ('citizen', 'rapporteur', 'staff', 'admin')")
                table.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "session") { table in
                table.primaryKey("tokenHash", .text)
                table.column("accountId", .text).notNull().indexed()
                    .references("account", onDelete: .cascade)
                table.column("createdAt", .datetime).notNull()
                table.column("expiresAt", .datetime).notNull()
            }
            try db.create(table: "auditLog") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("at", .datetime).notNull()
                table.column("actor", .text).notNull()
                table.column("action", .text).notNull()
                table.column("target", .text).notNull()
                table.column("detail", .text).notNull().defaults(to: "")
                table.column("previousHash", .text).notNull()
                table.column("hash", .text).notNull().unique()
            }
            // The audit log is append-only.
            try db.execute(
                sql: """
                    CREATE TRIGGER auditLogNoUpdate BEFORE UPDATE ON auditLog
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER auditLogNoDelete BEFORE DELETE ON auditLog
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """)
        }
        migrator.registerMigration("v2-amendments") { db in
            try db.create(table: "amendment") { table in
                table.column("billSlug", .text).notNull()
                table.column("number", .integer).notNull().check { $0 >= 1 }
                table.primaryKey(["billSlug", "number"])
                table.column("title", .text).notNull()
                table.column("summary", .text).notNull()
                table.column("state", .text).notNull().check(sql: "state IN ('proposed', 'withdrawn')")
                // Kept when the author erases their account: the amendment stays, unattributed.
                table.column("authorId", .text).references("account", onDelete: .setNull)
                table.column("baseVersion", .text).notNull()
                table.column("head", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "amendmentByAuthor", on: "amendment", columns: ["authorId"])
        }
        migrator.registerMigration("v3-votes") { db in
            // The patch identity of an amendment's current text, on which votes are cast.
            try db.alter(table: "amendment") { $0.add(column: "revision", .text).notNull().defaults(to: "") }
            // One vote per person and amendment: the primary key, not a check in code.
            try db.create(table: "vote") { table in
                table.column("billSlug", .text).notNull()
                table.column("number", .integer).notNull()
                table.column("accountId", .text).notNull().references("account", onDelete: .cascade)
                table.primaryKey(["billSlug", "number", "accountId"])
                table.column("value", .text).notNull().check(sql: "value IN ('for', 'against', 'abstain')")
                // The patch identity of the text the vote was cast on.
                table.column("revision", .text).notNull()
                table.column("castAt", .datetime).notNull()
                table.foreignKey(["billSlug", "number"], references: "amendment", onDelete: .cascade)
            }
            // Tallies per text of an amendment, kept in the vote's transaction so reading is O(1).
            try db.create(table: "tally") { table in
                table.column("billSlug", .text).notNull()
                table.column("number", .integer).notNull()
                table.column("revision", .text).notNull()
                table.primaryKey(["billSlug", "number", "revision"])
                table.column("supports", .integer).notNull().defaults(to: 0).check { $0 >= 0 }
                table.column("oppositions", .integer).notNull().defaults(to: 0).check { $0 >= 0 }
                table.column("abstentions", .integer).notNull().defaults(to: 0).check { $0 >= 0 }
            }
        }
        migrator.registerMigration("v4-participation-lifecycle") { db in
            // Whether citizens may propose, revise, vote and comment on a bill; open when absent.
            try db.create(table: "billParticipation") { table in
                table.primaryKey("billSlug", .text)
                table.column("open", .boolean).notNull()
                table.column("changedAt", .datetime).notNull()
                table.column("changedBy", .text).notNull()
            }
        }
        migrator.registerMigration("v5-comments") { db in
            try db.create(table: "comment") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("billSlug", .text).notNull()
                // What the comment is about: an amendment (its number) or an article (its label).
                table.column("targetKind", .text).notNull().check(sql: "targetKind IN ('amendment', 'article')")
                table.column("target", .text).notNull()
                table.column("parentId", .integer).references("comment", onDelete: .restrict)
                table.column("authorId", .text).references("account", onDelete: .setNull)
                table.column("body", .text).notNull().check(sql: "length(body) <= 10000")
                table.column("stance", .text).notNull().check(sql: "stance IN ('pro', 'con', 'neutral')")
                table.column("deleted", .boolean).notNull().defaults(to: false)
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "commentByTarget", on: "comment", columns: ["billSlug", "targetKind", "target", "id"])
        }
        migrator.registerMigration("v6-reports") { db in
            // One report per person and item: the primary key.
            try db.create(table: "report") { table in
                table.column("billSlug", .text).notNull()
                table.column("targetKind", .text).notNull().check(sql: "targetKind IN ('amendment', 'comment')")
                table.column("target", .text).notNull()
                table.column("reporterId", .text).notNull().references("account", onDelete: .cascade)
                table.primaryKey(["billSlug", "targetKind", "target", "reporterId"])
                table.column("reason", .text).notNull()
                table.column("createdAt", .datetime).notNull()
            }
            // Whether an item is hidden, and why: automatically at three reports, or by staff.
            try db.create(table: "moderation") { table in
                table.column("billSlug", .text).notNull()
                table.column("targetKind", .text).notNull()
                table.column("target", .text).notNull()
                table.primaryKey(["billSlug", "targetKind", "target"])
                table.column("hidden", .boolean).notNull()
                table.column("reason", .text).notNull()
                table.column("decidedBy", .text).notNull()
                table.column("decidedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v7-audit-log-without-hash-index") { db in
            // A unique index on the hashes made every write touch a random page of it (votes
            // above all, under group commit); the chain is checked by following it, which needs
            // no index. SQLite cannot drop a column's UNIQUE, so the table is rebuilt (DROP TABLE
            // fires no DELETE trigger) and its append-only triggers made again.
            try db.execute(
                sql: """
                    CREATE TABLE auditLogRebuilt (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, at DATETIME NOT NULL, actor TEXT NOT NULL,
                        action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '',
                        previousHash TEXT NOT NULL, hash TEXT NOT NULL);
                    INSERT INTO auditLogRebuilt SELECT id, at, actor, action, target, detail, previousHash, hash
                        FROM auditLog ORDER BY id;
                    DROP TABLE auditLog;
                    ALTER TABLE auditLogRebuilt RENAME TO auditLog;
                    CREATE TRIGGER auditLogNoUpdate BEFORE UPDATE ON auditLog
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER auditLogNoDelete BEFORE DELETE ON auditLog
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """)
        }
        migrator.registerMigration("v8-amendment-listing") { db in
            // The articles each amendment's current text changes, so lists need no git and can
            // be filtered by article.
            try db.create(table: "amendmentArticle") { table in
                table.column("billSlug", .text).notNull()
                table.column("number", .integer).notNull()
                table.column("label", .text).notNull()
                table.primaryKey(["billSlug", "number", "label"])
                table.foreignKey(["billSlug", "number"], references: "amendment", onDelete: .cascade)
            }
            try db.create(
                index: "amendmentArticleByLabel", on: "amendmentArticle", columns: ["billSlug", "label", "number"])
            // Supports for the current text, kept equal to its tally by triggers, to list by support.
            try db.alter(table: "amendment") { $0.add(column: "supports", .integer).notNull().defaults(to: 0) }
            try db.execute(
                sql: """
                    UPDATE amendment SET supports = coalesce((SELECT supports FROM tally WHERE
                        tally.billSlug = amendment.billSlug AND tally.number = amendment.number
                        AND tally.revision = amendment.revision), 0);
                    CREATE TRIGGER tallyInsertedSupports AFTER INSERT ON tally BEGIN
                        UPDATE amendment SET supports = NEW.supports WHERE billSlug = NEW.billSlug
                        AND number = NEW.number AND revision = NEW.revision;
                    END;
                    CREATE TRIGGER tallyUpdatedSupports AFTER UPDATE OF supports ON tally BEGIN
                        UPDATE amendment SET supports = NEW.supports WHERE billSlug = NEW.billSlug
                        AND number = NEW.number AND revision = NEW.revision;
                    END;
                    CREATE TRIGGER amendmentRevisedSupports AFTER UPDATE OF revision ON amendment BEGIN
                        UPDATE amendment SET supports = coalesce((SELECT supports FROM tally WHERE
                            tally.billSlug = NEW.billSlug AND tally.number = NEW.number
                            AND tally.revision = NEW.revision), 0)
                        WHERE billSlug = NEW.billSlug AND number = NEW.number;
                    END;
                    """)
            try db.create(index: "amendmentBySupport", on: "amendment", columns: ["billSlug", "supports", "number"])
        }
        migrator.registerMigration("v9-hardening") { db in
            try Self.migrateHardening(db)
        }
        migrator.registerMigration("v10-audit-chain-scheme") { db in
            // The encoding each row was hashed with: rows before are of scheme 1 (adding a column
            // updates no row, so the append-only triggers stand).
            try db.execute(sql: "ALTER TABLE auditLog ADD COLUMN chain INTEGER NOT NULL DEFAULT 1")
        }
        migrator.registerMigration("v11-policies") { db in
            try Self.migratePolicies(db)
        }
        migrator.registerMigration("v12-promotion-rule") { db in
            // The bill's promotion rule as JSON: new kinds of criterion need no migration.
            try db.alter(table: "billParticipation") { $0.add(column: "promotionRule", .text) }
        }
        migrator.registerMigration("v13-queue") { db in
            try Self.migrateQueue(db)
        }
        migrator.registerMigration("v14-dispositif") { db in
            // Each amendment's dispositif as worded for one head: an export reads it instead of
            // diffing every text again; one worded for an older head is not read.
            try db.execute(
                sql: """
                    CREATE TABLE amendmentDispositif (
                        billSlug TEXT NOT NULL, number INTEGER NOT NULL, head TEXT NOT NULL, dispositif TEXT NOT NULL,
                        PRIMARY KEY (billSlug, number),
                        FOREIGN KEY (billSlug, number) REFERENCES amendment (billSlug, number) ON DELETE CASCADE)
                    """)
        }
        migrator.registerMigration("v15-adoption") { db in
            // Why an amendment no longer applies after an adoption, until its author revises it.
            try db.execute(
                sql: """
                    CREATE TABLE amendmentConflict (
                        billSlug TEXT NOT NULL, number INTEGER NOT NULL, conflict TEXT NOT NULL,
                        PRIMARY KEY (billSlug, number),
                        FOREIGN KEY (billSlug, number) REFERENCES amendment (billSlug, number) ON DELETE CASCADE)
                    """)
        }
        migrator.registerMigration("v16-most-supported") { db in
            // Lists by support read most supported first, then by number: an index in that order
            // gives the first page without sorting every amendment of the bill.
            try db.execute(
                sql: "CREATE INDEX amendmentByMostSupported ON amendment (billSlug, supports DESC, number)")
            try db.drop(index: "amendmentBySupport")
        }
        return migrator
    }
}

extension ParticipationDatabase: ParticipationStore {}
