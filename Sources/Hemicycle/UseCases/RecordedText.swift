import BillArchive
import Foundation
import Legislation
import WordDiff

/// What the store records of an amendment's text, from one word diff per article it changes:
/// its patch identity (what its votes are cast on), the labels of the articles it changes (as
/// listed and filtered on) and its dispositif (as exported).
struct RecordedText: Sendable {
    var revision: String
    var articles: [String]
    var dispositif: Dispositif

    /// `head` is the amendment's own manifest, needed only to place an inserted article.
    init(_ changes: [ArticlePair], head: BillManifest?) {
        let diffs = changes.map { WordDiff.diff($0.before?.body ?? "", $0.after?.body ?? "") }
        revision = Self.patchIdentity(changes, diffs: diffs)
        articles = Self.labels(changes)
        dispositif = Dispositif(parts: Self.parts(changes, diffs: diffs, head: head))
    }

    /// The labels of the articles an amendment changes.
    static func labels(_ changes: [ArticlePair]) -> [String] {
        changes.compactMap { ($0.after ?? $0.before)?.label.text }
    }

    /// The identity of what an amendment changes: the deleted and inserted text of each article,
    /// hashed; unchanged by a rebase that leaves the change itself alone, so votes keep counting.
    static func patchIdentity(_ changes: [ArticlePair], diffs: [TextDiff]) -> String {
        var text = ""
        for (pair, diff) in zip(changes, diffs).sorted(by: { $0.0.file < $1.0.file }) {
            text += "\u{1E}\((pair.after ?? pair.before)?.label.text ?? "")"
            for segment in diff.alineas.flatMap(\.segments) where segment.op != .equal {
                text += "\u{1F}\(segment.op.rawValue)\u{1F}\(segment.text)"
            }
        }
        return Hexadecimal.encode(Engine.sha256(Array(text.utf8)).prefix(16))
    }

    /// The dispositif's parts, article by article: an inserted article placed after the article
    /// before it in the amendment's text (or before the next one).
    /// Without `diffs`, each article changed is diffed here.
    static func parts(_ changes: [ArticlePair], diffs: [TextDiff]? = nil, head: BillManifest?) -> [Dispositif.Part] {
        var parts: [Dispositif.Part] = []
        for (index, pair) in changes.enumerated() {
            switch (pair.before, pair.after) {
            case (nil, let added?):
                let labels = head?.articles.map(\.label) ?? []
                let index = labels.firstIndex(of: added.label)
                let placement: Placement? =
                    index.flatMap { $0 > 0 ? .after(labels[$0 - 1]) : nil }
                    ?? index.flatMap { $0 + 1 < labels.count ? .before(labels[$0 + 1]) : nil }
                parts.append(Dispositif.inserted(added.label, alineas: added.alineas, at: placement))
            case (let before?, let after):
                let diff = diffs?[index] ?? WordDiff.diff(before.body, after?.body ?? "")
                parts.append(Dispositif.changed(before.label, diff: diff))
            case (nil, nil): continue
            }
        }
        return parts
    }

    /// Whether placing the text needs the amendment's own manifest (it inserts an article).
    static func needsManifest(_ changes: [ArticlePair]) -> Bool {
        changes.contains { $0.before == nil && $0.after != nil }
    }
}

extension Engine {
    /// What the store records of an amendment's text at `head`.
    func recordedText(_ changes: [ArticlePair], head: String, in repository: BillRepository) async throws
        -> RecordedText
    {
        let manifest = RecordedText.needsManifest(changes) ? try await repository.manifest(atCommit: head) : nil
        return RecordedText(changes, head: manifest)
    }
}
