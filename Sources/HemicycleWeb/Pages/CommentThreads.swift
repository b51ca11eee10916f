import Foundation
import Hemicycle
import Legislation
import Mustache

/// Comments as a page shows them: in threads (each reply under what it answers) or by date, with
/// their stance, and hidden or deleted ones kept in place as a line that says so.
struct CommentThread: Sendable {
    let id: Int64
    let anchor: String
    let author: String
    let paragraphs: [String]
    let stance: String
    let stanceText: String
    let date: String
    let removed: String?
    let replies: [CommentThread]
    let hasReplies: Bool

    /// The comments in threads (`byThread`) or in the order they were written.
    static func arrange(_ comments: [CommentView], byThread: Bool, strings: Strings) -> [CommentThread] {
        let ids = Set(comments.map(\.id))
        var children: [Int64: [CommentView]] = [:]
        var roots: [CommentView] = []
        for comment in comments {
            if byThread, let parent = comment.parent, ids.contains(parent) {
                children[parent, default: []].append(comment)
            } else {
                roots.append(comment)
            }
        }
        func make(_ comment: CommentView, depth: Int) -> CommentThread {
            // Threads deeper than a few levels continue flat, so the page stays readable.
            let replies = depth < 6 ? (children[comment.id] ?? []).map { make($0, depth: depth + 1) } : []
            let removed: String? =
                comment.hidden ? strings["comment.hidden"] : comment.deleted ? strings["comment.deleted"] : nil
            return CommentThread(
                id: comment.id, anchor: "commentaire-\(comment.id)", author: comment.author,
                paragraphs: removed == nil ? Pages.paragraphs(comment.body) : [], stance: comment.stance,
                stanceText: strings["stance." + comment.stance], date: strings.date(comment.createdAt),
                removed: removed, replies: replies, hasReplies: !replies.isEmpty)
        }
        return roots.map { make($0, depth: 0) }
    }

    /// Every comment of an amendment or article, up to `limit`, a page of the engine at a time.
    static func all(
        _ engine: Engine, of slug: BillSlug, amendment: Amendment.Number? = nil, article: ArticleLabel? = nil,
        limit: Int = 500
    ) async throws -> [CommentView] {
        var comments: [CommentView] = []
        var cursor: String?
        repeat {
            let page = try await engine.comments(of: slug, amendment: amendment, article: article, cursor: cursor)
            comments += page.items
            cursor = page.nextCursor
        } while cursor != nil && comments.count < limit
        return comments
    }
}

/// The comments block of a page: the threads, the order switch and the form to write one.
struct CommentsBlock: Sendable {
    let threads: [CommentThread]
    let count: String
    let empty: Bool
    let byThread: Bool
    let action: String
    let back: String
    let slug: String
}

// Comments name their fields to the templates themselves: the renderer otherwise reflects a
// comment for every name its template looks up, and looks names up through every thread above a
// reply. A comment that is not removed still answers `removed` (empty), so a reply under a hidden
// comment is not read as hidden.
extension CommentThread: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "anchor": anchor
        case "author": author
        case "paragraphs": paragraphs
        case "stance": stance
        case "stanceText": stanceText
        case "date": date
        case "removed": removed.orAbsent
        case "replies": replies
        case "hasReplies": hasReplies
        default: nil
        }
    }
}

extension CommentsBlock: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "threads": threads
        case "count": count
        case "empty": empty
        case "byThread": byThread
        case "action": action
        case "back": back
        case "slug": slug
        default: nil
        }
    }
}
