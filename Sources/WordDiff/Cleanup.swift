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
        var merged: [(equal: String?, deleted: String, inserted: String)] = []
        for part in parts {
            switch part {
            case .equal(let tokens):
                merged.append((text(tokens), "", ""))
            case .change(let deleted, let inserted):
                if let last = merged.last, last.equal == nil {
                    merged[merged.count - 1].deleted += text(deleted)
                    merged[merged.count - 1].inserted += text(inserted)
                } else {
                    merged.append((nil, text(deleted), text(inserted)))
                }
            }
        }
        // Fold thin equalities sitting between two changes, until none is left.
        var changed = true
        while changed {
            changed = false
            var index = 1
            while index + 1 < merged.count {
                guard let equal = merged[index].equal, merged[index - 1].equal == nil, merged[index + 1].equal == nil
                else {
                    index += 1
                    continue
                }
                let left = merged[index - 1]
                let right = merged[index + 1]
                if Tokenizer.tokens(equal).allSatisfy(\.isThin) {
                    merged.replaceSubrange(
                        (index - 1)...(index + 1),
                        with: [(nil, left.deleted + equal + right.deleted, left.inserted + equal + right.inserted)])
                    changed = true
                } else {
                    index += 1
                }
            }
        }
        var segments: [Segment] = []
        for entry in merged {
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
