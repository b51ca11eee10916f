import GitKit
import Legislation

extension BillRepository {
    /// The object ids the public references point at (a tag's own object, not its commit): what
    /// a client of git over HTTP may ask for by id, since those are what it was shown.
    public func publicTips() async throws -> Set<String> {
        try await git.run { (repository: Repository) throws -> Set<String> in
            var tips: Set<String> = []
            for glob in GitLayout.publicGlobs {
                for name in try repository.referenceNames(matching: glob) {
                    if let id = try repository.resolveReference(name) { tips.insert(id.hex) }
                }
            }
            return tips
        }
    }
}
