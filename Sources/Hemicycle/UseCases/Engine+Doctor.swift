import BillArchive
import Foundation
import Legislation
import Participation

/// What `hemicycle doctor` found and did.
public struct DoctorReport: Codable, Sendable, Equatable {
    /// Problems found, one line each.
    public var findings: [String]
    /// What was repaired, one line each.
    public var repairs: [String]

    /// Whether everything was sound (or has been repaired).
    public var healthy: Bool { findings.count == repairs.count }
}

extension Engine {
    /// Reconciles git and SQLite after a crash between a ref move and its record: rebuilds
    /// records of amendment branches from their trailers, moves records to the head their branch
    /// reached, removes branches no record or trailer explains, and checks both stores. With
    /// `repair` false it only reports.
    public func doctor(repair: Bool) async throws(HemicycleError) -> DoctorReport {
        try await translatingErrors {
            var report = DoctorReport(findings: [], repairs: [])
            for slug in try shelf.slugs() {
                try await examine(slug, repair: repair, into: &report)
            }
            for bill in try await participation.billsWithAmendments()
            where BillSlug(bill).map({ (try? shelf.repository($0)) == nil }) ?? true {
                report.findings.append("\(bill): amendment records exist but the bill's repository is missing")
            }
            for problem in try await participation.integrityProblems() {
                report.findings.append("database: \(problem)")
            }
            for (slug, output) in Self.gitFsck(try shelf.slugs().map { (slug: $0, path: shelf.path(of: $0).path) }) {
                report.findings.append("\(slug): git fsck: \(output)")
            }
            return report
        }
    }

    private func examine(_ slug: BillSlug, repair: Bool, into report: inout DoctorReport) async throws {
        let repository = try shelf.repository(slug)
        // Lock files a write cut short left first: each blocks every later move of its ref.
        for lock in try await repository.staleLocks(repair: repair) {
            report.findings.append("\(slug): \(lock) was left by a write cut short, and blocks that ref")
            if repair { report.repairs.append("\(slug): \(lock) removed") }
        }
        // A version committed but not tagged first: the records below may name it.
        if let untagged = try await repository.untaggedVersion(repair: repair) {
            report.findings.append(
                "\(slug): \(untagged.name) is committed on main but not tagged (a publication cut short)")
            if repair { report.repairs.append("\(slug): \(untagged.name) tagged") }
        }
        let records = try await participation.amendmentHeads(bill: slug)
        let branches = try await repository.amendmentBranches()
        let branchNumbers = Set(branches.map(\.number))
        for branch in branches {
            let label = "\(slug) amendment \(branch.number)"
            if let recorded = records[branch.number] {
                guard recorded != branch.head else { continue }
                // Moved onto another version (carried by an adoption, or a conflicted amendment
                // revised onto the new text): its head names the commit it moved from.
                let moved = branch.rebasedFrom == recorded
                guard moved || branch.commits.contains(recorded), let base = branch.base else {
                    report.findings.append("\(label): the record points at \(recorded.prefix(12)), not on its branch")
                    continue
                }
                report.findings.append(
                    moved
                        ? "\(label): moved onto \(base.name) in git but not in the record (an adoption or a revision cut short)"
                        : "\(label): a revision reached git but not the record")
                if repair {
                    let current = try await participation.amendment(bill: slug, number: branch.number)
                    let recorded = try await recordedText(
                        try await repository.amendmentChanges(base: base, head: branch.head), head: branch.head,
                        in: repository)
                    try await participation.repairAmendmentHead(
                        bill: slug, number: branch.number, head: branch.head,
                        base: current?.baseVersion == base ? nil : base, revision: recorded.revision,
                        articles: recorded.articles, at: now())
                    report.repairs.append("\(label): record moved to \(branch.head.prefix(12))")
                }
                continue
            }
            guard let base = branch.base, let author = branch.author, !branch.title.isEmpty else {
                report.findings.append("\(label): a branch without record or readable trailers")
                if repair {
                    try await repository.removeAmendmentBranch(branch.number, head: branch.head)
                    report.repairs.append("\(label): branch removed")
                }
                continue
            }
            report.findings.append("\(label): a branch without its record")
            if repair {
                let recorded = try await recordedText(
                    try await repository.amendmentChanges(base: base, head: branch.head), head: branch.head,
                    in: repository)
                let account = try await participation.account(pseudonym: author)
                let known = account != nil
                let amendment = Amendment(
                    number: branch.number, title: branch.title, summary: branch.summary, state: .proposed,
                    author: account ?? Account.ID(rawValue: ""), baseVersion: base, head: branch.head,
                    createdAt: branch.createdAt, updatedAt: branch.updatedAt, pseudonym: author)
                try await participation.recordAmendment(
                    amendment, revision: recorded.revision, articles: recorded.articles,
                    dispositif: recorded.dispositif, bill: slug, authorKnown: known)
                report.repairs.append("\(label): record rebuilt from the commit trailers")
            }
        }
        // Then an adoption cut short: its amendments marked, the open ones carried.
        try await examineAdoption(slug, repository: repository, repair: repair, into: &report)
        for number in records.keys.sorted() where !branchNumbers.contains(number) {
            report.findings.append("\(slug) amendment \(number): a record without its branch (git lost a ref)")
        }
        // A hidden amendment's branch out of the namespace served over HTTP, a visible one in it.
        let hidden = try await participation.hiddenAmendments(bill: slug)
        for branch in branches where branch.hidden != hidden.contains(branch.number) {
            let label = "\(slug) amendment \(branch.number)"
            report.findings.append(
                branch.hidden
                    ? "\(label): its branch is hidden but the amendment is not (a restoration cut short)"
                    : "\(label): the amendment is hidden but its branch is public (a hiding cut short)")
            if repair {
                try await repository.moveAmendmentBranch(branch.number, hidden: !branch.hidden)
                report.repairs.append(
                    "\(label): branch moved \(branch.hidden ? "back to refs/heads" : "to refs/hidden")")
            }
        }
        let heads = Dictionary(uniqueKeysWithValues: branches.map { ($0.number, $0) })
        for number in try await participation.amendmentsWithoutArticles(bill: slug) {
            guard let branch = heads[number], let base = branch.base else { continue }
            report.findings.append("\(slug) amendment \(number): the record does not list its articles")
            if repair {
                let labels = RecordedText.labels(try await repository.amendmentChanges(base: base, head: branch.head))
                try await participation.repairAmendmentArticles(
                    bill: slug, number: number, articles: labels, at: now())
                report.repairs.append(
                    "\(slug) amendment \(number): articles recorded (\(labels.joined(separator: ", ")))")
            }
        }
    }

    /// Finishes (or reports) an adoption cut short: its amendments not marked adopted, open
    /// amendments not yet carried onto it.
    private func examineAdoption(
        _ slug: BillSlug, repository: BillRepository, repair: Bool, into report: inout DoctorReport
    ) async throws {
        guard let latest = try? await repository.version(nil) else { return }
        // The latest version made by adoption, if any.
        var adoption: (BillVersion, [Amendment.Number])?
        for version in try await repository.versions().reversed() {
            let adopted = try await repository.adopted(in: version.number)
            if !adopted.isEmpty {
                adoption = (version, adopted)
                break
            }
        }
        guard let (version, adopted) = adoption else { return }
        var notMarked: [Amendment.Number] = []
        for number in adopted {
            if let amendment = try await participation.amendment(bill: slug, number: number),
                amendment.state != .adopted
            {
                notMarked.append(number)
            }
        }
        if !notMarked.isEmpty {
            let list = notMarked.map(\.description).joined(separator: ", ")
            report.findings.append(
                "\(slug): amendments \(list) were adopted into \(version.number.name) but are not marked adopted")
            if repair {
                try await participation.recordAdoption(notMarked, into: version.number, bill: slug, at: now())
                report.repairs.append("\(slug): amendments \(list) marked adopted")
            }
        }
        let decided = Set(try await participation.queue(bill: slug).filter { $0.decision != nil }.map(\.number))
        // Versions are dated to the second: an amendment of the same second came before it.
        let publishedAt = Date(timeIntervalSince1970: TimeInterval(version.publishedAt + 1))
        var behind = 0
        var cursor: AmendmentCursor?
        repeat {
            let page = try await participation.amendments(
                bill: slug, state: nil, article: nil, order: .number, after: cursor, limit: 1_000)
            behind +=
                page.page.filter {
                    $0.amendment.state.acceptsVotes && !decided.contains($0.amendment.number)
                        && $0.amendment.baseVersion < version.number && $0.amendment.createdAt < publishedAt
                }.count
            cursor = page.page.last.map { AmendmentCursor(number: $0.amendment.number.value) }
        } while cursor != nil
        guard behind > 0, version.number == latest.number else { return }
        report.findings.append(
            "\(slug): \(behind) open amendment\(behind == 1 ? "" : "s") not yet carried onto \(version.number.name) (an adoption cut short)"
        )
        if repair {
            let carrying = try await carryOpenAmendments(slug, onto: version.number, in: repository)
            report.repairs.append(
                "\(slug): \(carrying.carried) carried onto \(version.number.name), \(carrying.conflicted.count) marked conflicted"
                    + (carrying.moved.isEmpty ? "" : ", \(carrying.moved.count) revised meanwhile"))
        }
    }

    /// Runs stock `git fsck` on each repository, when git is installed; returns the complaints.
    /// Dangling objects are not complaints: a crash after a commit's objects are written and before
    /// its ref moves leaves exactly that (the order of writes makes it harmless), and `git gc`
    /// prunes them.
    static func gitFsck(_ repositories: [(slug: BillSlug, path: String)]) -> [(BillSlug, String)] {
        var complaints: [(BillSlug, String)] = []
        for repository in repositories {
            let (status, output) = StockGit.run([
                "--git-dir", repository.path, "fsck", "--no-progress", "--no-dangling",
            ])
            // Without git, there is nothing to run: the doctor's own checks stand.
            guard status != 127 else { continue }
            let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
            if status != 0 || !text.isEmpty {
                complaints.append((repository.slug, text.isEmpty ? "exit \(status)" : text))
            }
        }
        return complaints
    }
}
