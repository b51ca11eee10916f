import Foundation

/// `hemicycle-bench <suite>`: release-built benchmarks printing one line per figure.
let usage = """
    usage: hemicycle-bench <suite> [options]
      import [--corpus <codes-fr-2015.tar.xz>] [--samples N] [--keep-bill <folder>]
          the 147,826-article corpus as one bill vs git fast-import; random article reads
      diff [--fixtures <../shared/fixtures>]
          the word diff vs git diff --no-index --word-diff on real and worst-case pairs
      votes [--votes N]
          durable votes per second at the database layer, sequential and from 64 tasks
    """

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

do {
    switch arguments.first {
    case "import":
        let corpus = option("--corpus") ?? "../shared/corpus/codes-fr-2015.tar.xz"
        try await ImportSuite.run(
            corpusArchive: URL(fileURLWithPath: corpus), readSamples: Int(option("--samples") ?? "") ?? 2000,
            keep: option("--keep-bill").map { URL(fileURLWithPath: $0) })
    case "diff":
        try DiffSuite.run(fixtures: URL(fileURLWithPath: option("--fixtures") ?? "../shared/fixtures"))
    case "votes":
        try await VotesSuite.run(votes: Int(option("--votes") ?? "") ?? 5000)
    case "diff-profile":
        try DiffSuite.profileLong(fixtures: URL(fileURLWithPath: option("--fixtures") ?? "../shared/fixtures"))
    case "import-child" where arguments.count == 3:
        try await ImportSuite.child(
            folder: URL(fileURLWithPath: arguments[1]), dataDirectory: URL(fileURLWithPath: arguments[2]))
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("hemicycle-bench: \(error)\n".utf8))
    exit(1)
}
