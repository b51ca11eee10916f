import Foundation
import GRDB

extension ParticipationDatabase {
    /// The hash of the chain's start.
    static let genesis = String(repeating: "0", count: 64)

    /// Appends one audit row in the caller's transaction, chained to the last one.
    func appendAudit(_ db: Database, actor: String, action: String, target: String, detail: String = "", at: Date)
        throws
    {
        let previous =
            try String.fetchOne(db, sql: "SELECT hash FROM auditLog ORDER BY id DESC LIMIT 1") ?? Self.genesis
        var record = AuditRecord(
            id: nil, at: at, actor: actor, action: action, target: target, detail: detail, previousHash: previous,
            hash: chainHash(previous: previous, at: at, actor: actor, action: action, target: target, detail: detail))
        try record.insert(db)
    }

    func chainHash(previous: String, at: Date, actor: String, action: String, target: String, detail: String) -> String
    {
        let fields = [previous, String(at.timeIntervalSince1970), actor, action, target, detail]
        // Fields are joined with a separator that cannot occur in them unescaped.
        let text = fields.map { $0.replacingOccurrences(of: "\u{1F}", with: "\u{1F}\u{1F}") }.joined(
            separator: "\u{1F}")
        return digest(Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The audit log, oldest first.
    public func auditLog() throws -> [AuditEntry] {
        try writer.read { db in
            try AuditRecord.order(Column("id")).fetchAll(db).map {
                AuditEntry(
                    id: $0.id ?? 0, at: $0.at, actor: $0.actor, action: $0.action, target: $0.target, detail: $0.detail)
            }
        }
    }

    /// The id of the first row whose hash does not follow from the rows before it; nil when the
    /// whole chain holds.
    public func firstBrokenAuditRow() throws -> Int64? {
        try writer.read { db in
            var previous = Self.genesis
            for record in try AuditRecord.order(Column("id")).fetchAll(db) {
                let expected = chainHash(
                    previous: previous, at: record.at, actor: record.actor, action: record.action,
                    target: record.target,
                    detail: record.detail)
                guard record.previousHash == previous, record.hash == expected else { return record.id }
                previous = record.hash
            }
            return nil
        }
    }
}
