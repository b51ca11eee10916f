import BillArchive
import Foundation
import Legislation

/// Turns the codes corpus (`<Code>/<Livre>/…/Article L312-1.md`, content `Article L312-1\n----\n…`)
/// into one bill folder: each folder level a division, each file an article. Labels are made
/// unique across codes by appending the code's number (`L312-1 C12`).
enum CorpusBill {
    static func convert(corpus: URL, into folder: URL) throws -> Int {
        let articlesFolder = folder.appendingPathComponent(BillDocument.articlesFolder)
        try FileManager.default.createDirectory(at: articlesFolder, withIntermediateDirectories: true)
        var outline: [OutlineEntry] = []
        var count = 0
        var usedLabels: Set<ArticleLabel> = []
        let codes = try sortedEntries(corpus).filter { $0.isDirectory }
        for (codeIndex, code) in codes.enumerated() {
            try walk(
                code.url, level: 1, codeIndex: codeIndex + 1, outline: &outline, count: &count,
                usedLabels: &usedLabels, articlesFolder: articlesFolder)
        }
        let manifest = BillManifest(
            title: "Codes en vigueur (2015)", number: nil,
            attribution: "© Steeve Morin / github.com/steeve/france.code-civil, CC-BY 4.0, source Légifrance",
            outline: outline)
        try ManifestFile.render(manifest).write(
            to: folder.appendingPathComponent(ManifestFile.name), atomically: true, encoding: .utf8)
        return count
    }

    private static func walk(
        _ directory: URL, level: Int, codeIndex: Int, outline: inout [OutlineEntry], count: inout Int,
        usedLabels: inout Set<ArticleLabel>, articlesFolder: URL
    ) throws {
        outline.append(.division(Division(level: level, heading: LegalText.nfc(directory.lastPathComponent))))
        let entries = try sortedEntries(directory)
        for entry in entries where !entry.isDirectory && entry.url.pathExtension == "md" {
            let text = try String(contentsOf: entry.url, encoding: .utf8)
            let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
            let heading = lines.first.map(String.init) ?? entry.url.deletingPathExtension().lastPathComponent
            let body = lines.count > 2 ? String(lines[2]) : ""
            let base = ArticleLabel(heading: heading)?.text ?? "sans numéro"
            var label = ArticleLabel("\(base) C\(codeIndex)") ?? ArticleLabel("C\(codeIndex) N\(count + 1)")!
            var suffix = 2
            while usedLabels.contains(label) {
                label = ArticleLabel("\(label.text) \(suffix)") ?? ArticleLabel("C\(codeIndex) N\(count + 1)")!
                suffix += 1
            }
            usedLabels.insert(label)
            count += 1
            let file = String(format: "a%06d.md", count)
            let alineas = body.components(separatedBy: "\n\n").map {
                LegalText.collapsingSpaces($0.replacingOccurrences(of: "\n", with: " "))
            }.filter { !$0.isEmpty }
            let article = Article(label: label, heading: label.defaultHeading, alineas: alineas)
            try ArticleFile.render(article).write(
                to: articlesFolder.appendingPathComponent(file), atomically: false, encoding: .utf8)
            outline.append(.article(ArticleReference(label: label, file: file)))
        }
        for entry in entries where entry.isDirectory {
            try walk(
                entry.url, level: level + 1, codeIndex: codeIndex, outline: &outline, count: &count,
                usedLabels: &usedLabels, articlesFolder: articlesFolder)
        }
    }

    private static func sortedEntries(_ directory: URL) throws -> [(url: URL, isDirectory: Bool)] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.isDirectoryKey])
            .map { ($0, (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false) }
            .sorted { $0.url.lastPathComponent < $1.url.lastPathComponent }
    }
}
