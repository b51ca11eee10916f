import Foundation
import GitKit
import Legislation
import TestSupport
import Testing

@testable import BillArchive

@Suite struct BillRepositoryTests {
    let directory: TemporaryDirectory
    let shelf: BillShelf
    let slug = BillSlug("republique-numerique")!

    init() throws {
        directory = try TemporaryDirectory()
        shelf = try BillShelf(root: directory.appending("bills"), sizeLimit: 1 << 20)
    }

    private func importDemo() async throws -> BillRepository {
        let source = try BillSourceReader(sizeLimit: 1 << 20).read(Fixtures.demoBill)
        _ = try await shelf.create(slug, stages: source.stages(defaultStage: "x"), at: 1_443_225_600)
        return try shelf.repository(slug)
    }

    @Test func theDemoBillBecomesThreeTaggedVersions() async throws {
        let repository = try await importDemo()
        let versions = try await repository.versions()
        #expect(versions.map(\.number.name) == ["v1", "v2", "v3"])
        #expect(versions.map(\.articleCount) == [29, 46, 99])
        #expect(versions[1].stage == "Projet de loi après avis du Conseil d'État")
        let (_, article) = try await repository.article(ArticleLabel("1er")!, at: VersionNumber(1))
        #expect(article.alineas.first == "Elargissement du champ de diffusion par l’administration")
        let (_, bis) = try await repository.article(ArticleLabel("2 bis")!, at: nil)
        #expect(bis.heading == "Article 2 bis (nouveau)")
    }

    @Test func historyFollowsTheArticleFile() async throws {
        let repository = try await importDemo()
        let first = try await repository.history(of: ArticleLabel("1er")!)
        #expect(first.map(\.version.name) == ["v1", "v2", "v3"])
        #expect(first.map(\.change) == [.added, .modified, .modified])
        let inserted = try await repository.history(of: ArticleLabel("2 bis")!)
        #expect(inserted.map(\.version.name) == ["v3"])
        #expect(inserted.first?.change == .added)
        // Article 17 is absent from the consultation draft and appears with the tabled bill.
        #expect(try await repository.history(of: ArticleLabel("17")!).first?.version.name == "v2")
    }

    @Test func publishingMovesMainAndAddsTheNextTag() async throws {
        let repository = try await importDemo()
        var document = try BillFolderReader(sizeLimit: 1 << 20).read(folder: Fixtures.demoStages[2])
        document.articles["article-9.md"]?.alineas[0] = "Texte modifié en séance."
        let version = try await repository.publish(
            Stage(name: "Texte adopté en séance", document: document), at: 1_453_000_000)
        #expect(version.number.name == "v4")
        let versions = try await repository.versions()
        #expect(versions.last?.stage == "Texte adopté en séance")
        let history = try await repository.history(of: ArticleLabel("9")!)
        #expect(history.last?.version.name == "v4")
        #expect(history.last?.change == .modified)
    }

    @Test func publishingTheSameTextAgainChangesNothing() async throws {
        let repository = try await importDemo()
        let before = try await repository.versions()
        let document = try BillFolderReader(sizeLimit: 1 << 20).read(folder: Fixtures.demoStages[2])
        let error = await #expect(throws: BillArchiveError.self) {
            try await repository.publish(Stage(name: "Encore", document: document), at: 0)
        }
        #expect(error?.code == .conflict)
        #expect(try await repository.versions() == before)
    }

    @Test(arguments: ["", "Deux\nlignes", String(repeating: "x", count: 201)])
    func badStageNamesAreRefused(_ name: String) async throws {
        let repository = try await importDemo()
        let document = try BillFolderReader(sizeLimit: 1 << 20).read(folder: Fixtures.demoStages[0])
        await #expect(throws: BillArchiveError.self) {
            try await repository.publish(Stage(name: name, document: document), at: 0)
        }
        #expect(try await repository.versions().count == 3)
    }

    @Test func importingASlugTwiceKeepsTheFirstBill() async throws {
        let repository = try await importDemo()
        let source = try BillSourceReader(sizeLimit: 1 << 20).read(Fixtures.demoStages[0])
        let error = await #expect(throws: BillArchiveError.self) {
            _ = try await shelf.create(slug, stages: source.stages(defaultStage: "x"), at: 0)
        }
        #expect(error?.code == .conflict)
        #expect(try await repository.versions().count == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: shelf.root.path) == ["republique-numerique.git"])
    }

    @Test func unknownVersionsAndLabelsAreNotFound() async throws {
        let repository = try await importDemo()
        let version = await #expect(throws: BillArchiveError.self) {
            try await repository.manifest(at: VersionNumber(9))
        }
        #expect(version?.code == .notFound)
        let label = await #expect(throws: BillArchiveError.self) {
            try await repository.article(ArticleLabel("2 bis")!, at: VersionNumber(2))
        }
        #expect(label?.code == .notFound)
        #expect(throws: BillArchiveError.self) { try shelf.repository(BillSlug("absent")!) }
    }

    @Test func commitsCarryNoPersonAndTheirTrailers() async throws {
        let repository = try await importDemo()
        let head = try #require(try await repository.versions().last)
        let git = try GitRepository.open(at: repository.path)
        let commit = try await git.run { try $0.readCommit(ObjectID(hex: head.commit)!) }
        #expect(commit.author.name == "Hemicycle")
        #expect(commit.author.email == "hemicycle@invalid")
        #expect(commit.message.contains("\nVersion: v3\n"))
        #expect(commit.message.contains("\nArticles: 99\n"))
    }
}
