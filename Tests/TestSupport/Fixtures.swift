import Foundation

/// Where the real texts used by the tests are: the repository's `bills/` and `../shared/fixtures`.
public enum Fixtures {
    /// The repository's root folder.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/fixtures`, beside the repository.
    public static let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")

    /// The demo bill: a folder of three stages.
    public static let demoBill = repositoryRoot.appendingPathComponent("bills/republique-numerique")

    /// The demo bill's stage folders, in order.
    public static var demoStages: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: demoBill.path)) ?? []
        return names.filter { $0.first?.isNumber == true }.sorted().map { demoBill.appendingPathComponent($0) }
    }

    /// The République numérique fixture split one file per article, by stage folder name.
    public static func fixtureVersion(_ name: String) -> URL {
        shared.appendingPathComponent("republique-numerique/versions/\(name)")
    }

    /// Copies a folder into `directory` under `name` and returns the copy.
    public static func copy(_ source: URL, into directory: TemporaryDirectory, as name: String) throws -> URL {
        let destination = directory.appending(name)
        try FileManager.default.copyItem(at: source, to: destination)
        return destination
    }
}
