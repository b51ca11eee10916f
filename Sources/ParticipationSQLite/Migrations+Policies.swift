import Foundation
import GRDB
import Legislation

extension ParticipationDatabase {
    /// The schema of the policies' move to `Legislation`: participation gets its dated window,
    /// and the amendment table accepts every state the state machine knows, so the features
    /// that start using them need no table rebuild.
    static func migratePolicies(_ db: Database) throws {
        try db.alter(table: "billParticipation") { table in
            table.add(column: "opensAt", .datetime)
            table.add(column: "closesAt", .datetime)
        }
        // SQLite cannot change a CHECK in place: the table is rebuilt from its own definition
        // with the wider check (foreign keys are off during migrations, so nothing cascades), and
        // its indexes and triggers are made again.
        guard
            let definition = try String.fetchOne(
                db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'amendment'")
        else { return }
        let narrow = "state IN ('proposed', 'withdrawn')"
        let states = AmendmentState.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        guard definition.contains(narrow), let name = definition.range(of: "\"amendment\"") else {
            throw DatabaseError(message: "the amendment table's definition is not the one this migration knows")
        }
        let rebuilt =
            definition.replacingCharacters(in: name, with: "\"amendmentRebuilt\"")
            .replacingOccurrences(of: narrow, with: "state IN (\(states))")
        let dependents = try String.fetchAll(
            db,
            sql: """
                SELECT sql FROM sqlite_schema WHERE tbl_name = 'amendment' AND type IN ('index', 'trigger')
                AND sql IS NOT NULL ORDER BY type, name
                """)
        try db.execute(sql: "PRAGMA legacy_alter_table = ON")
        defer { try? db.execute(sql: "PRAGMA legacy_alter_table = OFF") }
        try db.execute(sql: rebuilt)
        try db.execute(sql: "INSERT INTO amendmentRebuilt SELECT * FROM amendment")
        try db.execute(sql: "DROP TABLE amendment")
        try db.execute(sql: "ALTER TABLE amendmentRebuilt RENAME TO amendment")
        for statement in dependents { try db.execute(sql: statement) }
    }
}
