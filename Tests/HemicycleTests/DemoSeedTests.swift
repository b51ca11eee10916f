import Foundation
import Hemicycle
import HemicycleWeb
import TestSupport
import Testing

@Suite struct DemoSeedTests {
    @Test func firstStartProposesTheRealCommitteeAmendments() async throws {
        let directory = try TemporaryDirectory()
        var configuration = Configuration(
            dataDirectory: directory.appending("data"),
            seedDirectory: Fixtures.repositoryRoot.appendingPathComponent("bills"),
            demoDirectory: Fixtures.repositoryRoot.appendingPathComponent("demo"))
        configuration.passwordCost = 4
        let engine = try await Engine.open(configuration: configuration)
        try await engine.seedIfEmpty()
        let list = try await engine.amendments(of: "republique-numerique")
        #expect(list.total == 5)
        #expect(list.items.allSatisfy { $0.baseVersion == "v2" && $0.state == "proposed" && !$0.summary.isEmpty })
        #expect(Set(list.items.map(\.author)).count == 5)
        let first = try await engine.amendment(list.items[0].number, of: "republique-numerique")
        #expect(first.title.hasPrefix("Amendement n° 752"))
        #expect(first.diff?.first?.change == "modified")
        #expect(first.diff?.first?.operations.contains { $0.op == .insert } == true)
    }
}
