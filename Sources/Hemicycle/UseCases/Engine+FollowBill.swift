import BillArchive
import Foundation
import Legislation

extension Engine {
    /// What following or syncing a bill did.
    public struct FollowedBill: Codable, Sendable, Equatable {
        /// The bill here.
        public var slug: String
        /// Where it is followed from.
        public var upstream: String
        /// The versions taken from there this time, oldest first.
        public var taken: [String]
    }

    /// Follows a bill published by another assembly (another Hemicycle, or any git host holding a
    /// bill folder repository): clones its `main` and version tags over HTTP with stock git,
    /// keeping its history and tags as they are, and records where it came from so that
    /// `syncFollowedBills` fetches its new versions. Citizens here amend and vote on it as on any
    /// bill, under the rule their own staff set (the upstream's is its own). The slug is the
    /// address's last part unless given.
    public func followBill(from address: String, slug requested: BillSlug? = nil) async throws(HemicycleError)
        -> FollowedBill
    {
        try await translatingErrors {
            let upstream = try Self.upstreamAddress(address)
            let name = upstream.path.split(separator: "/").last.map { $0.hasSuffix(".git") ? $0.dropLast(4) : $0 }
            let slug = try Self.slug(requested, derivedFrom: name.map(String.init) ?? "")
            let taken = try await shelf.createFollowing(slug) { path in
                try await Self.fetch(upstream.absoluteString, into: path, remember: true)
            }
            logger.info("following a bill", metadata: ["slug": "\(slug)", "upstream": "\(upstream)"])
            return FollowedBill(slug: slug.value, upstream: upstream.absoluteString, taken: taken.map(\.name))
        }
    }

    /// Fetches the new versions of every followed bill (what `serve` does at start-up): each is
    /// taken only if the upstream carries this bill's history forward. Returns what each did, and
    /// the bills that could not be synced, with why.
    public func syncFollowedBills() async -> (synced: [FollowedBill], failed: [(slug: String, reason: String)]) {
        var synced: [FollowedBill] = []
        var failed: [(String, String)] = []
        let slugs = (try? shelf.slugs()) ?? []
        for slug in slugs {
            let path = shelf.path(of: slug).path
            let remembered = await StockGit.running(["--git-dir", path, "config", "--get", "remote.upstream.url"])
            guard remembered.status == 0 else { continue }
            let upstream = remembered.output.trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                try await Self.fetch(upstream, into: path, remember: false)
                let taken = try await shelf.repository(slug).takeUpstream()
                if !taken.isEmpty {
                    logger.info(
                        "new versions of a followed bill",
                        metadata: ["slug": "\(slug)", "versions": "\(taken.map(\.name).joined(separator: ", "))"])
                }
                synced.append(FollowedBill(slug: slug.value, upstream: upstream, taken: taken.map(\.name)))
            } catch {
                let reason = HemicycleError.from(error).message
                logger.error(
                    "a followed bill could not be synced", metadata: ["slug": "\(slug)", "error": "\(reason)"])
                failed.append((slug.value, reason))
            }
        }
        return (synced, failed)
    }

    /// An address git may fetch from: http or https, with a host, no credentials, no other
    /// transport (git's `ext::` or `file://` would run a command or read this machine's files).
    static func upstreamAddress(_ text: String) throws -> URL {
        guard text.utf8.count <= 2000, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else {
            throw HemicycleError(
                .invalidInput, "a bill is followed from an http(s) address, such as https://example.org/git/bill.git",
                key: "follow.address", field: "url")
        }
        guard url.user == nil, url.password == nil else {
            throw HemicycleError(
                .invalidInput, "give the address without a user name or password: it is kept in the repository",
                key: "follow.credentials", field: "url")
        }
        return url
    }

    /// Fetches the upstream's `main` and version tags under `refs/upstream/` of the repository
    /// at `path`, remembering the address first when asked.
    static func fetch(_ upstream: String, into path: String, remember: Bool) async throws {
        if remember {
            let set = await StockGit.running(["--git-dir", path, "config", "remote.upstream.url", upstream])
            guard set.status == 0 else { throw HemicycleError(.internal, "git config failed: \(set.output)") }
        }
        let fetched = await StockGit.running(
            [
                "-c", "protocol.allow=never", "-c", "protocol.http.allow=always", "-c", "protocol.https.allow=always",
                "-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=60", "--git-dir", path, "fetch", "--quiet",
                "--no-tags", "--no-recurse-submodules", "--", upstream,
            ] + GitLayout.upstreamRefspecs, seconds: 1800)
        guard fetched.status == 0 else {
            throw HemicycleError(
                .notFound,
                "git could not fetch the bill from \(upstream): \(fetched.output.trimmingCharacters(in: .whitespacesAndNewlines))",
                key: "follow.fetch")
        }
    }
}
