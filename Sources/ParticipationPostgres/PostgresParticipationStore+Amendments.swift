import Foundation
import Legislation
import Participation
import PostgresNIO

extension PostgresParticipationStore {
    public func recordAmendment(
        _ amendment: Amendment, revision: String, articles: [String], dispositif: Dispositif?, bill: BillSlug,
        authorKnown: Bool
    ) async throws {
        let author: String? = authorKnown ? amendment.author.rawValue : nil
        let stored = try dispositif.map(StoredDispositif.encoded)
        do {
            try await write { connection in
                try await connection.query(
                    """
                    INSERT INTO amendment (bill_slug, number, title, summary, state, author_id, base_version, head,
                        revision, pseudonym, created_at, updated_at)
                    VALUES (\(bill.value), \(amendment.number.value), \(amendment.title), \(amendment.summary),
                        \(amendment.state.rawValue), \(author), \(amendment.baseVersion.name), \(amendment.head),
                        \(revision), \(amendment.pseudonym.rawValue), \(Self.stored(amendment.createdAt)),
                        \(Self.stored(amendment.updatedAt)))
                    """, logger: logger)
                try await replaceArticles(connection, bill: bill, number: amendment.number, with: articles)
                if let stored {
                    try await storeDispositif(
                        connection, stored, head: amendment.head, bill: bill, number: amendment.number)
                }
                try await appendAudit(
                    connection, actor: authorKnown ? amendment.pseudonym.rawValue : "doctor",
                    action: "amendment.propose", target: "\(bill)#\(amendment.number)",
                    detail: "head=\(amendment.head)", at: amendment.createdAt)
            }
        } catch  where Self.isDuplicateKey(error) {
            throw ParticipationError(.duplicate, "amendment \(amendment.number) of \(bill) is already recorded")
        }
    }

    public func reviseAmendment(
        bill: BillSlug, number: Amendment.Number, from expectedHead: String, to head: String,
        onto base: VersionNumber?, revision: String, articles: [String], dispositif: Dispositif?, title: String,
        summary: String, by actor: Pseudonym, at: Date
    ) async throws {
        let stored = try dispositif.map(StoredDispositif.encoded)
        try await write { connection in
            let state = try await state(connection, bill: bill, number: number, after: .revise)
            var changed = 0
            for try await _ in try await connection.query(
                """
                UPDATE amendment SET head = \(head), revision = \(revision), title = \(title), summary = \(summary),
                    state = \(state.rawValue), updated_at = \(Self.stored(at)),
                    base_version = COALESCE(\(base?.name), base_version)
                WHERE bill_slug = \(bill.value) AND number = \(number.value) AND head = \(expectedHead)
                RETURNING number
                """, logger: logger)
            {
                changed += 1
            }
            guard changed == 1 else { throw ParticipationError(.conflict, "amendment \(number) changed meanwhile") }
            try await connection.query(
                "DELETE FROM amendment_conflict WHERE bill_slug = \(bill.value) AND number = \(number.value)",
                logger: logger)
            try await replaceArticles(connection, bill: bill, number: number, with: articles)
            if let stored { try await storeDispositif(connection, stored, head: head, bill: bill, number: number) }
            try await appendAudit(
                connection, actor: actor.rawValue, action: "amendment.revise", target: "\(bill)#\(number)",
                detail: "head=\(head)", at: at)
        }
    }

    public func dispositifs(bill: BillSlug) async throws -> [Amendment.Number: StoredDispositif] {
        try await read { connection in
            var result: [Amendment.Number: StoredDispositif] = [:]
            for try await (number, text, head) in try await connection.query(
                """
                SELECT d.number, d.dispositif, d.head FROM amendment_dispositif d JOIN amendment a
                ON a.bill_slug = d.bill_slug AND a.number = d.number AND a.head = d.head
                WHERE d.bill_slug = \(bill.value)
                """, logger: logger
            ).decode((Int, String, String).self) {
                if let number = Amendment.Number(number), let dispositif = StoredDispositif.decoded(text) {
                    result[number] = StoredDispositif(number: number, head: head, dispositif: dispositif)
                }
            }
            return result
        }
    }

    public func storeDispositifs(_ dispositifs: [StoredDispositif], bill: BillSlug) async throws {
        let encoded = try dispositifs.map { ($0, try StoredDispositif.encoded($0.dispositif)) }
        try await write { connection in
            for (item, text) in encoded {
                try await connection.query(
                    """
                    INSERT INTO amendment_dispositif (bill_slug, number, head, dispositif)
                    SELECT bill_slug, number, head, \(text) FROM amendment
                    WHERE bill_slug = \(bill.value) AND number = \(item.number.value) AND head = \(item.head)
                    ON CONFLICT (bill_slug, number) DO UPDATE SET head = excluded.head, dispositif = excluded.dispositif
                    """, logger: logger)
            }
        }
    }

    func storeDispositif(
        _ connection: PostgresConnection, _ text: String, head: String, bill: BillSlug, number: Amendment.Number
    ) async throws {
        try await connection.query(
            """
            INSERT INTO amendment_dispositif (bill_slug, number, head, dispositif)
            VALUES (\(bill.value), \(number.value), \(head), \(text))
            ON CONFLICT (bill_slug, number) DO UPDATE SET head = excluded.head, dispositif = excluded.dispositif
            """, logger: logger)
    }

    public func applyAmendment(
        _ action: AmendmentAction, bill: BillSlug, number: Amendment.Number, by actor: Pseudonym, at: Date
    ) async throws -> AmendmentState {
        try await write { connection in
            let state = try await state(connection, bill: bill, number: number, after: action)
            try await connection.query(
                """
                UPDATE amendment SET state = \(state.rawValue), updated_at = \(Self.stored(at))
                WHERE bill_slug = \(bill.value) AND number = \(number.value)
                """, logger: logger)
            try await appendAudit(
                connection, actor: actor.rawValue, action: "amendment.\(state.rawValue)",
                target: "\(bill)#\(number)", at: at)
            return state
        }
    }

    /// The state an amendment reaches by `action`, read in the caller's transaction; the state
    /// machine's refusal when it cannot.
    func state(
        _ connection: PostgresConnection, bill: BillSlug, number: Amendment.Number, after action: AmendmentAction
    ) async throws -> AmendmentState {
        for try await (stored, decision) in try await connection.query(
            """
            SELECT a.state, r.decision FROM amendment a
            LEFT JOIN queue_review r ON r.bill_slug = a.bill_slug AND r.number = a.number
            WHERE a.bill_slug = \(bill.value) AND a.number = \(number.value)
            """, logger: logger
        ).decode((String, String?).self) {
            guard let state = AmendmentState(rawValue: stored) else {
                throw ParticipationError(.storage, "amendment \(number) has an unknown state")
            }
            if let frozen = QueueReviewer.frozen(
                number, decision: decision.flatMap(Decision.init(rawValue:)), action: action)
            {
                throw ParticipationError(frozen)
            }
            return try state.after(action, number: number).mapError(ParticipationError.init).get()
        }
        throw ParticipationError(.notFound, "bill \(bill) has no amendment \(number)")
    }

    public func registerPseudonym(_ pseudonym: Pseudonym, for account: Account.ID) async throws {
        try await write { connection in
            try await connection.query(
                "INSERT INTO pseudonym (pseudonym, account_id) VALUES (\(pseudonym.rawValue), \(account.rawValue))",
                logger: logger)
        }
    }

    public func account(pseudonym: Pseudonym) async throws -> Account.ID? {
        try await read { connection in
            for try await id in try await connection.query(
                """
                SELECT account_id FROM pseudonym WHERE pseudonym = \(pseudonym.rawValue)
                UNION ALL SELECT id FROM account WHERE id = \(pseudonym.rawValue) LIMIT 1
                """, logger: logger
            ).decode(String.self) {
                return Account.ID(rawValue: id)
            }
            return nil
        }
    }

    public func proposalTimes(by author: Account.ID, since: Date) async throws -> [Date] {
        try await read { connection in
            var times: [Date] = []
            for try await time in try await connection.query(
                "SELECT created_at FROM amendment WHERE author_id = \(author.rawValue) AND created_at > \(since)",
                logger: logger
            ).decode(Date.self) {
                times.append(time)
            }
            return times
        }
    }

    /// The columns an amendment is read from, in the order `amendment(from:)` decodes them.
    static let amendmentColumns = """
        number, title, summary, state, author_id, base_version, head, created_at, updated_at, pseudonym, supports
        """

    /// Columns qualified by a table's alias.
    static func prefixed(_ columns: String, _ alias: String) -> String {
        columns.split(separator: ",").map { "\(alias)." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .joined(separator: ", ")
    }

    /// The decoded row type of `amendmentColumns`.
    typealias AmendmentRow = (Int, String, String, String, String?, String, String, Date, Date, String?, Int)

    /// The domain value of a row; nil when a stored field no longer validates.
    static func amendment(from row: AmendmentRow) -> Amendment? {
        let (number, title, summary, state, author, base, head, createdAt, updatedAt, pseudonym, _) = row
        return .stored(
            number: number, title: title, summary: summary, state: state, author: author, baseVersion: base,
            head: head, createdAt: createdAt, updatedAt: updatedAt, pseudonym: pseudonym)
    }

    public func amendment(bill: BillSlug, number: Amendment.Number) async throws -> Amendment? {
        try await read { connection in
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: Self.amendmentColumns) FROM amendment
                WHERE bill_slug = \(bill.value) AND number = \(number.value)
                """, logger: logger
            ).decode(AmendmentRow.self) {
                return Self.amendment(from: row)
            }
            return nil
        }
    }

    public func amendments(
        bill: BillSlug, state: AmendmentState?, article: String?, order: AmendmentOrder, after cursor: AmendmentCursor?,
        limit: Int
    ) async throws -> (page: [ListedAmendment], total: Int) {
        try await read { connection in
            var bindings = PostgresBindings()
            var clauses = ["a.bill_slug = $1"]
            bindings.append(bill.value)
            if let state {
                bindings.append(state.rawValue)
                clauses.append("a.state = $\(bindings.count)")
            }
            if let article {
                bindings.append(article)
                clauses.append(
                    """
                    EXISTS (SELECT 1 FROM amendment_article aa WHERE aa.bill_slug = a.bill_slug
                    AND aa.number = a.number AND aa.label = $\(bindings.count))
                    """)
            }
            var total = 0
            for try await count in try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT count(*) FROM amendment a WHERE \(clauses.joined(separator: " AND "))",
                    binds: bindings), logger: logger
            ).decode(Int.self) {
                total = count
            }
            var paged = clauses
            let orderBy: String
            switch order {
            case .number:
                if let cursor {
                    bindings.append(cursor.number)
                    paged.append("a.number > $\(bindings.count)")
                }
                orderBy = "a.number"
            case .newest:
                if let cursor {
                    bindings.append(cursor.number)
                    paged.append("a.number < $\(bindings.count)")
                }
                orderBy = "a.number DESC"
            case .support:
                if let cursor {
                    bindings.append(cursor.supports ?? 0)
                    let supports = bindings.count
                    bindings.append(cursor.number)
                    paged.append(
                        "(a.supports < $\(supports) OR (a.supports = $\(supports) AND a.number > $\(bindings.count)))")
                }
                orderBy = "a.supports DESC, a.number"
            }
            bindings.append(limit)
            let query = PostgresQuery(
                unsafeSQL: """
                    SELECT \(Self.prefixed(Self.amendmentColumns, "a"))
                    FROM amendment a WHERE \(paged.joined(separator: " AND ")) ORDER BY \(orderBy) LIMIT $\(bindings.count)
                    """, binds: bindings)
            var rows: [AmendmentRow] = []
            for try await row in try await connection.query(query, logger: logger).decode(AmendmentRow.self) {
                rows.append(row)
            }
            var labels: [Int: [String]] = [:]
            if !rows.isEmpty {
                for try await (number, label) in try await connection.query(
                    """
                    SELECT number, label FROM amendment_article WHERE bill_slug = \(bill.value)
                    AND number = ANY(\(rows.map(\.0))) ORDER BY number, position
                    """, logger: logger
                ).decode((Int, String).self) {
                    labels[number, default: []].append(label)
                }
            }
            let page = rows.compactMap { row in
                Self.amendment(from: row).map {
                    ListedAmendment(amendment: $0, articles: labels[row.0] ?? [], supports: row.10)
                }
            }
            return (page, total)
        }
    }

    public func amendmentArticles(bill: BillSlug, number: Amendment.Number) async throws -> [String] {
        try await read { connection in
            var labels: [String] = []
            for try await label in try await connection.query(
                """
                SELECT label FROM amendment_article WHERE bill_slug = \(bill.value) AND number = \(number.value)
                ORDER BY position
                """, logger: logger
            ).decode(String.self) {
                labels.append(label)
            }
            return labels
        }
    }

    public func currentRevision(bill: BillSlug, number: Amendment.Number) async throws -> String? {
        try await read { connection in
            for try await revision in try await connection.query(
                "SELECT revision FROM amendment WHERE bill_slug = \(bill.value) AND number = \(number.value)",
                logger: logger
            ).decode(String.self) {
                return revision
            }
            return nil
        }
    }

    /// Replaces the article labels recorded for an amendment, in the caller's transaction.
    func replaceArticles(
        _ connection: PostgresConnection, bill: BillSlug, number: Amendment.Number, with labels: [String]
    ) async throws {
        try await connection.query(
            "DELETE FROM amendment_article WHERE bill_slug = \(bill.value) AND number = \(number.value)",
            logger: logger)
        var seen: Set<String> = []
        for (position, label) in labels.enumerated() where seen.insert(label).inserted {
            try await connection.query(
                """
                INSERT INTO amendment_article (bill_slug, number, position, label)
                VALUES (\(bill.value), \(number.value), \(position), \(label))
                """, logger: logger)
        }
    }
}
