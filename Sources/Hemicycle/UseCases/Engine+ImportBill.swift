import BillArchive
import Foundation
import Legislation

extension Engine {
    /// Imports a bill from a bill folder, a Markdown draft or a folder of numbered stages; each
    /// stage becomes a version. Everything is read and checked before the repository is created,
    /// and the repository appears only once complete.
    public func importBill(
        from url: URL, slug requested: BillSlug? = nil, stage: String = "Texte initial", date: StageDate? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws(HemicycleError) -> ImportedBill {
        try await translatingErrors {
            let source = try BillSourceReader(sizeLimit: configuration.articleSizeLimit, progress: progress).read(url)
            let slug = try Self.slug(requested, derivedFrom: source.name)
            var stages = source.stages(defaultStage: stage)
            if let date {
                guard stages.count == 1 else {
                    throw HemicycleError(
                        .invalidInput,
                        "a folder of stages takes each stage's date from its own manifest (`date: YYYY-MM-DD`), not one date for all",
                        key: "import.dateForStages", field: "date")
                }
                stages[0].document.manifest.date = date
            }
            let versions = try await shelf.create(slug, stages: stages, at: timestamp)
            logger.info("imported bill", metadata: ["slug": "\(slug)", "versions": "\(versions.count)"])
            if let rule = stages.last?.document.manifest.rule {
                _ = try await setPromotionRuleAsOperator(rule, of: slug)
            }
            return ImportedBill(
                slug: slug.value, title: stages.last?.document.manifest.title ?? "",
                versions: versions.map(VersionView.init))
        }
    }

    static func slug(_ requested: BillSlug?, derivedFrom name: String) throws -> BillSlug {
        if let requested { return requested }
        guard let slug = BillSlug.derived(from: name) else {
            throw HemicycleError(
                .invalidInput,
                "cannot derive a slug from `\(name)`; give the bill a slug (letters a-z, digits and hyphens)",
                key: "bill.noSlug", field: "slug")
        }
        return slug
    }
}
