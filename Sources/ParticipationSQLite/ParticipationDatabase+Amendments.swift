import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// Records a new amendment whose branch was just written, with the labels of the articles
    /// it changes and its audit row. `authorKnown` false records no author (the doctor
    /// rebuilding a record whose author was erased).
    public func recordAmendment(
        _ amendment: Amendment, revision: String, articles: [String], dispositif: Dispositif? = nil, bill: BillSlug,
        authorKnown: Bool = true
    ) throws {
        let stored = try dispositif.map(StoredDispositif.encoded)
        let record = AmendmentRecord(
            billSlug: bill.value, number: amendment.number.value, title: amendment.title, summary: amendment.summary,
            state: amendment.state.rawValue, authorId: authorKnown ? amendment.author.rawValue : nil,
            baseVersion: amendment.baseVersion.name,
            head: amendment.head, createdAt: amendment.createdAt, updatedAt: amendment.updatedAt, revision: revision,
            pseudonym: amendment.pseudonym.rawValue)
        do {
            try writer.write { db in
                try record.insert(db)
                try Self.replaceArticles(db, bill: bill, number: amendment.number, with: articles)
                if let stored {
                    try Self.storeDispositif(db, stored, head: amendment.head, bill: bill, number: amendment.number)
                }
                try appendAudit(
                    db, actor: authorKnown ? amendment.pseudonym.rawValue : "doctor", action: "amendment.propose",
                    target: "\(bill)#\(amendment.number)",
                    detail: "head=\(amendment.head)", at: amendment.createdAt)
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw ParticipationError(.duplicate, "amendment \(amendment.number) of \(bill) is already recorded")
        }
    }

    /// Points the record at a revised head, only if it still points at `expectedHead`.
    public func reviseAmendment(
        bill: BillSlug, number: Amendment.Number, from expectedHead: String, to head: String,
        onto base: VersionNumber? = nil, revision: String, articles: [String], dispositif: Dispositif? = nil,
        title: String, summary: String, by actor: Pseudonym, at: Date
    ) throws {
        let stored = try dispositif.map(StoredDispositif.encoded)
        try writer.write { db in
            let state = try Self.state(db, bill: bill, number: number, after: .revise)
            var assignments = [
                AmendmentRecord.Columns.head.set(to: head), Column("revision").set(to: revision),
                Column("title").set(to: title), Column("summary").set(to: summary),
                AmendmentRecord.Columns.state.set(to: state.rawValue), Column("updatedAt").set(to: at),
            ]
            if let base { assignments.append(Column("baseVersion").set(to: base.name)) }
            let changed =
                try AmendmentRecord
                .filter(AmendmentRecord.Columns.billSlug == bill && AmendmentRecord.Columns.number == number.value)
                .filter(AmendmentRecord.Columns.head == expectedHead)
                .updateAll(db, assignments)
            guard changed == 1 else { throw ParticipationError(.conflict, "amendment \(number) changed meanwhile") }
            try db.execute(
                sql: "DELETE FROM amendmentConflict WHERE billSlug = ? AND number = ?", arguments: [bill, number.value])
            try Self.replaceArticles(db, bill: bill, number: number, with: articles)
            if let stored { try Self.storeDispositif(db, stored, head: head, bill: bill, number: number) }
            try appendAudit(
                db, actor: actor.rawValue, action: "amendment.revise", target: "\(bill)#\(number)",
                detail: "head=\(head)", at: at)
        }
    }

    /// The dispositifs stored for the heads the bill's amendments have now.
    public func dispositifs(bill: BillSlug) throws -> [Amendment.Number: StoredDispositif] {
        try writer.read { db in
            var result: [Amendment.Number: StoredDispositif] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT d.number, d.dispositif, d.head FROM amendmentDispositif d JOIN amendment a
                    ON a.billSlug = d.billSlug AND a.number = d.number AND a.head = d.head WHERE d.billSlug = ?
                    """, arguments: [bill])
            while let row = try rows.next() {
                if let number = Amendment.Number(row[0] as Int), let dispositif = StoredDispositif.decoded(row[1]) {
                    result[number] = StoredDispositif(number: number, head: row[2], dispositif: dispositif)
                }
            }
            return result
        }
    }

    /// Stores dispositifs worded after the fact, each only if its amendment still has its head.
    public func storeDispositifs(_ dispositifs: [StoredDispositif], bill: BillSlug) throws {
        let encoded = try dispositifs.map { ($0, try StoredDispositif.encoded($0.dispositif)) }
        try writer.write { db in
            for (item, text) in encoded {
                let current = try String.fetchOne(
                    db, sql: "SELECT head FROM amendment WHERE billSlug = ? AND number = ?",
                    arguments: [bill, item.number.value])
                guard current == item.head else { continue }
                try Self.storeDispositif(db, text, head: item.head, bill: bill, number: item.number)
            }
        }
    }

    static func storeDispositif(_ db: Database, _ text: String, head: String, bill: BillSlug, number: Amendment.Number)
        throws
    {
        try db.execute(
            sql: """
                INSERT INTO amendmentDispositif (billSlug, number, head, dispositif) VALUES (?, ?, ?, ?)
                ON CONFLICT (billSlug, number) DO UPDATE SET head = excluded.head, dispositif = excluded.dispositif
                """, arguments: [bill, number.value, head, text])
    }

    /// Applies an action to an amendment as its state machine allows, with its audit row; returns
    /// the new state.
    @discardableResult
    public func applyAmendment(
        _ action: AmendmentAction, bill: BillSlug, number: Amendment.Number, by actor: Pseudonym, at: Date
    ) throws -> AmendmentState {
        try writer.write { db in
            let state = try Self.state(db, bill: bill, number: number, after: action)
            try AmendmentRecord
                .filter(AmendmentRecord.Columns.billSlug == bill && AmendmentRecord.Columns.number == number.value)
                .updateAll(db, AmendmentRecord.Columns.state.set(to: state.rawValue), Column("updatedAt").set(to: at))
            try appendAudit(
                db, actor: actor.rawValue, action: "amendment.\(state.rawValue)", target: "\(bill)#\(number)", at: at)
            return state
        }
    }

    /// The state an amendment reaches by `action`, read in the caller's transaction; the state
    /// machine's refusal when it cannot.
    static func state(_ db: Database, bill: BillSlug, number: Amendment.Number, after action: AmendmentAction) throws
        -> AmendmentState
    {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT a.state, r.decision FROM amendment a
                        LEFT JOIN queueReview r ON r.billSlug = a.billSlug AND r.number = a.number
                        WHERE a.billSlug = ? AND a.number = ?
                        """),
                arguments: [bill, number.value])
        else { throw ParticipationError(.notFound, "bill \(bill) has no amendment \(number)") }
        guard let state = AmendmentState(rawValue: row[0]) else {
            throw ParticipationError(.storage, "amendment \(number) has an unknown state")
        }
        if let frozen = QueueReviewer.frozen(
            number, decision: (row[1] as String?).flatMap(Decision.init(rawValue:)), action: action)
        {
            throw ParticipationError(frozen)
        }
        return try state.after(action, number: number).mapError(ParticipationError.init).get()
    }

    /// Links a pseudonym to an account before anything carrying it is written to git, so the
    /// doctor can tell whose an amendment is from its commit alone (until the account is erased).
    public func registerPseudonym(_ pseudonym: Pseudonym, for account: Account.ID) throws {
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO pseudonym (pseudonym, accountId) VALUES (?, ?)",
                arguments: [pseudonym.rawValue, account.rawValue])
        }
    }

    /// The account a pseudonym stands for, while it exists; an account id written as a pseudonym
    /// before pseudonyms existed is read as itself.
    public func account(pseudonym: Pseudonym) throws -> Account.ID? {
        try writer.read { db in
            if let id = try String.fetchOne(
                db, sql: "SELECT accountId FROM pseudonym WHERE pseudonym = ?", arguments: [pseudonym.rawValue])
            {
                return Account.ID(rawValue: id)
            }
            return try String.fetchOne(db, sql: "SELECT id FROM account WHERE id = ?", arguments: [pseudonym.rawValue])
                .map(Account.ID.init(rawValue:))
        }
    }

    /// When an account's amendments were proposed since `since`, for its quota.
    public func proposalTimes(by author: Account.ID, since: Date) throws -> [Date] {
        try writer.read { db in
            try Date.fetchAll(
                db, sql: "SELECT createdAt FROM amendment WHERE authorId = ? AND createdAt > ?",
                arguments: [author.rawValue, since])
        }
    }

    /// One amendment of a bill.
    public func amendment(bill: BillSlug, number: Amendment.Number) throws -> Amendment? {
        try writer.read { db in
            try AmendmentRecord.fetchOne(db, key: ["billSlug": bill, "number": number.value])?.amendment
        }
    }

    /// A page of a bill's amendments, optionally in one state and changing one article, in
    /// `order`, after `cursor`; and how many match in all.
    public func amendments(
        bill: BillSlug, state: AmendmentState?, article: String?, order: AmendmentOrder, after cursor: AmendmentCursor?,
        limit: Int
    ) throws -> (page: [ListedAmendment], total: Int) {
        try writer.read { db in
            var request = AmendmentRecord.filter(AmendmentRecord.Columns.billSlug == bill)
            if let state { request = request.filter(AmendmentRecord.Columns.state == state.rawValue) }
            if let article {
                // A list of the article's numbers, read from its index, rather than a lookup for
                // each amendment of the bill.
                request = request.filter(
                    sql: "number IN (SELECT number FROM amendmentArticle WHERE billSlug = ? AND label = ?)",
                    arguments: [bill, article])
            }
            let total = try request.fetchCount(db)
            let number = AmendmentRecord.Columns.number
            let supports = Column("supports")
            switch order {
            case .number:
                if let cursor { request = request.filter(number > cursor.number) }
                request = request.order(number)
            case .newest:
                if let cursor { request = request.filter(number < cursor.number) }
                request = request.order(number.desc)
            case .support:
                if let cursor {
                    let key = cursor.supports ?? 0
                    request = request.filter(supports < key || (supports == key && number > cursor.number))
                }
                // One article's list reads that article's amendments and sorts them (`+` keeps
                // SQLite from walking the whole bill's support index to find fifty of them).
                request =
                    article == nil
                    ? request.order(supports.desc, number) : request.order(sql: "+supports DESC, number")
            }
            let records = try request.limit(limit).fetchAll(db)
            var labels: [Int: [String]] = [:]
            if !records.isEmpty {
                let placeholders = Array(repeating: "?", count: records.count).joined(separator: ", ")
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT number, label FROM amendmentArticle WHERE billSlug = ? AND number IN (\(placeholders))
                        ORDER BY number, rowid
                        """,
                    arguments: StatementArguments([bill as any DatabaseValueConvertible] + records.map(\.number)))
                for row in rows { labels[row["number"], default: []].append(row["label"]) }
            }
            let page = records.compactMap { record in
                record.amendment.map {
                    ListedAmendment(amendment: $0, articles: labels[record.number] ?? [], supports: record.supports)
                }
            }
            return (page, total)
        }
    }

    /// The labels of the articles an amendment's current text changes, in the order recorded.
    public func amendmentArticles(bill: BillSlug, number: Amendment.Number) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT label FROM amendmentArticle WHERE billSlug = ? AND number = ? ORDER BY rowid",
                arguments: [bill, number.value])
        }
    }

    static func replaceArticles(_ db: Database, bill: BillSlug, number: Amendment.Number, with labels: [String]) throws
    {
        try db.execute(
            sql: "DELETE FROM amendmentArticle WHERE billSlug = ? AND number = ?", arguments: [bill, number.value])
        var seen: Set<String> = []
        for label in labels where seen.insert(label).inserted {
            try db.execute(
                sql: "INSERT INTO amendmentArticle (billSlug, number, label) VALUES (?, ?, ?)",
                arguments: [bill, number.value, label])
        }
    }
}

extension ParticipationDatabase {
    /// The revision (patch identity) an amendment's votes are currently cast on.
    public func currentRevision(bill: BillSlug, number: Amendment.Number) throws -> String? {
        try writer.read {
            try String.fetchOne(
                $0, sql: "SELECT revision FROM amendment WHERE billSlug = ? AND number = ?",
                arguments: [bill, number.value])
        }
    }
}
