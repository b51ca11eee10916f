import Foundation
import WordDiff

/// `hemicycle-bench diff`: the word diff against `git diff --no-index --word-diff=porcelain` on
/// the same pairs in the same run, git's process-spawn floor measured apart.
enum DiffSuite {
    struct Pair {
        var before: String
        var after: String
    }

    static func run(fixtures: URL) throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hemicycle-bench-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let pairs = try realPairs(fixtures)
        let git = GitWordDiff(work: work)

        // git's floor: the same command on two one-word files.
        let floor = try git.median(Pair(before: "a\n", after: "b\n"), runs: 30)
        Report.line("diff.git_spawn_floor", floor * 1000, "ms")

        // Real article pairs of 200 to 1,000 words.
        let articles = pairs.filter { (200...1000).contains(words($0.before)) && $0.before != $0.after }
        Report.line("diff.real_pairs", Double(articles.count), "pairs")
        let ours = try articles.map { try Self.ours($0, runs: 20) }
        let theirs = try articles.map { try git.median($0, runs: 3) }
        Report.line("diff.real_ours_mean", mean(ours) * 1000, "ms")
        Report.line("diff.real_git_mean", mean(theirs) * 1000, "ms")
        Report.line("diff.real_ratio_vs_git", mean(ours) / mean(theirs), "x")

        // Long articles: real text joined to 5,000–20,000 words, 1–5 % of the words edited.
        var generator = SplitMix64(seed: 2016)
        let corpus = pairs.map(\.before).joined(separator: "\n\n")
        let corpusWords = corpus.split(separator: " ", omittingEmptySubsequences: false)
        // Ours, git's and git's floor are measured in turn, round after round, so that all three
        // see the machine in the same state (a shared machine has slow spells of seconds); each
        // figure is the median of its rounds.
        var longOurs: [Double] = []
        var longGit: [Double] = []
        var longFloor: [Double] = []
        let floorPair = Pair(before: "a\n", after: "b\n")
        for (size, rate) in [(5_000, 0.01), (10_000, 0.03), (20_000, 0.05), (20_000, 0.01)] {
            let before = corpusWords.prefix(size).joined(separator: " ")
            let after = edit(before, rate: rate, using: &generator)
            let pair = Pair(before: before, after: after)
            var ours: [Double] = []
            var theirs: [Double] = []
            var floors: [Double] = []
            for _ in 0..<Self.longRounds {
                ours.append(try Self.ours(pair, runs: 3))
                theirs.append(try git.median(pair, runs: 1))
                floors.append(try git.median(floorPair, runs: 1))
            }
            longOurs.append(Statistics.percentile(ours.sorted(), 0.5))
            longGit.append(Statistics.percentile(theirs.sorted(), 0.5))
            longFloor.append(Statistics.percentile(floors.sorted(), 0.5))
            Report.line("diff.long_\(size)w_\(Int(rate * 100))pct_ours", longOurs.last! * 1000, "ms")
            Report.line("diff.long_\(size)w_\(Int(rate * 100))pct_git", longGit.last! * 1000, "ms")
        }
        Report.line("diff.long_git_spawn_floor", mean(longFloor) * 1000, "ms")
        Report.line(
            "diff.long_ratio_vs_git_minus_floor", mean(longOurs) / max(mean(longGit) - mean(longFloor), 1e-6), "x")

        // Worst cases.
        let twenty = corpusWords.prefix(20_000).joined(separator: " ")
        let other = corpusWords.dropFirst(20_000).prefix(20_000).joined(separator: " ")
        let rewrite = Pair(before: twenty, after: other.isEmpty ? String(twenty.reversed()) : other)
        let singleLine = Pair(
            before: twenty.replacingOccurrences(of: "\n", with: " "),
            after: edit(twenty.replacingOccurrences(of: "\n", with: " "), rate: 0.05, using: &generator))
        let random = Pair(before: noise(65_536, using: &generator), after: noise(65_536, using: &generator))
        for (name, pair) in [("rewrite_20000w", rewrite), ("single_line_20000w", singleLine), ("random_64KiB", random)]
        {
            Report.line("diff.worst_\(name)_ours", try Self.ours(pair, runs: 3) * 1000, "ms")
            Report.line(
                "diff.worst_\(name)_approximate", WordDiff.diff(pair.before, pair.after).approximate ? 1 : 0, "bool")
        }

        // Size of the edit: words changed, ours against git --minimal.
        var ratios: [Double] = []
        for pair in pairs where pair.before != pair.after {
            let ourWords = changedWords(WordDiff.diff(pair.before, pair.after))
            let gitWords = try git.changedWords(pair)
            guard gitWords > 0 else { continue }
            ratios.append(Double(ourWords) / Double(gitWords))
        }
        ratios.sort()
        Report.line("diff.edit_size_pairs", Double(ratios.count), "pairs")
        Report.line("diff.edit_size_ratio_p50", Statistics.percentile(ratios, 0.50), "x")
        Report.line("diff.edit_size_ratio_p95", Statistics.percentile(ratios, 0.95), "x")
        Report.line(
            "diff.edit_size_within_1.1x",
            Double(ratios.filter { $0 <= 1.1 }.count) / Double(max(ratios.count, 1)) * 100, "%")
    }

    /// Rounds of the long-article cases.
    static let longRounds = 9

    /// Runs the 20,000-word, 5 %-edited case many times, for a profiler; `singleLine` makes
    /// it one alinéa, as the worst case does.
    static func profileLong(fixtures: URL, singleLine: Bool = false) throws {
        var generator = SplitMix64(seed: 2016)
        let words = try realPairs(fixtures).map(\.before).joined(separator: "\n\n")
            .split(separator: " ", omittingEmptySubsequences: false)
        var before = words.prefix(20_000).joined(separator: " ")
        if singleLine { before = before.replacingOccurrences(of: "\n", with: " ") }
        let after = edit(before, rate: 0.05, using: &generator)
        print("ms", try ours(Pair(before: before, after: after), runs: 300) * 1000)
    }

    /// Median seconds of our diff, JSON operations included.
    static func ours(_ pair: Pair, runs: Int) throws -> Double {
        var times: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let elapsed = clock.measure {
                let diff = WordDiff.diff(pair.before, pair.after)
                _ = OperationsRenderer.operations(diff)
            }
            times.append(elapsed.milliseconds / 1000)
        }
        times.sort()
        return Statistics.percentile(times, 0.5)
    }

    static func changedWords(_ diff: TextDiff) -> Int {
        diff.alineas.flatMap(\.segments).filter { $0.op != .equal }.reduce(0) {
            $0 + $1.text.split(whereSeparator: \.isWhitespace).count
        }
    }

    static func realPairs(_ fixtures: URL) throws -> [Pair] {
        var pairs: [Pair] = []
        let dossiers = fixtures.appendingPathComponent("amendements-avant-apres/dossiers")
        for name in try FileManager.default.contentsOfDirectory(atPath: dossiers.path).sorted() {
            let folder = dossiers.appendingPathComponent(name)
            pairs.append(
                Pair(
                    before: try String(contentsOf: folder.appendingPathComponent("article_avant"), encoding: .utf8),
                    after: try String(contentsOf: folder.appendingPathComponent("article_apres"), encoding: .utf8)))
        }
        struct Record: Decodable {
            struct Change: Decodable {
                var before: String?
                var after: String?
            }
            var article_changes: [Change]
        }
        let file = fixtures.appendingPathComponent(
            "republique-numerique/amendments/an-commission-des-lois-2016-01.jsonl")
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            let record = try JSONDecoder().decode(Record.self, from: Data(line.utf8))
            for change in record.article_changes where change.before != nil && change.after != nil {
                pairs.append(Pair(before: change.before!, after: change.after!))
            }
        }
        return pairs
    }

    static func words(_ text: String) -> Int { text.split(whereSeparator: \.isWhitespace).count }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }

    static func edit(_ text: String, rate: Double, using generator: inout SplitMix64) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let edits = max(1, Int(Double(words.count) * rate))
        for _ in 0..<edits {
            let at = Int(generator.next() % UInt64(words.count))
            switch generator.next() % 3 {
            case 0: words[at] = "modifié"
            case 1: words.insert("notamment", at: at)
            default: if words.count > 1 { words.remove(at: at) }
            }
        }
        return words.joined(separator: " ")
    }

    static func noise(_ bytes: Int, using generator: inout SplitMix64) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz éèà,.;:«»'-0123456789\n")
        return String((0..<bytes).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}

/// `git diff --no-index` on two files, timed as a whole process.
struct GitWordDiff {
    let work: URL

    private func write(_ pair: DiffSuite.Pair) throws -> (String, String) {
        let before = work.appendingPathComponent("before.txt")
        let after = work.appendingPathComponent("after.txt")
        try Data(pair.before.utf8).write(to: before)
        try Data(pair.after.utf8).write(to: after)
        return (before.path, after.path)
    }

    /// Median seconds of `git diff --no-index --word-diff=porcelain`.
    func median(_ pair: DiffSuite.Pair, runs: Int) throws -> Double {
        let (before, after) = try write(pair)
        var times: [Double] = []
        for _ in 0..<runs {
            let result = try ChildProcess.spawn(
                "git", ["diff", "--no-index", "--no-color", "--word-diff=porcelain", before, after], quiet: true
            ).wait()
            times.append(result.seconds)
        }
        times.sort()
        return Statistics.percentile(times, 0.5)
    }

    /// Words removed plus words added by `git diff --no-index --minimal --word-diff=porcelain`.
    func changedWords(_ pair: DiffSuite.Pair) throws -> Int {
        let (before, after) = try write(pair)
        let output = work.appendingPathComponent("git-output.txt")
        _ = try ChildProcess.spawn(
            "git", ["diff", "--no-index", "--no-color", "--minimal", "--word-diff=porcelain", before, after],
            stdoutPath: output.path
        ).wait()
        let text = try String(contentsOf: output, encoding: .utf8)
        var count = 0
        var inHunks = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@") {
                inHunks = true
                continue
            }
            guard inHunks else { continue }
            if line.hasPrefix("-") || line.hasPrefix("+") {
                count += line.dropFirst().split(whereSeparator: \.isWhitespace).count
            }
        }
        return count
    }
}
