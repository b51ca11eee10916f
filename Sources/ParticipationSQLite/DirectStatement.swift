import GRDB
import GRDBSQLite

/// One of the connection's cached statements run straight on SQLite's C API: bound and read by
/// position, with none of GRDB's per-call argument arrays, row objects and execution hooks. For
/// the statements every vote runs (its checks, tallies, audit row and savepoint), where a profile
/// of the writer under load showed that per-call work costing more than SQLite's own. Nothing
/// else uses these statements' SQL, so GRDB never sees them in a state it did not leave them in.
struct DirectStatement {
    private let statement: Statement
    private let db: Database

    private var handle: OpaquePointer { statement.sqliteStatement }

    private init(_ statement: Statement, _ db: Database) {
        self.statement = statement
        self.db = db
    }

    /// Runs `body` with the statement of `sql`, then resets it and clears its bindings, whatever
    /// `body` did.
    static func with<T>(_ db: Database, _ sql: String, _ body: (DirectStatement) throws -> T) throws -> T {
        let direct = DirectStatement(try db.cachedStatement(sql: sql), db)
        defer {
            // The error of a failed step is returned again here; it was thrown already.
            sqlite3_reset(direct.handle)
            sqlite3_clear_bindings(direct.handle)
        }
        return try body(direct)
    }

    /// Runs the statement of `sql`, which takes no parameters and returns no row.
    static func execute(_ db: Database, _ sql: String) throws {
        try with(db, sql) { try $0.execute() }
    }

    /// Binds text to the 1-based parameter `index` (SQLite copies it).
    func bind(_ text: String, at index: Int32) {
        sqlite3_bind_text(handle, index, text, -1, Self.transient)
    }

    /// Binds an integer to the 1-based parameter `index`.
    func bind(_ value: Int, at index: Int32) {
        sqlite3_bind_int64(handle, index, sqlite3_int64(value))
    }

    /// Steps once: true when a row is ready to read, false when the statement is done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            throw DatabaseError(
                resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)),
                message: db.lastErrorMessage ?? "SQLite error \(code)", sql: statement.sql)
        }
    }

    /// Steps to the end, for statements run for their effect.
    func execute() throws {
        while try step() {}
    }

    /// The text of the 0-based column `index` of the current row; nil when it is NULL.
    func text(_ index: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, index) else { return nil }
        return String(cString: bytes)
    }

    /// The integer of the 0-based column `index` of the current row (0 when NULL).
    func int(_ index: Int32) -> Int {
        Int(sqlite3_column_int64(handle, index))
    }

    /// SQLite's "copy the value now" destructor.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
