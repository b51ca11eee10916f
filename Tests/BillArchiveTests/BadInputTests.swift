import Foundation
import Legislation
import TestSupport
import Testing

@testable import BillArchive

/// Every kind of bad bill folder: a clear error naming the file (and line), and nothing left on
/// disk — no repository, no half-built staging folder.
@Suite struct BadInputTests {
    /// One way to spoil a copy of the demo bill's second stage (46 articles), and what must be said.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var spoil: @Sendable (URL) throws -> Void
        var code: BillArchiveError.Code
        var file: String
        var line: Int?
        var says: String

        var testDescription: String { name }
    }

    // The manifest of that stage: line 1 title, 2 number, 3 attribution, 4 date, 5 blank,
    // 6 `# TITRE Ier`, 7 its intitulé, 8 blank, 9 `## Chapitre Ier`, 10 its intitulé, 11 blank,
    // 12 `- 1er: article-1er.md`, 13 `- 2: article-2.md`.
    static let cases: [Case] = [
        Case(
            name: "unknown manifest key", spoil: { try editManifest($0) { $0.insert("colour: bleu", at: 1) } },
            code: .invalidFormat, file: "bill.md", line: 2, says: "unknown key"),
        Case(
            name: "no title", spoil: { try editManifest($0) { $0.removeFirst() } },
            code: .invalidFormat, file: "bill.md", line: 1, says: "no title"),
        Case(
            name: "malformed outline line", spoil: { try editManifest($0) { $0[12] = "* 2 article-2.md" } },
            code: .invalidFormat, file: "bill.md", line: 13, says: "expected a division heading"),
        Case(
            name: "duplicate label", spoil: { try editManifest($0) { $0[12] = "- 1er: article-2.md" } },
            code: .invalidFormat, file: "bill.md", line: 13, says: "listed twice (first at line 12)"),
        Case(
            name: "duplicate file", spoil: { try editManifest($0) { $0[12] = "- 2: article-1er.md" } },
            code: .invalidFormat, file: "bill.md", line: 13, says: "listed twice"),
        Case(
            name: "division level skipped", spoil: { try editManifest($0) { $0[8] = "### Chapitre Ier" } },
            code: .invalidFormat, file: "bill.md", line: 9, says: "level 3 follows level 1"),
        Case(
            name: "no article", spoil: { try editManifest($0) { $0.removeAll { $0.hasPrefix("- ") } } },
            code: .invalidFormat, file: "bill.md", line: nil, says: "no article"),
        Case(
            name: "path with ..", spoil: { try editManifest($0) { $0[12] = "- 2: ../article-2.md" } },
            code: .invalidFormat, file: "bill.md", line: 13, says: "not an allowed article file name"),
        Case(
            name: "path with /", spoil: { try editManifest($0) { $0[12] = "- 2: sub/article-2.md" } },
            code: .invalidFormat, file: "bill.md", line: 13, says: "not an allowed article file name"),
        Case(
            name: "path .git", spoil: { try editManifest($0) { $0[12] = "- 2: .git" } },
            code: .invalidFormat, file: "bill.md", line: 13, says: "not an allowed article file name"),
        Case(
            name: "control character in a name", spoil: { try editManifest($0) { $0[12] = "- 2: article\u{1}.md" } },
            code: .invalidFormat, file: "bill.md", line: 13, says: "control character U+1"),
        Case(
            name: "heading disagrees with manifest",
            spoil: { try editArticle($0, "article-2.md") { $0[0] = "Article 3" } },
            code: .invalidFormat, file: "articles/article-2.md", line: 1, says: "names article 3"),
        Case(
            name: "missing article file",
            spoil: { try FileManager.default.removeItem(at: $0.appendingPathComponent("articles/article-2.md")) },
            code: .invalidFormat, file: "bill.md", line: 13, says: "does not exist"),
        Case(
            name: "extra article file",
            spoil: { try Data("Article 99\n".utf8).write(to: $0.appendingPathComponent("articles/article-99.md")) },
            code: .invalidFormat, file: "articles/article-99.md", line: nil, says: "not listed"),
        Case(
            name: "extra file beside the manifest",
            spoil: { try Data("x".utf8).write(to: $0.appendingPathComponent("notes.txt")) },
            code: .invalidFormat, file: "notes.txt", line: nil, says: "unexpected file"),
        Case(
            name: "hidden .git folder in articles",
            spoil: {
                try FileManager.default.createDirectory(
                    at: $0.appendingPathComponent("articles/.git"), withIntermediateDirectories: false)
            },
            code: .invalidFormat, file: "articles/.git", line: nil, says: "only article files"),
        Case(
            name: "invalid UTF-8",
            spoil: {
                try Data("Article 2\n\nPremier.\n\nSecond \u{E9}".utf8.dropLast(2) + [0xE9, 0x0A]).write(
                    to: $0.appendingPathComponent("articles/article-2.md"))
            },
            code: .invalidFormat, file: "articles/article-2.md", line: 5, says: "invalid UTF-8"),
        Case(
            name: "control character in the text",
            spoil: { try editArticle($0, "article-2.md") { $0[2] = "Texte\u{1B}[31m rouge" } },
            code: .invalidFormat, file: "articles/article-2.md", line: 3, says: "control character U+1B"),
        Case(
            name: "article over the size limit",
            spoil: {
                try Data(("Article 2\n\n" + String(repeating: "données ", count: 140_000)).utf8).write(
                    to: $0.appendingPathComponent("articles/article-2.md"))
            },
            code: .tooLarge, file: "articles/article-2.md", line: nil, says: "over the limit of 1048576 bytes"),
        Case(
            name: "article file is a link",
            spoil: {
                let file = $0.appendingPathComponent("articles/article-2.md")
                try FileManager.default.removeItem(at: file)
                try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: "/etc/hostname")
            },
            code: .invalidFormat, file: "articles/article-2.md", line: nil, says: "not a regular file"),
    ]

    @Test(arguments: cases)
    func badFolderIsRefusedAndLeavesNothing(_ bad: Case) async throws {
        let directory = try TemporaryDirectory()
        let folder = try Fixtures.copy(Fixtures.demoStages[1], into: directory, as: "bill")
        try bad.spoil(folder)
        let shelf = try BillShelf(root: directory.appending("data"), sizeLimit: 1 << 20)

        let error = await #expect(throws: BillArchiveError.self) {
            let source = try BillSourceReader(sizeLimit: 1 << 20).read(folder)
            _ = try await shelf.create(BillSlug("bill")!, stages: source.stages(defaultStage: "Texte initial"), at: 0)
        }
        #expect(error?.code == bad.code)
        #expect(error?.file == bad.file)
        if let line = bad.line { #expect(error?.line == line) }
        #expect(error?.description.contains(bad.says) == true, "\(error?.description ?? "")")
        #expect(try FileManager.default.contentsOfDirectory(atPath: shelf.root.path).isEmpty)
    }

    static func editManifest(_ folder: URL, _ edit: (inout [String]) -> Void) throws {
        try editLines(folder.appendingPathComponent("bill.md"), edit)
    }

    static func editArticle(_ folder: URL, _ file: String, _ edit: (inout [String]) -> Void) throws {
        try editLines(folder.appendingPathComponent("articles/\(file)"), edit)
    }

    static func editLines(_ url: URL, _ edit: (inout [String]) -> Void) throws {
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        edit(&lines)
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
    }
}
