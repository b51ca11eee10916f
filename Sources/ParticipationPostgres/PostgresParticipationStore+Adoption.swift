import Foundation
import Legislation
import Participation
import PostgresNIO

extension PostgresParticipationStore {
    public func recordAdoption(_ numbers: [Amendment.Number], into version: VersionNumber, bill: BillSlug, at: Date)
        async throws
    {
        try await write { connection in
            for number in numbers {
                var current: String?
                for try await state in try await connection.query(
                    "SELECT state FROM amendment WHERE bill_slug = \(bill.value) AND number = \(number.value)",
                    logger: logger
                ).decode(String.self) {
                    current = state
                }
                guard current != AmendmentState.adopted.rawValue else { continue }
                let state = try await state(connection, bill: bill, number: number, after: .adopt)
                try await connection.query(
                    """
                    UPDATE amendment SET state = \(state.rawValue), updated_at = \(Self.stored(at))
                    WHERE bill_slug = \(bill.value) AND number = \(number.value)
                    """, logger: logger)
                try await appendAudit(
                    connection, actor: "system", action: "amendment.adopted", target: "\(bill)#\(number)",
                    detail: "version=\(version.name)", at: at)
            }
        }
    }

    public func carryAmendments(_ amendments: [CarriedAmendment], onto base: VersionNumber, bill: BillSlug, at: Date)
        async throws -> [Amendment.Number]
    {
        let stored = try amendments.map { try $0.dispositif.map(StoredDispositif.encoded) }
        return try await write { connection in
            var stale: [Amendment.Number] = []
            for (amendment, dispositif) in zip(amendments, stored) {
                var changed = 0
                for try await _ in try await connection.query(
                    """
                    UPDATE amendment SET head = \(amendment.to), base_version = \(base.name),
                        revision = \(amendment.revision), updated_at = \(Self.stored(at))
                    WHERE bill_slug = \(bill.value) AND number = \(amendment.number.value) AND head = \(amendment.from)
                        AND state = ANY(\(AmendmentState.open)) AND NOT EXISTS (SELECT 1 FROM queue_review r
                            WHERE r.bill_slug = amendment.bill_slug AND r.number = amendment.number
                            AND r.decision IS NOT NULL)
                    RETURNING number
                    """, logger: logger)
                {
                    changed += 1
                }
                guard changed == 1 else {
                    stale.append(amendment.number)
                    continue
                }
                try await replaceArticles(connection, bill: bill, number: amendment.number, with: amendment.articles)
                if let dispositif {
                    try await storeDispositif(
                        connection, dispositif, head: amendment.to, bill: bill, number: amendment.number)
                }
                try await appendAudit(
                    connection, actor: "system", action: "amendment.carry", target: "\(bill)#\(amendment.number)",
                    detail: "head=\(amendment.to) base=\(base.name)", at: at)
            }
            return stale
        }
    }

    public func markConflicted(_ amendments: [ConflictedAmendment], bill: BillSlug, at: Date) async throws
        -> [Amendment.Number]
    {
        let encoded = try amendments.map { String(decoding: try JSONEncoder().encode($0.conflict), as: UTF8.self) }
        return try await write { connection in
            var stale: [Amendment.Number] = []
            for (amendment, text) in zip(amendments, encoded) {
                var changed = 0
                for try await _ in try await connection.query(
                    """
                    UPDATE amendment SET state = \(AmendmentState.conflicted.rawValue), updated_at = \(Self.stored(at))
                    WHERE bill_slug = \(bill.value) AND number = \(amendment.number.value) AND head = \(amendment.head)
                        AND state = ANY(\(AmendmentState.open)) AND NOT EXISTS (SELECT 1 FROM queue_review r
                            WHERE r.bill_slug = amendment.bill_slug AND r.number = amendment.number
                            AND r.decision IS NOT NULL)
                    RETURNING number
                    """, logger: logger)
                {
                    changed += 1
                }
                guard changed == 1 else {
                    stale.append(amendment.number)
                    continue
                }
                try await connection.query(
                    """
                    INSERT INTO amendment_conflict (bill_slug, number, conflict)
                    VALUES (\(bill.value), \(amendment.number.value), \(text))
                    ON CONFLICT (bill_slug, number) DO UPDATE SET conflict = excluded.conflict
                    """, logger: logger)
                try await appendAudit(
                    connection, actor: "system", action: "amendment.conflicted",
                    target: "\(bill)#\(amendment.number)", detail: "version=\(amendment.conflict.version.name)", at: at)
            }
            return stale
        }
    }

    public func conflicts(bill: BillSlug) async throws -> [Amendment.Number: AmendmentConflict] {
        try await read { connection in
            var result: [Amendment.Number: AmendmentConflict] = [:]
            for try await (number, text) in try await connection.query(
                "SELECT number, conflict FROM amendment_conflict WHERE bill_slug = \(bill.value)", logger: logger
            ).decode((Int, String).self) {
                guard let number = Amendment.Number(number),
                    let conflict = try? JSONDecoder().decode(AmendmentConflict.self, from: Data(text.utf8))
                else { continue }
                result[number] = conflict
            }
            return result
        }
    }
}
