/// Makes a word diff read like a person's redline: an equality that is only spaces and
/// punctuation between two changes is folded into one change, so `[-a-]{+x+}, [-b-]{+y+}` reads
/// `[-a, b-]{+x, y+}`; a kept word stays visible; within a change, the deletion comes first.
enum Cleanup {
    private struct Entry {
        var equal: String?
        var thin: Bool
        var deleted: String
        var inserted: String
    }

    /// The segments of a word diff given as runs over two tokenized texts.
    static func segments(_ runs: [EditRun], old: TokenizedText, new: TokenizedText) -> [Segment] {
        var entries: [Entry] = []
        var oldIndex = 0
        var newIndex = 0
        for run in runs {
            switch run.operation {
            case .equal:
                let range = oldIndex..<(oldIndex + run.count)
                entries.append(Entry(equal: old.text(range), thin: old.isThin(range), deleted: "", inserted: ""))
                oldIndex += run.count
                newIndex += run.count
            case .delete, .insert:
                let deleted = run.operation == .delete ? old.text(oldIndex..<(oldIndex + run.count)) : ""
                let inserted = run.operation == .insert ? new.text(newIndex..<(newIndex + run.count)) : ""
                if run.operation == .delete { oldIndex += run.count } else { newIndex += run.count }
                if let last = entries.last, last.equal == nil {
                    entries[entries.count - 1].deleted += deleted
                    entries[entries.count - 1].inserted += inserted
                } else {
                    entries.append(Entry(equal: nil, thin: false, deleted: deleted, inserted: inserted))
                }
            }
            // Fold as we go: change, thin equality, change become one change.
            while entries.count >= 3 {
                let right = entries[entries.count - 1]
                let middle = entries[entries.count - 2]
                let left = entries[entries.count - 3]
                guard left.equal == nil, right.equal == nil, let equal = middle.equal, middle.thin else { break }
                entries.removeLast(3)
                entries.append(
                    Entry(
                        equal: nil, thin: false, deleted: left.deleted + equal + right.deleted,
                        inserted: left.inserted + equal + right.inserted))
            }
        }
        var segments: [Segment] = []
        for entry in entries {
            if let equal = entry.equal {
                segments.append(Segment(.equal, equal))
            } else {
                if !entry.deleted.isEmpty { segments.append(Segment(.delete, entry.deleted)) }
                if !entry.inserted.isEmpty { segments.append(Segment(.insert, entry.inserted)) }
            }
        }
        return segments
    }
}
