/// A page of a list: its items and the cursor of the next page (`null` on the last).
public struct Page<Item: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The page.
    public var items: [Item]
    /// Pass as `cursor` for the next page; null on the last.
    public var nextCursor: String?

    /// Creates a page.
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    private enum CodingKeys: String, CodingKey { case items, nextCursor }

    /// Encodes `nextCursor` as `null` on the last page.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// A page of comments, in the order written.
public typealias CommentList = Page<CommentView>

/// A page of bills, by slug.
public typealias BillPage = Page<BillSummary>
