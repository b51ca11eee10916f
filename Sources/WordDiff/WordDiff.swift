/// Compares two legal texts the way parliaments present changes: alinéas aligned first (an
/// inserted or deleted alinéa is one block), then words within the alinéas that match, cleaned
/// up so the result reads like a person's redline.
public enum WordDiff {
    /// The diff of `before` and `after`; `after` can always be rebuilt from it exactly.
    public static func diff(_ before: String, _ after: String, limits: DiffLimits = .default) -> TextDiff {
        let old = AlineaSplit(before)
        let new = AlineaSplit(after)
        var interner = Interner()
        let oldIDs = old.pieces.map { interner.id($0.content) }
        let newIDs = new.pieces.map { interner.id($0.content) }
        let alignment = SequenceDiff(oldIDs, newIDs, limits: limits)
        var builder = Builder(old: old, new: new, limits: limits)
        builder.approximate = alignment.approximate

        var oldIndex = 0
        var newIndex = 0
        var runIndex = 0
        let runs = alignment.runs
        while runIndex < runs.count {
            let run = runs[runIndex]
            if run.operation == .equal {
                for offset in 0..<run.count { builder.matched(oldIndex + offset, newIndex + offset) }
                oldIndex += run.count
                newIndex += run.count
                runIndex += 1
                continue
            }
            // A region of replaced alinéas: consecutive deletions and insertions.
            var deleted = 0
            var inserted = 0
            while runIndex < runs.count, runs[runIndex].operation != .equal {
                if runs[runIndex].operation == .delete {
                    deleted += runs[runIndex].count
                } else {
                    inserted += runs[runIndex].count
                }
                runIndex += 1
            }
            builder.replaced(oldIndex..<(oldIndex + deleted), newIndex..<(newIndex + inserted))
            oldIndex += deleted
            newIndex += inserted
        }
        return builder.finish(leadingBefore: old.leading, leadingAfter: new.leading)
    }

    /// Word diff of two single strings with no alinéa alignment, as segments.
    static func words(_ before: String, _ after: String, limits: DiffLimits, approximate: inout Bool) -> [Segment] {
        let oldTokens = Tokenizer.tokens(before)
        let newTokens = Tokenizer.tokens(after)
        var interner = Interner()
        let oldIDs = oldTokens.map { interner.id($0.text) }
        let newIDs = newTokens.map { interner.id($0.text) }
        let sequence = SequenceDiff(oldIDs, newIDs, limits: limits)
        if sequence.approximate { approximate = true }
        var parts: [Part] = []
        var oldIndex = 0
        var newIndex = 0
        for run in sequence.runs {
            switch run.operation {
            case .equal:
                parts.append(.equal(oldTokens[oldIndex..<(oldIndex + run.count)]))
                oldIndex += run.count
                newIndex += run.count
            case .delete:
                parts.append(.change(oldTokens[oldIndex..<(oldIndex + run.count)], []))
                oldIndex += run.count
            case .insert:
                parts.append(.change([], newTokens[newIndex..<(newIndex + run.count)]))
                newIndex += run.count
            }
        }
        return Cleanup.segments(parts)
    }
}

/// Gives each distinct string a small integer, so sequences compare as integers. Strings are
/// told apart by their bytes, not by Unicode equivalence: `é` composed and decomposed differ, so
/// the text after is rebuilt byte for byte.
struct Interner {
    private var ids: [Bytes: Int] = [:]

    mutating func id(_ text: String) -> Int {
        let key = Bytes(text)
        if let id = ids[key] { return id }
        let id = ids.count
        ids[key] = id
        return id
    }

    private struct Bytes: Hashable {
        let text: String
        init(_ text: String) { self.text = text }
        static func == (lhs: Bytes, rhs: Bytes) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }
        func hash(into hasher: inout Hasher) {
            var copy = text
            copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }
}

/// Assembles alinéa diffs in reading order.
private struct Builder {
    let old: AlineaSplit
    let new: AlineaSplit
    let limits: DiffLimits
    var alineas: [AlineaDiff] = []
    var approximate = false

    init(old: AlineaSplit, new: AlineaSplit, limits: DiffLimits) {
        self.old = old
        self.new = new
        self.limits = limits
    }

    mutating func matched(_ oldIndex: Int, _ newIndex: Int) {
        let before = old.pieces[oldIndex]
        let after = new.pieces[newIndex]
        var segments = [Segment(.equal, before.content)]
        segments += Self.separator(before.separator, after.separator)
        let kind: AlineaDiff.Kind = before.separator.utf8.elementsEqual(after.separator.utf8) ? .equal : .modified
        alineas.append(
            AlineaDiff(
                kind: kind, before: oldIndex + 1, after: newIndex + 1, segments: segments.filter { !$0.text.isEmpty }))
    }

    mutating func modified(_ oldIndex: Int, _ newIndex: Int) {
        let before = old.pieces[oldIndex]
        let after = new.pieces[newIndex]
        var segments = WordDiff.words(before.content, after.content, limits: limits, approximate: &approximate)
        segments += Self.separator(before.separator, after.separator)
        alineas.append(
            AlineaDiff(
                kind: .modified, before: oldIndex + 1, after: newIndex + 1,
                segments: segments.filter { !$0.text.isEmpty }))
    }

    mutating func deleted(_ oldIndex: Int) {
        let piece = old.pieces[oldIndex]
        let segments = [Segment(.delete, piece.content), Segment(.delete, piece.separator)].filter { !$0.text.isEmpty }
        alineas.append(AlineaDiff(kind: .deleted, before: oldIndex + 1, after: nil, segments: segments))
    }

    mutating func inserted(_ newIndex: Int) {
        let piece = new.pieces[newIndex]
        let segments = [Segment(.insert, piece.content), Segment(.insert, piece.separator)].filter { !$0.text.isEmpty }
        alineas.append(AlineaDiff(kind: .inserted, before: nil, after: newIndex + 1, segments: segments))
    }

    /// Pairs the alinéas of a replaced region that are similar enough to read as one modified
    /// alinéa, in order; the others are whole insertions or deletions.
    mutating func replaced(_ oldRange: Range<Int>, _ newRange: Range<Int>) {
        let pairs = Pairing.pairs(
            old: oldRange.map { old.pieces[$0].content }, new: newRange.map { new.pieces[$0].content })
        var oldNext = oldRange.lowerBound
        var newNext = newRange.lowerBound
        for (oldOffset, newOffset) in pairs {
            let oldIndex = oldRange.lowerBound + oldOffset
            let newIndex = newRange.lowerBound + newOffset
            while oldNext < oldIndex { deleted(oldNext); oldNext += 1 }
            while newNext < newIndex { inserted(newNext); newNext += 1 }
            modified(oldIndex, newIndex)
            oldNext = oldIndex + 1
            newNext = newIndex + 1
        }
        while oldNext < oldRange.upperBound { deleted(oldNext); oldNext += 1 }
        while newNext < newRange.upperBound { inserted(newNext); newNext += 1 }
    }

    static func separator(_ before: String, _ after: String) -> [Segment] {
        before.utf8.elementsEqual(after.utf8)
            ? [Segment(.equal, before)] : [Segment(.delete, before), Segment(.insert, after)]
    }

    func finish(leadingBefore: String, leadingAfter: String) -> TextDiff {
        var alineas = self.alineas
        let leading = Self.separator(leadingBefore, leadingAfter).filter { !$0.text.isEmpty }
        if !leading.isEmpty {
            if alineas.isEmpty {
                let kind: AlineaDiff.Kind = leadingBefore.utf8.elementsEqual(leadingAfter.utf8) ? .equal : .modified
                alineas.append(AlineaDiff(kind: kind, before: nil, after: nil, segments: leading))
            } else {
                alineas[0].segments.insert(contentsOf: leading, at: 0)
                if !leadingBefore.utf8.elementsEqual(leadingAfter.utf8) && alineas[0].kind == .equal {
                    alineas[0].kind = .modified
                }
            }
        }
        return TextDiff(alineas: alineas, approximate: approximate)
    }
}
