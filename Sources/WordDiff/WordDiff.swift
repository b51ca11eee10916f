/// Compares two legal texts the way parliaments present changes: alinéas aligned first (an
/// inserted or deleted alinéa is one block), then words within the alinéas that match, cleaned
/// up so the result reads like a person's redline.
public enum WordDiff {
    /// The diff of `before` and `after`; `after` can always be rebuilt from it exactly.
    public static func diff(_ before: String, _ after: String, limits: DiffLimits = .default) -> TextDiff {
        let old = AlineaSplit(before)
        let new = AlineaSplit(after)
        var interner = Interner(capacity: old.pieces.count + new.pieces.count)
        let oldIDs = old.bytes.withUnsafeBufferPointer { bytes in
            old.pieces.map { interner.id(UnsafeBufferPointer(rebasing: bytes[$0.content])) }
        }
        let newIDs = new.bytes.withUnsafeBufferPointer { bytes in
            new.pieces.map { interner.id(UnsafeBufferPointer(rebasing: bytes[$0.content])) }
        }
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
        return builder.finish(leadingBefore: old.string(old.leading), leadingAfter: new.string(new.leading))
    }

    /// Word diff of two tokenized alinéas, as cleaned-up segments.
    static func words(
        _ old: TokenizedText, _ new: TokenizedText, limits: DiffLimits, tables: AnchorTablesBox? = nil,
        approximate: inout Bool
    ) -> [Segment] {
        let sequence = SequenceDiff(old.ids, new.ids, limits: limits, tables: tables)
        if sequence.approximate { approximate = true }
        return Cleanup.segments(sequence.runs, old: old, new: new)
    }
}

/// Assembles alinéa diffs in reading order.
private struct Builder {
    let old: AlineaSplit
    let new: AlineaSplit
    let limits: DiffLimits
    var alineas: [AlineaDiff] = []
    var approximate = false
    /// One token table for the whole diff, and each alinéa tokenized at most once.
    var interner = Interner(capacity: 4096)
    var oldTokens: [TokenizedText?]
    var newTokens: [TokenizedText?]
    /// The anchor tables of every word diff of this text diff.
    let tables = AnchorTablesBox()
    /// Counts the words alinéas in the same place share.
    var shared = SharedWords()

    mutating func tokenized(old index: Int) -> TokenizedText {
        if let cached = oldTokens[index] { return cached }
        let text = TokenizedText(old, old.pieces[index].content, interner: &interner)
        oldTokens[index] = text
        return text
    }

    mutating func tokenized(new index: Int) -> TokenizedText {
        if let cached = newTokens[index] { return cached }
        let text = TokenizedText(new, new.pieces[index].content, interner: &interner)
        newTokens[index] = text
        return text
    }

    init(old: AlineaSplit, new: AlineaSplit, limits: DiffLimits) {
        self.old = old
        self.new = new
        self.limits = limits
        oldTokens = Array(repeating: nil, count: old.pieces.count)
        newTokens = Array(repeating: nil, count: new.pieces.count)
    }

    mutating func matched(_ oldIndex: Int, _ newIndex: Int) {
        let before = old.pieces[oldIndex]
        let after = new.pieces[newIndex]
        var segments = [Segment(.equal, old.string(before.content))]
        segments += Self.separator(old.string(before.separator), new.string(after.separator))
        let kind: AlineaDiff.Kind = old.same(before.separator, as: new, after.separator) ? .equal : .modified
        alineas.append(
            AlineaDiff(
                kind: kind, before: oldIndex + 1, after: newIndex + 1, segments: segments.filter { !$0.text.isEmpty }))
    }

    mutating func modified(_ oldIndex: Int, _ newIndex: Int, trim: Trim? = nil) {
        let before = old.pieces[oldIndex]
        let after = new.pieces[newIndex]
        var segments: [Segment]
        if let trim, oldTokens[oldIndex] == nil || newTokens[newIndex] == nil {
            // Only the middle, where the two differ, is tokenized and diffed word by word.
            let middle = WordDiff.words(
                trim.oldMiddle, trim.newMiddle, limits: limits, tables: tables, approximate: &approximate)
            segments = []
            if trim.prefix > 0 {
                segments.append(
                    Segment(.equal, old.string(before.content.lowerBound..<(before.content.lowerBound + trim.prefix))))
            }
            for segment in middle {
                if segment.op == .equal, let last = segments.last, last.op == .equal {
                    segments[segments.count - 1].text += segment.text
                } else {
                    segments.append(segment)
                }
            }
            if trim.suffix > 0 {
                let suffix = old.string((before.content.upperBound - trim.suffix)..<before.content.upperBound)
                if let last = segments.last, last.op == .equal {
                    segments[segments.count - 1].text += suffix
                } else {
                    segments.append(Segment(.equal, suffix))
                }
            }
        } else {
            segments = WordDiff.words(
                tokenized(old: oldIndex), tokenized(new: newIndex), limits: limits, tables: tables,
                approximate: &approximate)
        }
        Typography.classify(&segments)
        segments += Self.separator(old.string(before.separator), new.string(after.separator))
        alineas.append(
            AlineaDiff(
                kind: .modified, before: oldIndex + 1, after: newIndex + 1,
                segments: segments.filter { !$0.text.isEmpty }))
    }

    mutating func deleted(_ oldIndex: Int) {
        let piece = old.pieces[oldIndex]
        let segments = [Segment(.delete, old.string(piece.content)), Segment(.delete, old.string(piece.separator))]
            .filter {
                !$0.text.isEmpty
            }
        alineas.append(AlineaDiff(kind: .deleted, before: oldIndex + 1, after: nil, segments: segments))
    }

    mutating func inserted(_ newIndex: Int) {
        let piece = new.pieces[newIndex]
        let segments = [Segment(.insert, new.string(piece.content)), Segment(.insert, new.string(piece.separator))]
            .filter {
                !$0.text.isEmpty
            }
        alineas.append(AlineaDiff(kind: .inserted, before: nil, after: newIndex + 1, segments: segments))
    }

    /// Pairs the alinéas of a replaced region that are similar enough to read as one modified
    /// alinéa, in order; the others are whole insertions or deletions.
    mutating func replaced(_ oldRange: Range<Int>, _ newRange: Range<Int>) {
        // As many alinéas on each side, each close to the one in its place: the usual amendment
        // or rewording. Each pair is diffed on its middle only, without tokenizing the rest.
        if oldRange.count == newRange.count, let trims = positionalTrims(oldRange, newRange) {
            for (offset, trim) in trims.enumerated() {
                modified(oldRange.lowerBound + offset, newRange.lowerBound + offset, trim: trim)
            }
            return
        }
        let pairs: [(Int, Int)]
        if oldRange.count == 1 && newRange.count == 1 {
            pairs = [(0, 0)]
        } else {
            let oldWords = oldRange.map { tokenized(old: $0).wordIDs }
            let newWords = newRange.map { tokenized(new: $0).wordIDs }
            pairs = Pairing.pairs(old: oldWords, new: newWords, idCount: interner.count)
        }
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

    /// The common start and end of an old and a new alinéa, cut at word boundaries, and the
    /// tokens of what lies between.
    struct Trim {
        var prefix: Int
        var suffix: Int
        var oldMiddle: TokenizedText
        var newMiddle: TokenizedText
    }

    /// The share of words two alinéas in the same place must have in common to be diffed
    /// without looking for a better partner.
    static let positionalThreshold = 0.8

    /// Each old alinéa of the region trimmed against the new one in its place, when every pair
    /// shares at least `positionalThreshold` of its words; nil otherwise (then pairing decides).
    mutating func positionalTrims(_ oldRange: Range<Int>, _ newRange: Range<Int>) -> [Trim]? {
        var trims: [Trim] = []
        trims.reserveCapacity(oldRange.count)
        for offset in 0..<oldRange.count {
            let oldPiece = old.pieces[oldRange.lowerBound + offset].content
            let newPiece = new.pieces[newRange.lowerBound + offset].content
            let (prefix, suffix) = WordBoundaries.commonEnds(old.bytes, oldPiece, new.bytes, newPiece)
            let oldMiddle = TokenizedText(
                old, (oldPiece.lowerBound + prefix)..<(oldPiece.upperBound - suffix), interner: &interner)
            let newMiddle = TokenizedText(
                new, (newPiece.lowerBound + prefix)..<(newPiece.upperBound - suffix), interner: &interner)
            // Words in common: those of the common ends, and the middles' shared words.
            let ends =
                WordBoundaries.words(old.bytes, oldPiece.lowerBound..<(oldPiece.lowerBound + prefix))
                + WordBoundaries.words(old.bytes, (oldPiece.upperBound - suffix)..<oldPiece.upperBound)
            let oldWords = oldMiddle.wordIDs
            let newWords = newMiddle.wordIDs
            let common = ends + shared.common(oldWords, newWords, idCount: interner.count)
            let total = 2 * ends + oldWords.count + newWords.count
            let score = total == 0 ? 1 : 2 * Double(common) / Double(total)
            guard score >= Self.positionalThreshold || oldRange.count == 1 else { return nil }
            trims.append(Trim(prefix: prefix, suffix: suffix, oldMiddle: oldMiddle, newMiddle: newMiddle))
        }
        return trims
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
