/// One JSON operation: `equal`, `delete` or `insert`, its text, and the alinéa it belongs to
/// (its number after the change, or before it for a deletion). Applying the operations in order —
/// keep equal, drop delete, add insert — to the text before yields the text after exactly.
public struct DiffOperation: Sendable, Equatable, Codable {
    /// What to do with the text.
    public var op: Segment.Operation
    /// The text.
    public var text: String
    /// The alinéa number (from 1; 0 for whitespace before the first alinéa of an empty text).
    public var alinea: Int
    /// `true` when the change is only typographic (a kind of space, hyphen, apostrophe…); absent
    /// otherwise.
    public var typographic: Bool?

    /// Creates an operation.
    public init(op: Segment.Operation, text: String, alinea: Int, typographic: Bool = false) {
        self.op = op
        self.text = text
        self.alinea = alinea
        self.typographic = typographic ? true : nil
    }
}

/// The diff as a flat list of operations, for clients and for storage.
public enum OperationsRenderer {
    /// The operations of a diff, in order.
    public static func operations(_ diff: TextDiff) -> [DiffOperation] {
        diff.alineas.flatMap { alinea in
            alinea.segments.map {
                DiffOperation(
                    op: $0.op, text: $0.text,
                    alinea: ($0.op == .delete ? alinea.before : alinea.after) ?? alinea.before ?? 0,
                    typographic: $0.typographic)
            }
        }
    }

    /// Applies operations to `before`, checking every kept and deleted piece against it; nil when
    /// they do not fit `before`.
    /// Pieces are compared byte for byte, not by Unicode equivalence.
    public static func apply(_ operations: [DiffOperation], to before: String) -> String? {
        let bytes = Array(before.utf8)
        var position = 0
        var after: [UInt8] = []
        after.reserveCapacity(bytes.count)
        for operation in operations {
            let piece = Array(operation.text.utf8)
            switch operation.op {
            case .equal, .delete:
                guard position + piece.count <= bytes.count,
                    bytes[position..<(position + piece.count)].elementsEqual(piece)
                else { return nil }
                position += piece.count
                if operation.op == .equal { after += piece }
            case .insert:
                after += piece
            }
        }
        return position == bytes.count ? String(decoding: after, as: UTF8.self) : nil
    }
}
