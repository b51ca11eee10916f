import BillArchive
import Foundation
import Legislation

/// A bill's repository as stock git serves it over HTTP: read-only, its public references only.
public struct PublicRepository: Sendable {
    /// The bare repository's folder.
    public let directory: URL
    /// Where the references served to no one live, for `uploadpack.hideRefs`.
    public let hiddenNamespace: String
}

extension Engine {
    /// The repository of a bill, to serve it read-only; `notFound` for a bill there is not.
    public func publicRepository(_ slug: BillSlug) async throws(HemicycleError) -> PublicRepository {
        try await translatingErrors {
            _ = try shelf.repository(slug)
            return PublicRepository(directory: shelf.path(of: slug), hiddenNamespace: GitLayout.hiddenNamespace)
        }
    }

    /// The object ids a client of the bill's repository may ask for: those its public references
    /// point at (protocol v2 lets a client ask for any object by id, so the server checks).
    public func publicTips(of slug: BillSlug) async throws(HemicycleError) -> Set<String> {
        try await translatingErrors { try await shelf.repository(slug).publicTips() }
    }
}
