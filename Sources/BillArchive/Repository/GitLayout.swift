import GitKit
import Legislation

/// Every ref name and git path Hemicycle uses, in one place: no user text ever becomes one.
public enum GitLayout {
    /// The current text of the bill.
    static let main = "refs/heads/main"
    /// The branch name HEAD points at.
    static let mainBranch = "main"
    /// The public participation ledger: one commit per epoch (`LedgerFiles`).
    static let ledger = "refs/heads/participation"
    /// All version tags.
    static let versionTagGlob = "refs/tags/v*"
    /// Amendment branches.
    static let amendmentGlob = "refs/heads/amendments/*"
    /// What anyone may read of a bill's repository: its branches (`main`, the amendments and the
    /// ledger) and its version tags. Nothing else is served.
    public static let publicGlobs = ["refs/heads/*", "refs/tags/*"]
    /// Where the references served to no one live (the branches of hidden amendments): stock
    /// git is told to hide them (`uploadpack.hideRefs`).
    public static let hiddenNamespace = "refs/hidden"
    /// The branch of amendment `number`: the number is allocated by the engine, never user text.
    static func amendmentRef(_ number: Amendment.Number) -> String { "refs/heads/amendments/\(number.value)" }
    /// The branches of hidden amendments, out of the public namespace.
    static let hiddenAmendmentGlob = "refs/hidden/amendments/*"
    /// The branch of amendment `number` while moderation hides it.
    static func hiddenAmendmentRef(_ number: Amendment.Number) -> String { "refs/hidden/amendments/\(number.value)" }
    /// Both places an amendment's branch may be.
    static let amendmentGlobs = [amendmentGlob, hiddenAmendmentGlob]

    /// The ref amendment `number`'s branch is at now: the hidden one while it exists, else the
    /// public one (also the name for a branch still to be made).
    static func currentAmendmentRef(_ number: Amendment.Number, in repository: Repository) throws -> String {
        try repository.resolveReference(hiddenAmendmentRef(number)) != nil
            ? hiddenAmendmentRef(number) : amendmentRef(number)
    }
    /// The identity under which a citizen's commits are made: a pseudonym, never a name.
    static func citizen(_ account: String, at time: Int64) -> Signature {
        Signature(name: "citizen-\(account)", email: "citizen-\(account)@hemicycle.invalid", time: time)
    }

    /// The repository path of an article file.
    static func articlePath(_ file: String) -> String { "\(BillDocument.articlesFolder)/\(file)" }

    /// The identity under which staff publications are committed: the institution, no person.
    static func publisher(at time: Int64) -> Signature {
        Signature(name: "Hemicycle", email: "hemicycle@invalid", time: time)
    }

    /// The commit message of a version: the stage, then trailers from which the version can be
    /// rebuilt from git alone.
    static func versionMessage(stage: String, version: VersionNumber, articles: Int) -> String {
        "\(stage)\n\nVersion: \(version.name)\nStage: \(stage)\nArticles: \(articles)\n"
    }

    /// The commit message of a version made by adoption: a version's, and the amendments
    /// adopted, in the order they were merged.
    static func adoptionVersionMessage(
        stage: String, version: VersionNumber, articles: Int, adopted: [Amendment.Number]
    ) -> String {
        versionMessage(stage: stage, version: version, articles: articles)
            + "Adopted: \(adopted.map { String($0.value) }.joined(separator: ", "))\n"
    }

    /// The message of the merge that adopts an amendment into version `version`: its title,
    /// then the trailers provenance is read from.
    static func adoptionMessage(
        number: Amendment.Number, title: String, version: VersionNumber, supports: Int
    ) -> String {
        """
        Amendement n° \(number.value) adopté : \(title)

        Amendment: \(number.value)
        Adopted-In: \(version.name)
        Supports: \(supports)

        """
    }

    /// The message of an amendment carried onto a new version: its own, with `Base:` naming the
    /// new version and `Rebased-From:` the commit it was carried from.
    static func carriedMessage(_ message: String, onto version: VersionNumber, from head: ObjectID) -> String {
        let (body, trailers) = split(message)
        let kept = trailers.filter { !$0.hasPrefix("Base: ") && !$0.hasPrefix("Rebased-From: ") }
        let block = (kept + ["Base: \(version.name)", "Rebased-From: \(head.hex)"]).joined(separator: "\n")
        return (body.isEmpty ? "" : body + "\n\n") + block + "\n"
    }

    /// The value of a `Key: value` trailer in a commit message.
    /// Only the message's last paragraph holds trailers: a line of a title or an exposé that reads
    /// `Base: v9` is text, not a trailer.
    static func trailer(_ key: String, in message: String) -> String? {
        for line in trailerBlock(of: message).reversed() where line.hasPrefix("\(key): ") {
            return String(line.dropFirst(key.count + 2))
        }
        return nil
    }

    /// `trailer(_:in:)`, for the engine reading a commit message it was handed.
    public static func trailerValue(_ key: String, in message: String) -> String? { trailer(key, in: message) }

    /// The message before its last paragraph, and the lines of that paragraph (its trailers).
    static func split(_ message: String) -> (body: String, trailers: [String]) {
        let text = message.trimmingCharacters(in: .newlines)
        guard let range = text.range(of: "\n\n", options: .backwards) else {
            return ("", text.split(separator: "\n").map(String.init))
        }
        return (String(text[..<range.lowerBound]), text[range.upperBound...].split(separator: "\n").map(String.init))
    }

    static func trailerBlock(of message: String) -> [String] { split(message).trailers }
}
