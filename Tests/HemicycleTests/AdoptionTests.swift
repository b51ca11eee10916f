import BillArchive
import EngineTestSupport
import Foundation
import Legislation
import TestSupport
import Testing

@testable import Hemicycle

/// Adoption on the real demo bill: amendments written on v2 merged onto the bill (v3) as v4,
/// the others carried or marked conflicted, provenance read back from git, and the result
/// checked with stock git.
@Suite struct AdoptionTests {
    let test: TestEngine
    var engine: Engine { test.engine }
    static let bill: BillSlug = "republique-numerique"

    init() async throws {
        test = try await TestEngine()
    }

    /// Article `label` of `version` with alinéa `index` (1-based) replaced, inserted after it
    /// (`insert`), or removed (`replacement` nil), as a modify change's text.
    func modified(
        _ label: String, in version: String, alinea index: Int, to replacement: String?, insert: Bool = false
    ) async throws -> ChangeInput {
        var alineas = try await engine.article(
            ArticleLabel(label)!, of: Self.bill, version: VersionNumber(parsing: version)
        )
        .alineas.map(\.text)
        if insert {
            alineas.insert(replacement ?? "", at: index)
        } else if let replacement {
            alineas[index - 1] = replacement
        } else {
            alineas.remove(at: index - 1)
        }
        return ChangeInput(kind: "modify", article: label, text: alineas.joined(separator: "\n\n"))
    }

    /// Proposes an amendment by a new citizen (`author`), supported once (the rule queues it).
    func propose(
        _ title: String, on version: String, _ changes: [ChangeInput], voter: Identity, author: Identity? = nil
    ) async throws -> AmendmentView {
        var writer = author
        if writer == nil { writer = try await test.person("auteur-\(UUID().uuidString.prefix(8).lowercased())") }
        let author = writer!
        let amendment = try await engine.proposeAmendment(
            to: Self.bill, AmendmentInput(baseVersion: version, title: title, summary: "Exposé.", changes: changes),
            by: author)
        _ = try await engine.vote(.for, on: amendment.number, of: Self.bill, token: voter.token)
        return amendment
    }

    var repositoryPath: String {
        engine.configuration.billsDirectory.appendingPathComponent("\(Self.bill.value).git").path
    }

    @Test func threeAdoptedOnV2BecomeV4AndTheOthersFollow() async throws {
        let staff = try await test.person("greffe", .staff)
        _ = try await engine.setPromotionRule(try PromotionRule([.minimumSupports(1)]), of: Self.bill, by: staff)
        let voter = try await test.person("soutien")
        // Alinéas of v2 that v3 left alone, so that v2's amendments still apply to the bill.
        let a = try await propose(
            "Précision à l'article 21", on: "v2",
            [try await modified("21", in: "v2", alinea: 3, to: "Un alinéa réécrit par le premier amendement.")],
            voter: voter)
        let b = try await propose(
            "Précision à l'article 12", on: "v2",
            [try await modified("12", in: "v2", alinea: 9, to: "Un alinéa réécrit par le deuxième amendement.")],
            voter: voter)
        let c = try await propose(
            "Réécriture de l'alinéa 4 de l'article 44", on: "v2",
            [try await modified("44", in: "v2", alinea: 4, to: "L'alinéa 4 selon le troisième amendement.")],
            voter: voter)
        let fourthAuthor = try await test.person("quatrieme")
        let d = try await propose(
            "Autre réécriture de l'alinéa 4 de l'article 44", on: "v2",
            [try await modified("44", in: "v2", alinea: 4, to: "L'alinéa 4 selon le quatrième amendement.")],
            voter: voter, author: fourthAuthor)
        let e = try await propose(
            "Précision à l'article 40", on: "v2",
            [try await modified("40", in: "v2", alinea: 6, to: "Un alinéa réécrit par le cinquième amendement.")],
            voter: voter)
        for amendment in [a, b, c] {
            _ = try await engine.decide(.adopted, on: amendment.number, of: Self.bill, by: staff)
        }
        let revisionBefore = try #require(
            try await engine.participation.currentRevision(bill: Self.bill, number: e.number))
        // Participation still open: refused, nothing moves.
        let open = await #expect(throws: HemicycleError.self) {
            try await engine.adopt(Self.bill, stage: "Texte de la commission", by: staff)
        }
        #expect(open?.key == "adoption.participationOpen")
        try await engine.setParticipation(open: false, on: Self.bill, by: staff)
        // Only staff or an assigned rapporteur adopt.
        let citizen = await #expect(throws: HemicycleError.self) {
            try await engine.adopt(Self.bill, stage: "Texte de la commission", by: voter)
        }
        #expect(citizen?.code == .forbidden)

        let adoption = try await engine.adopt(Self.bill, stage: "Texte de la commission", by: staff)
        #expect(adoption.version == "v4")
        // The bill's article order: 12, 21, 44.
        #expect(adoption.adopted == [b.number.value, a.number.value, c.number.value])
        #expect(adoption.carried == 1)
        #expect(adoption.conflicted.map(\.number) == [d.number.value])
        #expect(adoption.conflicted.first?.stake == "article 44, alinéa 4")

        // The fourth is conflicted and says why; the fifth now amends v4, its supports kept.
        let conflicted = try await engine.amendment(d.number, of: Self.bill)
        #expect(conflicted.state == "conflicted")
        #expect(conflicted.conflict?.articles == [AmendmentConflict.Article(label: "44", alineas: [4])])
        #expect(conflicted.conflict?.writtenAgainst == "v2" && conflicted.conflict?.version == "v4")
        let carried = try await engine.amendment(e.number, of: Self.bill)
        #expect(carried.baseVersion == "v4" && carried.state == "promoted")
        #expect(carried.tally.for == 1 && carried.earlierTally.for == 0)
        #expect(try await engine.participation.currentRevision(bill: Self.bill, number: e.number) == revisionBefore)
        #expect(carried.diff?.map(\.label) == ["40"])
        for adopted in [a, b, c] {
            #expect(try await engine.amendment(adopted.number, of: Self.bill).state == "adopted")
        }
        // Adopting again makes nothing: every amendment decided adopted is adopted.
        let again = await #expect(throws: HemicycleError.self) {
            try await engine.adopt(Self.bill, stage: "Texte de la commission", by: staff)
        }
        #expect(again?.key == "adoption.nothingDecided")

        // Stock git: one merge per adopted amendment, then the version commit and its tag.
        let (status, log) = try ExternalTool.run(
            "git", ["--git-dir", repositoryPath, "log", "--first-parent", "--format=%P|%s", "-5", "main"])
        #expect(status == 0, "\(log)")
        let lines = log.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        if lines.count == 5 {
            #expect(lines[0].split(separator: "|")[0].split(separator: " ").count == 1)
            #expect(lines[0].hasSuffix("|Texte de la commission"))
            for (line, number) in zip(lines[1...3], [c, a, b].map(\.number.value)) {
                #expect(line.split(separator: "|")[0].split(separator: " ").count == 2, "\(line)")
                #expect(line.contains("Amendement n° \(number) adopté"), "\(line)")
            }
        }
        let (_, trailers) = try ExternalTool.run(
            "git",
            [
                "--git-dir", repositoryPath, "log", "--merges",
                "--format=%(trailers:key=Amendment,key=Adopted-In,valueonly,separator=%x2C)", "main",
            ])
        #expect(trailers.split(separator: "\n").map(String.init) == [c, a, b].map { "\($0.number.value),v4" })
        let (_, tagged) = try ExternalTool.run(
            "git", ["--git-dir", repositoryPath, "rev-parse", "v4^{commit}", "main"])
        let ids = tagged.split(separator: "\n")
        #expect(ids.count == 2 && ids[0] == ids[1])
        let (fsck, fsckOutput) = try ExternalTool.run(
            "git", ["--git-dir", repositoryPath, "fsck", "--strict", "--no-dangling"])
        #expect(fsck == 0 && fsckOutput.isEmpty, "\(fsckOutput)")
        let clone = try TemporaryDirectory()
        let (cloned, cloneOutput) = try ExternalTool.run(
            "git", ["clone", "--quiet", "--mirror", repositoryPath, clone.appending("copy.git").path])
        #expect(cloned == 0, "\(cloneOutput)")
        let (_, original) = try ExternalTool.run("git", ["--git-dir", repositoryPath, "log", "--format=%H %P", "main"])
        let (_, copy) = try ExternalTool.run(
            "git", ["--git-dir", clone.appending("copy.git").path, "log", "--format=%H %P", "main"])
        #expect(!original.isEmpty && original == copy)

        // Provenance: article 44's fourth alinéa is the third amendment's, the others are older.
        let provenance = try await engine.provenance(of: ArticleLabel("44"), in: Self.bill, at: nil)
        #expect(provenance.version == "v4")
        for alinea in provenance.alineas {
            if alinea.number == 4 {
                #expect(alinea.amendment?.number == c.number.value && alinea.version == "v4")
                #expect(
                    alinea.amendment?.supportsAtAdoption == 1 && alinea.amendment?.author?.hasPrefix("citizen-") == true
                )
                #expect(alinea.text == "L'alinéa 4 selon le troisième amendement.")
            } else {
                #expect(alinea.amendment == nil, "alinéa \(alinea.number)")
                #expect(
                    ["v1", "v2", "v3"].contains(alinea.version ?? ""),
                    "alinéa \(alinea.number): \(alinea.version ?? "nil")")
            }
        }
        // Comparing v3 with v4 names the amendments that changed each article.
        let comparison = try await engine.compare(Self.bill, from: VersionNumber(3)!, to: VersionNumber(4)!)
        #expect(comparison.modified.sorted() == ["12", "21", "44"])
        #expect(comparison.adopted?.map(\.number) == [c, a, b].map(\.number.value).reversed())
        #expect(comparison.articles.first { $0.label == "44" }?.amendments == [c.number.value])

        // The fourth amendment's author revises it onto v4: the conflict is cleared.
        try await engine.setParticipation(open: true, on: Self.bill, by: staff)
        let revised = try await engine.reviseAmendment(
            d.number, of: Self.bill,
            AmendmentInput(
                baseVersion: nil, title: "Autre réécriture de l'alinéa 4 de l'article 44", summary: "Exposé.",
                changes: [try await modified("44", in: "v4", alinea: 4, to: "L'alinéa 4 selon le quatrième, revu.")]),
            by: fourthAuthor)
        #expect(revised.baseVersion == "v4" && revised.state == "proposed" && revised.conflict == nil)
        // Revised onto v4, its branch now starts from v4's commit.
        let (ancestor, _) = try ExternalTool.run(
            "git",
            ["--git-dir", repositoryPath, "merge-base", "--is-ancestor", "v4", "refs/heads/amendments/\(d.number)"])
        #expect(ancestor == 0)
        #expect(try await engine.doctor(repair: false).findings.isEmpty)
    }

    @Test func twoAdoptedAmendmentsOnOneAlineaStopTheAdoptionBeforeAnythingMoves() async throws {
        let staff = try await test.person("greffe", .staff)
        _ = try await engine.setPromotionRule(try PromotionRule([.minimumSupports(1)]), of: Self.bill, by: staff)
        let voter = try await test.person("soutien")
        let first = try await propose(
            "Première", on: "v3", [try await modified("9", in: "v3", alinea: 2, to: "Première rédaction.")],
            voter: voter)
        let second = try await propose(
            "Seconde", on: "v3", [try await modified("9", in: "v3", alinea: 2, to: "Seconde rédaction.")],
            voter: voter)
        // Between them, one on another alinéa of the same article: it is not the culprit.
        let between = try await propose(
            "Entre", on: "v3", [try await modified("9", in: "v3", alinea: 4, to: "Autre alinéa.")], voter: voter)
        for amendment in [first, between, second] {
            _ = try await engine.decide(.adopted, on: amendment.number, of: Self.bill, by: staff)
        }
        try await engine.setParticipation(open: false, on: Self.bill, by: staff)
        let (_, before) = try ExternalTool.run("git", ["--git-dir", repositoryPath, "show-ref"])
        let refused = await #expect(throws: HemicycleError.self) {
            try await engine.adopt(
                Self.bill, stage: "Texte de la commission",
                amendments: [first, between, second].map(\.number.value), by: staff)
        }
        #expect(refused?.code == .conflict && refused?.key == "adoption.conflict")
        #expect(
            refused?.message.contains("amendments \(first.number) and \(second.number) both change article 9, alinéa 2")
                == true, "\(refused?.message ?? "")")
        let (_, after) = try ExternalTool.run("git", ["--git-dir", repositoryPath, "show-ref"])
        #expect(before == after)
        #expect(try await engine.amendment(first.number, of: Self.bill).state == "promoted")
        // Listing only one of them adopts it.
        let adoption = try await engine.adopt(
            Self.bill, stage: "Texte de la commission", amendments: [second.number.value, between.number.value],
            by: staff)
        #expect(adoption.adopted == [second.number.value, between.number.value] && adoption.version == "v4")
    }

    @Test func aHiddenOpenAmendmentIsCarriedWhereItsBranchIs() async throws {
        let staff = try await test.person("greffe", .staff)
        _ = try await engine.setPromotionRule(try PromotionRule([.minimumSupports(1)]), of: Self.bill, by: staff)
        let voter = try await test.person("soutien")
        let adopted = try await propose(
            "Article 21", on: "v3", [try await modified("21", in: "v3", alinea: 1, to: "Adopté.")], voter: voter)
        let hidden = try await propose(
            "Article 40", on: "v3", [try await modified("40", in: "v3", alinea: 1, to: "Masqué.")], voter: voter)
        try await engine.moderate(.amendment(hidden.number), on: Self.bill, hidden: true, reason: "Doublon.", by: staff)
        _ = try await engine.decide(.adopted, on: adopted.number, of: Self.bill, by: staff)
        try await engine.setParticipation(open: false, on: Self.bill, by: staff)
        let adoption = try await engine.adopt(Self.bill, stage: "Texte de la commission", by: staff)
        #expect(adoption.version == "v4" && adoption.carried == 1)
        let repository = try BillShelf(root: engine.configuration.billsDirectory, sizeLimit: 1 << 20).repository(
            Self.bill)
        let branch = try await repository.amendmentBranches().first { $0.number == hidden.number }
        #expect(branch?.hidden == true && branch?.base == VersionNumber(4))
        #expect(try await engine.doctor(repair: false).findings.isEmpty)
    }

    @Test func anAdoptionOrACarryCutShortIsFinishedNotMadeAgain() async throws {
        let staff = try await test.person("greffe", .staff)
        _ = try await engine.setPromotionRule(try PromotionRule([.minimumSupports(1)]), of: Self.bill, by: staff)
        let voter = try await test.person("soutien")
        let adopted = try await propose(
            "Article 21", on: "v3", [try await modified("21", in: "v3", alinea: 1, to: "Adopté.")], voter: voter)
        let open = try await propose(
            "Article 40", on: "v3", [try await modified("40", in: "v3", alinea: 1, to: "Ouvert.")], voter: voter)
        _ = try await engine.decide(.adopted, on: adopted.number, of: Self.bill, by: staff)
        try await engine.setParticipation(open: false, on: Self.bill, by: staff)
        // The git half of an adoption, as a crash after the tag leaves it.
        let repository = try BillShelf(root: engine.configuration.billsDirectory, sizeLimit: 1 << 20).repository(
            Self.bill)
        _ = try await repository.adopt(
            [
                AdoptionInput(
                    number: adopted.number, head: adopted.head, base: VersionNumber(3)!, title: adopted.title,
                    supports: 1)
            ], stage: "Texte de la commission", at: engine.timestamp)
        let findings = try await engine.doctor(repair: false).findings
        #expect(
            findings.contains { $0.contains("amendments \(adopted.number) were adopted into v4 but are not marked") })
        #expect(findings.contains { $0.contains("1 open amendment not yet carried onto v4") }, "\(findings)")
        // Adopting again finishes that adoption: no v5.
        let adoption = try await engine.adopt(Self.bill, stage: "Texte de la commission", by: staff)
        #expect(adoption.version == "v4" && adoption.adopted == [adopted.number.value] && adoption.carried == 1)
        #expect(try await engine.bill(Self.bill).versions.count == 4)
        #expect(try await engine.amendment(open.number, of: Self.bill).baseVersion == "v4")
        #expect(try await engine.doctor(repair: false).findings.isEmpty)

        // A carry cut short: a branch moved onto v4 in git, its record not.
        try await engine.setParticipation(open: true, on: Self.bill, by: staff)
        let late = try await propose(
            "Article 44", on: "v3", [try await modified("44", in: "v3", alinea: 1, to: "Tardif.")], voter: voter)
        let outcomes = try await repository.carry(
            [CarryInput(number: late.number, head: late.head, base: VersionNumber(3)!)], onto: VersionNumber(4)!,
            at: engine.timestamp)
        guard case .carried(let head) = outcomes.first else {
            Issue.record("not carried: \(outcomes)")
            return
        }
        let cut = try await engine.doctor(repair: false).findings
        #expect(
            cut.contains { $0.contains("amendment \(late.number): moved onto v4 in git but not in the record") },
            "\(cut)")
        #expect(try await engine.doctor(repair: true).healthy)
        let record = try await engine.amendment(late.number, of: Self.bill)
        #expect(record.baseVersion == "v4" && record.head == head && record.diff?.map(\.label) == ["44"])
        #expect(try await engine.doctor(repair: false).findings.isEmpty)
    }

    @Test func provenanceFollowsInsertedDeletedAndModifiedAlineasAndAnInsertedArticle() async throws {
        let staff = try await test.person("greffe", .staff)
        _ = try await engine.setPromotionRule(try PromotionRule([.minimumSupports(1)]), of: Self.bill, by: staff)
        let voter = try await test.person("soutien")
        let original = try await engine.article(ArticleLabel("9"), of: Self.bill, version: nil).alineas.map(\.text)
        // On article 9: alinéa 2 rewritten, a new alinéa after alinéa 3, the last one removed.
        var alineas = original
        alineas[1] = "Le deuxième alinéa, réécrit."
        alineas.insert("Un alinéa nouveau.", at: 3)
        alineas.removeLast()
        let modification = try await propose(
            "Article 9 remanié", on: "v3",
            [ChangeInput(kind: "modify", article: "9", text: alineas.joined(separator: "\n\n"))], voter: voter)
        let insertion = try await propose(
            "Article 9 quater", on: "v3",
            [ChangeInput(kind: "insert", after: "9", label: "9 quater", text: "Premier alinéa.\n\nSecond alinéa.")],
            voter: voter)
        for amendment in [modification, insertion] {
            _ = try await engine.decide(.adopted, on: amendment.number, of: Self.bill, by: staff)
        }
        try await engine.setParticipation(open: false, on: Self.bill, by: staff)
        _ = try await engine.adopt(Self.bill, stage: "Texte de la commission", by: staff)

        let nine = try await engine.provenance(of: ArticleLabel("9"), in: Self.bill, at: nil)
        #expect(nine.alineas.map(\.text) == alineas)
        let written = nine.alineas.filter { $0.amendment != nil }.map(\.number)
        #expect(written == [2, 4], "\(nine.alineas.map { "\($0.number): \($0.amendment?.number ?? 0)" })")
        #expect(nine.alineas.allSatisfy { $0.amendment == nil || $0.amendment?.number == modification.number.value })
        #expect(nine.alineas.filter { $0.amendment == nil }.allSatisfy { $0.version != "v4" && $0.version != nil })
        let bis = try await engine.provenance(of: ArticleLabel("9 quater"), in: Self.bill, at: nil)
        #expect(bis.alineas.count == 2)
        #expect(bis.alineas.allSatisfy { $0.amendment?.number == insertion.number.value && $0.version == "v4" })
        // An earlier version reads as it was.
        let before = try await engine.provenance(of: ArticleLabel("9"), in: Self.bill, at: VersionNumber(3)!)
        #expect(before.alineas.map(\.text) == original && before.alineas.allSatisfy { $0.amendment == nil })
    }
}
