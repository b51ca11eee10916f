import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import TestSupport
import Testing

/// An amendment sent back from an assembly following a bill to the one publishing it, as a git
/// bundle: the same changes proposed there by the institution's account, with its exposé and
/// tallies; a bundle of another history is refused and changes nothing.
@Suite struct AmendmentBundleTests {
    static let bill: BillSlug = "republique-numerique"

    @Test func anAmendmentTravelsBackAsABundle() async throws {
        if ExternalTool.missing("git") { return print("skipped: bundles need git") }
        let origin = try await TestEngine()
        let follower = try await TestEngine(seeded: false)
        // The follower's copy of the bill: the origin's main and tags (what `bill follow` fetches).
        let clone = try ExternalTool.run(
            "git",
            [
                "clone", "--quiet", "--bare", "--single-branch", "--branch", "main",
                origin.engine.configuration.billsDirectory.appendingPathComponent("\(Self.bill.value).git").path,
                follower.engine.configuration.billsDirectory.appendingPathComponent("\(Self.bill.value).git").path,
            ])
        #expect(clone.status == 0, "\(clone.output)")

        let author = try await follower.person("citoyenne-corse")
        let proposed = try await follower.engine.proposeAmendment(
            to: Self.bill,
            AmendmentInput(
                baseVersion: "v2", title: "Ouvrir les données des collectivités",
                summary: "Les collectivités publient leurs données.\n\nBase: ce n’est pas une ligne de fin.",
                changes: [
                    ChangeInput(kind: "modify", article: "1er", text: "Les collectivités publient leurs données."),
                    ChangeInput(kind: "delete", article: "12"),
                    ChangeInput(kind: "insert", after: "2", label: "2 bis", text: "Un article nouveau."),
                ]), by: author)
        for index in 0..<3 {
            let voter = try await follower.person("soutien-\(index)")
            _ = try await follower.engine.vote(
                index == 2 ? .against : .for, on: proposed.number, of: Self.bill, token: voter.token)
        }
        let folder = try TemporaryDirectory()
        let file = folder.appending("amendement.bundle")
        let exported = try await follower.engine.exportAmendmentBundle(
            proposed.number, of: Self.bill, institution: "Assemblée de Corse", to: file)
        #expect(exported.supports == 2 && exported.against == 1 && exported.base == "v2")

        _ = try await origin.engine.createAccount(
            handle: "assemblee-de-corse", password: "un mot de passe long", role: .citizen)
        let imported = try await origin.engine.importAmendmentBundle(
            into: Self.bill, from: file, as: Handle("assemblee-de-corse")!)
        #expect(imported.title == proposed.title)
        #expect(imported.baseVersion == "v2")
        #expect(imported.author == "assemblee-de-corse")
        #expect(imported.summary.hasPrefix("Les collectivités publient leurs données."))
        #expect(imported.summary.contains("Base: ce n’est pas une ligne de fin."))
        #expect(
            imported.summary.hasSuffix(
                "Amendement n° \(proposed.number.value) de Assemblée de Corse, où il a reçu 2 soutiens, 1 oppositions et 0 abstentions."
            ))
        #expect(Set(imported.articles) == Set(proposed.articles))
        let there = try await follower.engine.amendment(proposed.number, of: Self.bill)
        let here = try await origin.engine.amendment(imported.number, of: Self.bill)
        #expect(here.diff?.map(\.label) == there.diff?.map(\.label))
        #expect(here.diff?.map(\.operations) == there.diff?.map(\.operations))

        // A bundle written on a version the origin never published is refused, and nothing is proposed.
        let stranger = try await TestEngine()
        let stages = Fixtures.repositoryRoot.appendingPathComponent("bills/\(Self.bill.value)")
        let third = try FileManager.default.contentsOfDirectory(atPath: stages.path).sorted().first {
            $0.hasPrefix("01-")
        }!
        let v4 = try await stranger.engine.publishVersion(
            of: Self.bill, from: stages.appendingPathComponent(third), stage: "Texte d’une autre assemblée",
            date: StageDate("2016-02-01"))
        #expect(v4.number == "v4")
        let other = try await stranger.engine.proposeAmendment(
            to: Self.bill,
            AmendmentInput(
                baseVersion: "v4", title: "Ailleurs", summary: "",
                changes: [ChangeInput(kind: "delete", article: "12")]), by: try await stranger.person("ailleurs"))
        let foreign = folder.appending("etranger.bundle")
        _ = try await stranger.engine.exportAmendmentBundle(
            other.number, of: Self.bill, institution: "Ailleurs", to: foreign)
        let before = try await origin.engine.amendments(of: Self.bill, limit: 100).total
        await #expect(throws: HemicycleError.self) {
            _ = try await origin.engine.importAmendmentBundle(
                into: Self.bill, from: foreign, as: Handle("assemblee-de-corse")!)
        }
        #expect(try await origin.engine.amendments(of: Self.bill, limit: 100).total == before)
        let refs = try ExternalTool.run(
            "git",
            [
                "--git-dir",
                origin.engine.configuration.billsDirectory.appendingPathComponent("\(Self.bill.value).git").path,
                "for-each-ref", "refs/transit/",
            ])
        #expect(refs.output.isEmpty, "no transit ref is left behind")
    }
}
