import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// The open states, as a JSON array for `json_each`.
    static let openStates = "[" + AmendmentState.open.map { "\"\($0)\"" }.joined(separator: ",") + "]"

    public func recordAdoption(_ numbers: [Amendment.Number], into version: VersionNumber, bill: BillSlug, at: Date)
        throws
    {
        try writer.write { db in
            for number in numbers {
                let current = try String.fetchOne(
                    db, sql: "SELECT state FROM amendment WHERE billSlug = ? AND number = ?",
                    arguments: [bill, number.value]
                ).flatMap(AmendmentState.init(rawValue:))
                guard current != .adopted else { continue }
                let state = try Self.state(db, bill: bill, number: number, after: .adopt)
                try db.execute(
                    sql: "UPDATE amendment SET state = ?, updatedAt = ? WHERE billSlug = ? AND number = ?",
                    arguments: [state.rawValue, at, bill, number.value])
                try appendAudit(
                    db, actor: "system", action: "amendment.adopted", target: "\(bill)#\(number)",
                    detail: "version=\(version.name)", at: at)
            }
        }
    }

    public func carryAmendments(_ amendments: [CarriedAmendment], onto base: VersionNumber, bill: BillSlug, at: Date)
        throws -> [Amendment.Number]
    {
        let stored = try amendments.map { try $0.dispositif.map(StoredDispositif.encoded) }
        return try writer.write { db in
            var stale: [Amendment.Number] = []
            for (amendment, dispositif) in zip(amendments, stored) {
                try db.execute(
                    sql: """
                        UPDATE amendment SET head = ?, baseVersion = ?, revision = ?, updatedAt = ?
                        WHERE billSlug = ? AND number = ? AND head = ? AND state IN (SELECT value FROM json_each(?))
                            AND NOT EXISTS (SELECT 1 FROM queueReview r WHERE r.billSlug = amendment.billSlug
                                AND r.number = amendment.number AND r.decision IS NOT NULL)
                        """,
                    arguments: [
                        amendment.to, base.name, amendment.revision, at, bill, amendment.number.value, amendment.from,
                        Self.openStates,
                    ])
                guard db.changesCount == 1 else {
                    stale.append(amendment.number)
                    continue
                }
                try Self.replaceArticles(db, bill: bill, number: amendment.number, with: amendment.articles)
                if let dispositif {
                    try Self.storeDispositif(db, dispositif, head: amendment.to, bill: bill, number: amendment.number)
                }
                try appendAudit(
                    db, actor: "system", action: "amendment.carry", target: "\(bill)#\(amendment.number)",
                    detail: "head=\(amendment.to) base=\(base.name)", at: at)
            }
            return stale
        }
    }

    public func markConflicted(_ amendments: [ConflictedAmendment], bill: BillSlug, at: Date) throws
        -> [Amendment.Number]
    {
        let encoded = try amendments.map { String(decoding: try JSONEncoder().encode($0.conflict), as: UTF8.self) }
        return try writer.write { db in
            var stale: [Amendment.Number] = []
            for (amendment, text) in zip(amendments, encoded) {
                try db.execute(
                    sql: """
                        UPDATE amendment SET state = ?, updatedAt = ?
                        WHERE billSlug = ? AND number = ? AND head = ? AND state IN (SELECT value FROM json_each(?))
                            AND NOT EXISTS (SELECT 1 FROM queueReview r WHERE r.billSlug = amendment.billSlug
                                AND r.number = amendment.number AND r.decision IS NOT NULL)
                        """,
                    arguments: [
                        AmendmentState.conflicted.rawValue, at, bill, amendment.number.value, amendment.head,
                        Self.openStates,
                    ])
                guard db.changesCount == 1 else {
                    stale.append(amendment.number)
                    continue
                }
                try db.execute(
                    sql: """
                        INSERT INTO amendmentConflict (billSlug, number, conflict) VALUES (?, ?, ?)
                        ON CONFLICT (billSlug, number) DO UPDATE SET conflict = excluded.conflict
                        """, arguments: [bill, amendment.number.value, text])
                try appendAudit(
                    db, actor: "system", action: "amendment.conflicted", target: "\(bill)#\(amendment.number)",
                    detail: "version=\(amendment.conflict.version.name)", at: at)
            }
            return stale
        }
    }

    public func conflicts(bill: BillSlug) throws -> [Amendment.Number: AmendmentConflict] {
        try writer.read { db in
            var result: [Amendment.Number: AmendmentConflict] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT number, conflict FROM amendmentConflict WHERE billSlug = ?", arguments: [bill])
            {
                guard let number = Amendment.Number(row[0] as Int),
                    let conflict = try? JSONDecoder().decode(
                        AmendmentConflict.self, from: Data((row[1] as String).utf8))
                else { continue }
                result[number] = conflict
            }
            return result
        }
    }
}
