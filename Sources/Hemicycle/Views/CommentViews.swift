import Foundation

/// A comment as a client sends it: `{"body": "…", "stance": "pro" | "con" | "neutral", "parent": 12}`.
public struct CommentInput: Codable, Sendable, Equatable {
    /// The text, 1 to 10,000 characters.
    public var body: String
    /// Pro, con or neutral (neutral when absent).
    public var stance: String?
    /// The comment replied to.
    public var parent: Int64?

    /// Creates an input.
    public init(body: String, stance: String? = nil, parent: Int64? = nil) {
        self.body = body
        self.stance = stance
        self.parent = parent
    }
}

/// A comment as shown to anyone.
public struct CommentView: Codable, Sendable, Equatable {
    /// Its identifier.
    public var id: Int64
    /// The comment it replies to.
    public var parent: Int64?
    /// The author's handle, or "deleted account".
    public var author: String
    /// Its text; empty when deleted.
    public var body: String
    /// Pro, con or neutral.
    public var stance: String
    /// Whether the author deleted it.
    public var deleted: Bool
    /// Hidden pending staff review (its body is then withheld).
    public var hidden: Bool
    /// When it was written.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
}
