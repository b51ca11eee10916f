/// A piece of a diff: text kept, deleted or inserted.
public struct Segment: Sendable, Equatable, Codable {
    /// What happened to the text.
    public enum Operation: String, Sendable, Codable {
        case equal, delete, insert
    }

    /// What happened to the text.
    public var op: Operation
    /// The text itself.
    public var text: String
    /// True for a deletion or insertion that only changes typography (a kind of space, hyphen,
    /// apostrophe…): see `Typography`.
    public var typographic: Bool

    /// Creates a segment.
    public init(_ op: Operation, _ text: String, typographic: Bool = false) {
        self.op = op
        self.text = text
        self.typographic = typographic
    }

    private enum CodingKeys: String, CodingKey { case op, text, typographic }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        op = try container.decode(Operation.self, forKey: .op)
        text = try container.decode(String.self, forKey: .text)
        typographic = try container.decodeIfPresent(Bool.self, forKey: .typographic) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(op, forKey: .op)
        try container.encode(text, forKey: .text)
        if typographic { try container.encode(true, forKey: .typographic) }
    }
}

/// The diff of one alinéa: kept as is, inserted or deleted whole, or modified word by word.
public struct AlineaDiff: Sendable, Equatable {
    /// How the alinéa changed.
    public enum Kind: String, Sendable, Codable {
        case equal, inserted, deleted, modified
    }

    /// How the alinéa changed.
    public var kind: Kind
    /// Its number in the text before (from 1), unless inserted.
    public var before: Int?
    /// Its number in the text after (from 1), unless deleted.
    public var after: Int?
    /// Its segments in reading order, the separator that follows it included.
    public var segments: [Segment]
}

/// The diff of two texts, alinéa by alinéa then word by word.
public struct TextDiff: Sendable, Equatable {
    /// The alinéas in reading order.
    public var alineas: [AlineaDiff]
    /// True when a bound was reached and part of the diff is coarser than minimal.
    public var approximate: Bool

    /// The text before, rebuilt from the equal and deleted segments.
    public var before: String { rebuild { $0 != .insert } }
    /// The text after, rebuilt from the equal and inserted segments.
    public var after: String { rebuild { $0 != .delete } }

    /// The alinéas of the text before that a change touches, by number from 1: those modified
    /// or deleted, and for an inserted alinéa the one it follows (0 at the top). What tells two
    /// amendments of one article apart from two competing for the same alinéa.
    public var touchedAlineas: [Int] {
        var touched: [Int] = []
        var last = 0
        for alinea in alineas {
            if let before = alinea.before { last = before }
            switch alinea.kind {
            case .equal: continue
            case .modified, .deleted: if let before = alinea.before { touched.append(before) }
            case .inserted: touched.append(last)
            }
        }
        return Array(Set(touched)).sorted()
    }

    /// Whether the two texts are identical.
    public var isEmpty: Bool { alineas.allSatisfy { $0.kind == .equal } }

    /// Whether the texts differ, and only typographically: every change is a typographic one.
    public var isTypographyOnly: Bool {
        !isEmpty && alineas.allSatisfy { alinea in alinea.segments.allSatisfy { $0.op == .equal || $0.typographic } }
    }

    /// The diff as a reader who ignores typography sees it: typographic deletions dropped,
    /// typographic insertions kept as equal text (the text after is still rebuilt exactly), and
    /// alinéas left with no other change shown as equal.
    public func ignoringTypography() -> TextDiff {
        var copy = self
        for index in copy.alineas.indices {
            var segments: [Segment] = []
            var changed = false
            for segment in copy.alineas[index].segments {
                if segment.typographic {
                    changed = true
                    if segment.op == .delete { continue }
                    let equal = Segment(.equal, segment.text)
                    if let last = segments.last, last.op == .equal {
                        segments[segments.count - 1].text += equal.text
                    } else {
                        segments.append(equal)
                    }
                } else if segment.op == .equal, let last = segments.last, last.op == .equal {
                    segments[segments.count - 1].text += segment.text
                } else {
                    segments.append(segment)
                }
            }
            guard changed else { continue }
            copy.alineas[index].segments = segments
            if segments.allSatisfy({ $0.op == .equal }) { copy.alineas[index].kind = .equal }
        }
        return copy
    }

    /// Tokens deleted plus tokens inserted: the size of the edit.
    public var changedTokens: Int {
        alineas.reduce(0) { total, alinea in
            total + alinea.segments.filter { $0.op != .equal }.reduce(0) { $0 + Tokenizer.tokens($1.text).count }
        }
    }

    private func rebuild(_ keep: (Segment.Operation) -> Bool) -> String {
        var text = ""
        for alinea in alineas {
            for segment in alinea.segments where keep(segment.op) { text += segment.text }
        }
        return text
    }
}
