import BillArchive
import Foundation
import Legislation

/// A bill's repository as stock git serves it over HTTP: read-only, its public references only.
public struct PublicRepository: Sendable {
    /// The bare repository's folder.
    public let directory: URL
    /// `uploadpack.hideRefs` values, in order: every reference hidden, then the public ones
    /// (branches and tags) shown again, so nothing else is ever advertised — hidden amendments,
    /// a followed bill's `refs/upstream/`, a bundle in transit.
    public let hideRefs: [String]
}

extension Engine {
    /// The repository of a bill, to serve it read-only; `notFound` for a bill there is not.
    public func publicRepository(_ slug: BillSlug) async throws(HemicycleError) -> PublicRepository {
        try await translatingErrors {
            _ = try shelf.repository(slug)
            return PublicRepository(
                directory: shelf.path(of: slug),
                hideRefs: ["refs/"] + GitLayout.publicGlobs.map { "!" + $0.replacingOccurrences(of: "*", with: "") })
        }
    }

    /// The object ids a client of the bill's repository may ask for: those its public references
    /// point at (protocol v2 lets a client ask for any object by id, so the server checks).
    public func publicTips(of slug: BillSlug) async throws(HemicycleError) -> Set<String> {
        try await translatingErrors { try await shelf.repository(slug).publicTips() }
    }
}
