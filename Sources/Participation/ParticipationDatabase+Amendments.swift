import Foundation
import GRDB
import Legislation

extension ParticipationDatabase {
    /// Records a new amendment whose branch was just written, with its audit row.
    /// `authorKnown` false records no author (the doctor rebuilding a record whose author was erased).
    public func recordAmendment(_ amendment: Amendment, revision: String, bill: String, authorKnown: Bool = true) throws
    {
        let record = AmendmentRecord(
            billSlug: bill, number: amendment.number.value, title: amendment.title, summary: amendment.summary,
            state: amendment.state.rawValue, authorId: authorKnown ? amendment.author.rawValue : nil,
            baseVersion: amendment.baseVersion.name,
            head: amendment.head, createdAt: amendment.createdAt, updatedAt: amendment.updatedAt, revision: revision)
        do {
            try writer.write { db in
                try record.insert(db)
                try appendAudit(
                    db, actor: authorKnown ? amendment.author.rawValue : "doctor", action: "amendment.propose",
                    target: "\(bill)#\(amendment.number)",
                    detail: "head=\(amendment.head)", at: amendment.createdAt)
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw ParticipationError(.duplicate, "amendment \(amendment.number) of \(bill) is already recorded")
        }
    }

    /// Points the record at a revised head, only if it still points at `expectedHead`.
    public func reviseAmendment(
        bill: String, number: Amendment.Number, from expectedHead: String, to head: String, revision: String,
        title: String, summary: String, by actor: Account.ID, at: Date
    ) throws {
        try writer.write { db in
            let changed =
                try AmendmentRecord
                .filter(AmendmentRecord.Columns.billSlug == bill && AmendmentRecord.Columns.number == number.value)
                .filter(AmendmentRecord.Columns.head == expectedHead)
                .updateAll(
                    db, AmendmentRecord.Columns.head.set(to: head), Column("revision").set(to: revision),
                    Column("title").set(to: title),
                    Column("summary").set(to: summary), Column("updatedAt").set(to: at))
            guard changed == 1 else { throw ParticipationError(.conflict, "amendment \(number) changed meanwhile") }
            try appendAudit(
                db, actor: actor.rawValue, action: "amendment.revise", target: "\(bill)#\(number)",
                detail: "head=\(head)", at: at)
        }
    }

    /// Changes an amendment's state, with its audit row.
    public func setAmendmentState(
        _ state: AmendmentState, bill: String, number: Amendment.Number, by actor: Account.ID, at: Date
    ) throws {
        try writer.write { db in
            let changed =
                try AmendmentRecord
                .filter(AmendmentRecord.Columns.billSlug == bill && AmendmentRecord.Columns.number == number.value)
                .updateAll(db, AmendmentRecord.Columns.state.set(to: state.rawValue), Column("updatedAt").set(to: at))
            guard changed == 1 else { throw ParticipationError(.notFound, "there is no amendment \(number)") }
            try appendAudit(
                db, actor: actor.rawValue, action: "amendment.\(state.rawValue)", target: "\(bill)#\(number)", at: at)
        }
    }

    /// One amendment of a bill.
    public func amendment(bill: String, number: Amendment.Number) throws -> Amendment? {
        try writer.read { db in
            try AmendmentRecord.fetchOne(db, key: ["billSlug": bill, "number": number.value])?.amendment
        }
    }

    /// A page of a bill's amendments in number order, after `cursor` (a number), optionally in
    /// one state; and how many there are in all.
    public func amendments(bill: String, state: AmendmentState?, after cursor: Int, limit: Int) throws -> (
        page: [Amendment], total: Int
    ) {
        try writer.read { db in
            var request = AmendmentRecord.filter(AmendmentRecord.Columns.billSlug == bill)
            if let state { request = request.filter(AmendmentRecord.Columns.state == state.rawValue) }
            let total = try request.fetchCount(db)
            let page = try request.filter(AmendmentRecord.Columns.number > cursor).order(AmendmentRecord.Columns.number)
                .limit(limit).fetchAll(db).compactMap(\.amendment)
            return (page, total)
        }
    }
}

extension ParticipationDatabase {
    /// The revision (patch identity) an amendment's votes are currently cast on.
    public func currentRevision(bill: String, number: Amendment.Number) throws -> String? {
        try writer.read {
            try String.fetchOne(
                $0, sql: "SELECT revision FROM amendment WHERE billSlug = ? AND number = ?",
                arguments: [bill, number.value])
        }
    }
}
