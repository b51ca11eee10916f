/// A run of a word diff before clean-up: tokens kept, or tokens replaced by others.
enum Part {
    case equal(ArraySlice<Token>)
    case change(ArraySlice<Token>, ArraySlice<Token>)
}

/// Makes a word diff read like a person's redline: an equality that is only spaces and
/// punctuation between two changes is folded into one change, so `[-a-]{+x+}, [-b-]{+y+}` reads
/// `[-a, b-]{+x, y+}`; a kept word stays visible; within a change, the deletion comes first.
enum Cleanup {
    static func segments(_ parts: [Part]) -> [Segment] {
        var merged: [(equal: String?, thin: Bool, deleted: String, inserted: String)] = []
        for part in parts {
            switch part {
            case .equal(let tokens):
                merged.append((text(tokens), tokens.allSatisfy(\.isThin), "", ""))
            case .change(let deleted, let inserted):
                if let last = merged.last, last.equal == nil {
                    merged[merged.count - 1].deleted += text(deleted)
                    merged[merged.count - 1].inserted += text(inserted)
                } else {
                    merged.append((nil, false, text(deleted), text(inserted)))
                }
            }
        }
        // Fold thin equalities sitting between two changes, in one pass: whenever the last three
        // entries are change, thin equality, change, they become one change.
        var folded: [(equal: String?, thin: Bool, deleted: String, inserted: String)] = []
        folded.reserveCapacity(merged.count)
        for entry in merged {
            folded.append(entry)
            while folded.count >= 3 {
                let right = folded[folded.count - 1]
                let middle = folded[folded.count - 2]
                let left = folded[folded.count - 3]
                guard left.equal == nil, right.equal == nil, let equal = middle.equal, middle.thin else { break }
                folded.removeLast(3)
                folded.append(
                    (nil, false, left.deleted + equal + right.deleted, left.inserted + equal + right.inserted))
            }
        }
        var segments: [Segment] = []
        for entry in folded {
            if let equal = entry.equal {
                segments.append(Segment(.equal, equal))
            } else {
                if !entry.deleted.isEmpty { segments.append(Segment(.delete, entry.deleted)) }
                if !entry.inserted.isEmpty { segments.append(Segment(.insert, entry.inserted)) }
            }
        }
        return segments
    }

    private static func text(_ tokens: ArraySlice<Token>) -> String {
        tokens.reduce(into: "") { $0 += $1.text }
    }
}
