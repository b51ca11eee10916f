import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import TestSupport
import Testing

/// The public participation ledger: a consultation of 200 people on 50 amendments, published
/// epoch by epoch, recounted from a stock-git clone by `Recount` and by `tools/recount.py`.
@Suite struct LedgerTests {
    let test: TestEngine
    var engine: Engine { test.engine }
    static let bill: BillSlug = "republique-numerique"
    static let articles: [ArticleLabel] = ["1er", "2", "10", "11", "12"]

    init() async throws {
        test = try await TestEngine()
    }

    var repository: String {
        engine.configuration.billsDirectory.appendingPathComponent("\(Self.bill.value).git").path
    }

    /// 200 accounts, 50 amendments on five articles, a continuous rule; two epochs while votes
    /// come in, a rapporteur's decision, and the epoch of the close, after one voter erased
    /// their account.
    func consultation() async throws -> (voters: [Identity], numbers: [Amendment.Number]) {
        let staff = try await test.person("greffe", .staff)
        _ = try await engine.setPromotionRule(
            try PromotionRule([.minimumSupports(40), .requireNetSupport, .topPerArticle(3)]), of: Self.bill,
            by: staff)
        var voters: [Identity] = []
        for index in 0..<200 { voters.append(try await test.person("citoyen-\(index)")) }
        var numbers: [Amendment.Number] = []
        for index in 0..<50 {
            let amendment = try await engine.proposeAmendment(
                to: Self.bill,
                AmendmentInput(
                    baseVersion: "v2", title: "Supprimer l’article (\(index))", summary: "",
                    changes: [ChangeInput(kind: "delete", article: Self.articles[index % 5].text)]),
                by: voters[index])
            numbers.append(amendment.number)
        }
        // Each person votes on about a third of the amendments, for, against or abstaining;
        // amendments with a low index draw more supports.
        var generator = SeededGenerator(seed: 2016)
        func castVotes(_ people: Range<Int>) async throws {
            for person in people {
                for (index, number) in numbers.enumerated() where generator.next() % 3 == 0 {
                    let roll = Int(generator.next() % 100)
                    let value: VoteValue = roll < 90 - index ? .for : roll < 95 - index / 2 ? .against : .abstain
                    _ = try await engine.vote(value, on: number, of: Self.bill, token: voters[person].token)
                }
            }
        }
        try await castVotes(0..<100)
        #expect(try await engine.writeLedgerEpoch(of: Self.bill)?.number == 1)
        #expect(try await engine.writeLedgerEpoch(of: Self.bill) == nil, "nothing recorded since: no epoch")
        try await castVotes(100..<200)
        let second = try #require(try await engine.writeLedgerEpoch(of: Self.bill))
        #expect(second.number == 2)
        let queued = try await engine.queue(of: Self.bill).articles.flatMap(\.amendments).map(\.number)
        #expect(queued.count >= 5, "the rule promotes some amendments: \(queued)")
        _ = try await engine.decide(.rejected, on: try #require(queued.first), of: Self.bill, by: staff)
        // A promoted amendment hidden after the epoch that published its promotion: its text and
        // votes leave the ledger, its promotion stays.
        try await engine.moderate(
            .amendment(try #require(queued.last)), on: Self.bill, hidden: true, reason: "injurieux", by: staff)
        try await engine.eraseAccount(of: voters[199])
        try await engine.setParticipation(open: false, on: Self.bill, by: staff)
        return (voters, numbers)
    }

    func clone() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        let result = try ExternalTool.run("git", ["clone", "--quiet", repository, folder.appending("clone").path])
        #expect(result.status == 0, "\(result.output)")
        return folder
    }

    /// One consultation (ten thousand votes are not cast three times): recounted from a clone,
    /// naming nobody, and an altered vote found.
    @Test func aConsultationIsRecountedFromACloneNamesNobodyAndAnAlteredVoteIsFound() async throws {
        let (voters, numbers) = try await consultation()
        try await recountsFromAClone(voters, numbers)
        try namesNobodyAndLinksNoTwoVotes(voters)
        try anAlteredVoteIsFoundByBothRecounts()
    }

    func recountsFromAClone(_ voters: [Identity], _ numbers: [Amendment.Number]) async throws {
        let folder = try clone()
        let clone = folder.appending("clone").path
        let branches = try ExternalTool.run("git", ["-C", clone, "branch", "-r"]).output
        #expect(branches.contains("origin/participation"))

        let report = try Recount.check(repositoryAt: clone)
        print("recount of the clone: \(report.summary)")
        #expect(report.discrepancies == [])
        #expect(report.epochs == 3)
        #expect(report.amendments == 50)
        #expect(report.promotions >= 5)
        #expect(report.summary == "3 epochs, 50 amendments, \(report.promotions) promotions: all match")

        // A voter finds their receipt on the amendment they voted on, in the last epoch.
        let voter = voters[3]
        var found = 0
        for number in numbers {
            guard let mine = try? await engine.myVote(on: number, of: Self.bill, by: voter) else { continue }
            let receipt = try await engine.receipt(on: number, in: Self.bill, by: voter)
            #expect(mine.receipt == receipt)
            #expect(
                try await engine.exportPersonalData(of: voter).votes.first { $0.amendment == number.value }?.receipt
                    == receipt)
            let file = try ExternalTool.run("git", ["-C", clone, "grep", "-l", receipt, "origin/participation"])
            #expect(file.output.contains("votes/\(number.value)-"), "receipt \(receipt) of amendment \(number)")
            found += 1
        }
        #expect(found > 5)

        if ExternalTool.missing("python3") {
            print("skipped: tools/recount.py needs python3")
        } else {
            let python = try ExternalTool.run("python3", [Self.script, clone])
            #expect(python.status == 0)
            #expect(python.output == report.summary + "\n")
        }
    }

    func namesNobodyAndLinksNoTwoVotes(_ voters: [Identity]) throws {
        let folder = try clone()
        let clone = folder.appending("clone").path
        let history = try ExternalTool.run(
            "git", ["-C", clone, "log", "-p", "--format=%an %ae%n%B", "origin/participation"])
        #expect(history.status == 0)
        #expect(history.output.contains("votes/"))
        for voter in voters {
            #expect(!history.output.contains(voter.account.id.rawValue), "an account id is in the ledger")
        }
        #expect(!history.output.contains("citoyen-"), "a handle is in the ledger")
        // The only address is the institution's placeholder on each commit.
        let addresses = Set(
            history.output.split(whereSeparator: \.isWhitespace).filter { $0.contains("@") && $0 != "@@" })
        #expect(addresses == ["hemicycle@invalid"])
        // Each receipt on one amendment only, in every epoch.
        for epoch in 1...3 {
            let commit = "origin/participation~\(3 - epoch)"
            let files = try ExternalTool.run("git", ["-C", clone, "ls-tree", "-r", "--name-only", commit, "votes/"])
            var owner: [String: String] = [:]
            for path in files.output.split(separator: "\n") {
                let amendment = String(path.dropFirst(6).prefix { $0 != "-" })
                let content = try ExternalTool.run("git", ["-C", clone, "show", "\(commit):\(path)"]).output
                for line in content.split(separator: "\n").dropFirst() {
                    let receipt = String(line.prefix { $0 != "\t" })
                    guard receipt != "-" else { continue }
                    #expect(owner[receipt] == nil || owner[receipt] == amendment, "receipt \(receipt) twice")
                    owner[receipt] = amendment
                }
            }
            #expect(owner.count > 1000)
        }
        // The erased voter's votes still count, without receipts, in the epoch of the close.
        let last = try ExternalTool.run(
            "git", ["-C", clone, "grep", "-c", "^-\t", "origin/participation", "--", "votes/"])
        #expect(last.status == 0, "the erased person's votes are published as counts")
    }

    func anAlteredVoteIsFoundByBothRecounts() throws {
        let folder = try clone()
        let clone = folder.appending("clone").path
        _ = try ExternalTool.run("git", ["-C", clone, "checkout", "--quiet", "participation"])
        let files = try ExternalTool.run("git", ["-C", clone, "ls-files", "votes/"]).output.split(separator: "\n")
        let path = try #require(files.first)
        let url = URL(fileURLWithPath: clone).appendingPathComponent(String(path))
        var lines = try String(contentsOf: url, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        let row = try #require(
            lines.indices.dropFirst().first { lines[$0].hasSuffix("\tagainst") || lines[$0].hasSuffix("\tabstain") })
        lines[row] = lines[row].prefix { $0 != "\t" } + "\tfor"
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        let amend = try ExternalTool.run(
            "git",
            [
                "-C", clone, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "--quiet", "-a", "--amend",
                "--no-edit",
            ])
        #expect(amend.status == 0, "\(amend.output)")

        let amendment = String(path.dropFirst(6).prefix { $0 != "-" })
        let report = try Recount.check(repositoryAt: clone)
        print("recount of the altered clone:\n\((report.discrepancies + [report.summary]).joined(separator: "\n"))")
        let epoch = try #require(report.discrepancies.first)
        #expect(epoch.hasPrefix("epoch 3 ("))
        #expect(epoch.contains("amendment \(amendment) ("))
        #expect(epoch.contains("the receipts count"))
        #expect(report.summary.hasSuffix("discrepancies") || report.summary.hasSuffix("discrepancy"))

        if ExternalTool.missing("python3") {
            print("skipped: tools/recount.py needs python3")
        } else {
            let python = try ExternalTool.run("python3", [Self.script, clone])
            #expect(python.status == 1)
            #expect(python.output == (report.discrepancies + [report.summary]).joined(separator: "\n") + "\n")
        }
    }

    static var script: String { Fixtures.repositoryRoot.appendingPathComponent("tools/recount.py").path }
}
