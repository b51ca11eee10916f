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

    /// Creates a segment.
    public init(_ op: Operation, _ text: String) {
        self.op = op
        self.text = text
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

    /// Whether the two texts are identical.
    public var isEmpty: Bool { alineas.allSatisfy { $0.kind == .equal } }

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
