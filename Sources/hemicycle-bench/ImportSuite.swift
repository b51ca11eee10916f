import BillArchive
import Foundation
import Legislation

/// `hemicycle-bench import`: the 147,826-article corpus imported as one bill, against
/// `git fast-import` of the same tree in the same run, then random article reads.
enum ImportSuite {
    static let slug = BillSlug("codes-fr-2015")!

    static func run(corpusArchive: URL, readSamples: Int, keep: URL?) async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("hemicycle-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let corpus = work.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        if keep == nil || !FileManager.default.fileExists(atPath: keep!.path) {
            let untar = try ChildProcess.spawn("tar", ["-xJf", corpusArchive.path, "-C", corpus.path]).wait()
            guard untar.status == 0 else { throw BenchError("cannot unpack \(corpusArchive.path)") }
        }
        let folder = keep ?? work.appendingPathComponent("bill")
        let articles: Int
        if let keep, FileManager.default.fileExists(atPath: keep.appendingPathComponent(ManifestFile.name).path) {
            articles = try ManifestFile.parse(
                String(contentsOf: keep.appendingPathComponent(ManifestFile.name), encoding: .utf8)
            ).articles.count
        } else {
            articles = try CorpusBill.convert(corpus: corpus, into: folder)
        }
        var nested: ChildProcess.Measurement?
        if FileManager.default.fileExists(atPath: corpus.path) {
            // Reference only: the same articles in the corpus's own nested folders, where git's
            // per-directory costs stay small.
            let nestedGit = work.appendingPathComponent("fast-import-nested.git")
            _ = try ChildProcess.spawn("git", ["init", "--quiet", "--bare", nestedGit.path]).wait()
            nested = try FastImport.run(root: corpus, paths: try relativeFiles(corpus), gitDirectory: nestedGit)
            try? FileManager.default.removeItem(at: nestedGit)
        }
        try? FileManager.default.removeItem(at: corpus)
        let bytes = try folderSize(folder)
        Report.line("import.articles", Double(articles), "articles")
        Report.line("import.tree_size", Double(bytes) / 1_048_576, "MiB")

        // Both sides read the same files, from a warm page cache.
        let data = work.appendingPathComponent("data")
        let ours = try ChildProcess.spawn(CommandLine.arguments[0], ["import-child", folder.path, data.path]).wait()
        guard ours.status == 0 else { throw BenchError("hemicycle import failed (status \(ours.status))") }

        let gitDirectory = work.appendingPathComponent("fast-import.git")
        let initResult = try ChildProcess.spawn("git", ["init", "--quiet", "--bare", gitDirectory.path]).wait()
        guard initResult.status == 0 else { throw BenchError("git init failed") }
        let git = try FastImport.run(folder: folder, gitDirectory: gitDirectory)
        guard git.status == 0 else { throw BenchError("git fast-import failed (status \(git.status))") }

        Report.line("import.hemicycle_time", ours.seconds, "s")
        Report.line("import.hemicycle_peak_rss", ours.peakRSSMiB, "MiB")
        Report.line("import.git_fast_import_time", git.seconds, "s")
        Report.line("import.git_fast_import_peak_rss", git.peakRSSMiB, "MiB")
        Report.line("import.time_ratio_vs_git", ours.seconds / git.seconds, "x")
        if let nested {
            Report.line("import.reference_git_fast_import_nested_corpus_time", nested.seconds, "s")
        }
        Report.line("import.hemicycle_repo_size", Double(try folderSize(data)) / 1_048_576, "MiB")
        Report.line("import.git_repo_size", Double(try folderSize(gitDirectory)) / 1_048_576, "MiB")

        try await ReadSampler.run(dataDirectory: data, slug: slug, samples: readSamples)
    }

    /// The child side: what `hemicycle bill import` does, timed from outside.
    static func child(folder: URL, dataDirectory: URL) async throws {
        let shelf = try BillShelf(root: dataDirectory.appendingPathComponent("bills"), sizeLimit: 1 << 20)
        let clock = ContinuousClock()
        var source: BillSource?
        let read = try clock.measure { source = try BillSourceReader(sizeLimit: 1 << 20).read(folder) }
        Report.line("import.hemicycle_read_validate_phase", read.milliseconds / 1000, "s")
        let write = try await clock.measure {
            _ = try await shelf.create(slug, stages: source!.stages(defaultStage: "Texte en vigueur"), at: 0)
        }
        Report.line("import.hemicycle_git_write_phase", write.milliseconds / 1000, "s")
    }

    static func relativeFiles(_ root: URL) throws -> [String] {
        var paths: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".md") { paths.append(path) }
        }
        return paths.sorted()
    }

    static func folderSize(_ url: URL) throws -> Int {
        var total = 0
        let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey])
        while let file = enumerator?.nextObject() as? URL {
            total += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        return total
    }
}

/// Feeds the bill folder to `git fast-import` as one commit, reading every file as the import does.
enum FastImport {
    /// The bill folder: the manifest, then every article file.
    static func run(folder: URL, gitDirectory: URL) throws -> ChildProcess.Measurement {
        let names = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent(BillDocument.articlesFolder).path
        ).sorted()
        return try run(
            root: folder, paths: [ManifestFile.name] + names.map { "\(BillDocument.articlesFolder)/\($0)" },
            gitDirectory: gitDirectory)
    }

    /// Any tree of files under `root`, given by relative paths.
    static func run(root folder: URL, paths: [String], gitDirectory: URL) throws -> ChildProcess.Measurement {
        let child = try ChildProcess.spawn(
            "git", ["--git-dir", gitDirectory.path, "fast-import", "--quiet"], pipeStdin: true)
        var stream = Data()
        func flush(force: Bool = false) throws {
            if stream.count >= 1 << 20 || (force && !stream.isEmpty) {
                try stream.withUnsafeBytes { try child.write($0) }
                stream.removeAll(keepingCapacity: true)
            }
        }
        stream.append(
            contentsOf: Array(
                "commit refs/heads/main\ncommitter Hemicycle <hemicycle@invalid> 0 +0000\ndata 8\nversion\n".utf8))
        for path in paths {
            let content = try Data(contentsOf: folder.appendingPathComponent(path))
            let quoted =
                "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
            stream.append(contentsOf: Array("M 100644 inline \(quoted)\ndata \(content.count)\n".utf8))
            stream.append(content)
            stream.append(0x0A)
            try flush()
        }
        try flush(force: true)
        return child.wait()
    }
}

/// Reads random articles of the imported bill through `BillRepository`, as a request would.
enum ReadSampler {
    static func run(dataDirectory: URL, slug: BillSlug, samples: Int) async throws {
        let shelf = try BillShelf(root: dataDirectory.appendingPathComponent("bills"), sizeLimit: 1 << 20)
        let repository = try shelf.repository(slug)
        let clock = ContinuousClock()
        var manifest: BillManifest?
        let first = try await clock.measure {
            manifest = try await repository.manifest(at: nil).1
        }
        guard let labels = manifest?.articles.map(\.label), !labels.isEmpty else { throw BenchError("empty bill") }
        Report.line("import.first_read_manifest", first.milliseconds, "ms")
        var generator = SplitMix64(seed: 42)
        var timings: [Double] = []
        timings.reserveCapacity(samples)
        for _ in 0..<samples {
            let label = labels[Int(generator.next() % UInt64(labels.count))]
            let elapsed = try await clock.measure { _ = try await repository.article(label, at: nil) }
            timings.append(elapsed.milliseconds)
        }
        timings.sort()
        Report.line("import.random_read_p50", Statistics.percentile(timings, 0.50), "ms")
        Report.line("import.random_read_p99", Statistics.percentile(timings, 0.99), "ms")
    }
}
