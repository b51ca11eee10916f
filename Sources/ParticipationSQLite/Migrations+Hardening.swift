import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// The schema of issue 11's hardening: handles unique by look-alike skeleton, pseudonyms
    /// for git and the audit log, erased handles held back, erased votes kept as counts only,
    /// reports that do not count, and a per-bill report threshold.
    static func migrateHardening(_ db: Database) throws {
        // Handles are unique by what they look like, not only by their letters.
        try db.alter(table: "account") { $0.add(column: "handleSkeleton", .text) }
        var taken: Set<String> = []
        for row in try Row.fetchAll(db, sql: "SELECT id, handle FROM account ORDER BY createdAt, id") {
            let id: String = row["id"]
            let handle: String = row["handle"]
            var skeleton = Handle(handle)?.skeleton ?? handle
            // Two accounts made before skeletons may look alike: both are kept, the later one
            // under a skeleton no new handle can have.
            if !taken.insert(skeleton).inserted { skeleton += "#" + id }
            try db.execute(sql: "UPDATE account SET handleSkeleton = ? WHERE id = ?", arguments: [skeleton, id])
        }
        try db.create(index: "accountBySkeleton", on: "account", columns: ["handleSkeleton"], options: .unique)
        // The link between a pseudonym (in git, in the audit log) and its account: erasing the
        // account deletes it, and with it the only way to tell whose actions those were.
        try db.create(table: "pseudonym") { table in
            table.primaryKey("pseudonym", .text)
            table.column("accountId", .text).notNull().indexed().references("account", onDelete: .cascade)
        }
        try db.alter(table: "amendment") { $0.add(column: "pseudonym", .text) }
        // Erased handles stay reserved for a while, stored only as a keyed digest of their skeleton.
        try db.create(table: "reservedHandle") { table in
            table.primaryKey("digest", .text)
            table.column("until", .datetime).notNull()
        }
        // An erased person's votes still count, as counts that say nothing about who or when.
        try db.create(table: "erasedVote") { table in
            table.column("billSlug", .text).notNull()
            table.column("number", .integer).notNull()
            table.column("revision", .text).notNull()
            table.column("value", .text).notNull()
            table.primaryKey(["billSlug", "number", "revision", "value"])
            table.column("count", .integer).notNull().check { $0 >= 0 }
        }
        // Whether a report counts toward hiding (the moderation rule decides when it is made).
        try db.alter(table: "report") { table in
            table.add(column: "counts", .boolean).notNull().defaults(to: true)
            table.add(column: "whyNotCounted", .text)
        }
        try db.alter(table: "billParticipation") { $0.add(column: "reportsToHide", .integer) }
        try db.create(index: "commentByAuthor", on: "comment", columns: ["authorId"])
        try db.create(index: "sessionByExpiry", on: "session", columns: ["expiresAt"])
        // The key of the reserved handles' digests, made once per installation.
        try db.create(table: "installationSecret") { table in
            table.primaryKey("name", .text)
            table.column("value", .blob).notNull()
        }
    }
}
