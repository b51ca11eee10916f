import BillArchive
import Foundation
import Legislation

extension Engine {
    /// Publishes the text at `url` (a bill folder or a Markdown draft) as the next version of a
    /// bill, tagged `v<N+1>` with its stage name; dated `date` (or its manifest's date), its
    /// commit and tag carry that day.
    public func publishVersion(
        of slug: BillSlug, from url: URL, stage: String, date: StageDate? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws(HemicycleError) -> VersionView {
        try await translatingErrors {
            let repository = try shelf.repository(slug)
            let source = try BillSourceReader(sizeLimit: configuration.articleSizeLimit, progress: progress).read(url)
            guard case .single(var document, _) = source else {
                throw HemicycleError(
                    .invalidInput,
                    "publish one text at a time: give a bill folder or a Markdown draft, not a folder of stages")
            }
            if let date { document.manifest.date = date }
            let version = try await repository.publish(Stage(name: stage, document: document), at: timestamp)
            logger.info("published version", metadata: ["slug": "\(slug)", "version": "\(version.number)"])
            if let rule = document.manifest.rule { _ = try await setPromotionRuleAsOperator(rule, of: slug) }
            return VersionView(version)
        }
    }
}
