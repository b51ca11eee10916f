/// The dispositif of an amendment in the drafting style of the Assemblée nationale, generated
/// from the diff of an article's text: "À l'alinéa 3, substituer au mot : « et » le mot : « ou ».",
/// "Après l'alinéa 2, insérer l'alinéa suivant : « … »", "Supprimer l'alinéa 4.", with a
/// fallback "Rédiger ainsi l'alinéa 3 : « … »" when a change is too scattered to word precisely.
/// Alinéas are numbered as in the text amended. Typographic changes are not worded.
public enum LegisticRenderer {
    /// One instruction of a dispositif, as data: what a reader compares with a real amendment.
    public enum Change: Sendable, Equatable {
        /// In alinéa `alinea`, replace `old` with `new`.
        case substitute(alinea: Int, old: String, new: String)
        /// In alinéa `alinea`, insert `words` after `anchor` (nil: at the start of the alinéa).
        case insert(alinea: Int, after: String?, words: String)
        /// Add `words` at the end of alinéa `alinea`.
        case complete(alinea: Int, words: String)
        /// In alinéa `alinea`, delete `words`.
        case delete(alinea: Int, words: String)
        /// Delete alinéas `first` through `last`.
        case deleteAlineas(first: Int, last: Int)
        /// Insert alinéas after alinéa `after` (0: before the first).
        case insertAlineas(after: Int, texts: [String])
        /// Rewrite alinéa `alinea` as `text`.
        case rewriteAlinea(alinea: Int, text: String)
        /// Rewrite the whole article.
        case rewriteArticle(texts: [String])
        /// Delete the whole article.
        case deleteArticle
        /// Insert the whole article (the text before was empty).
        case insertArticle(texts: [String])
    }

    /// More word changes than this in one alinéa, or more than `scatteredShare` of its words
    /// changed, and the alinéa is rewritten whole.
    static let changesPerAlinea = 3
    static let scatteredShare = 0.6
    /// Changes at most this many words apart are worded as one.
    static let mergedGap = 2
    /// The most words an anchor or a quoted passage is extended by to make it unique in its alinéa.
    static let contextWords = 6

    /// The instructions that turn the text before into the text after.
    public static func changes(_ diff: TextDiff) -> [Change] {
        if diff.isEmpty { return [] }
        let after = diff.after.trimmingWhitespace
        if after.isEmpty { return [.deleteArticle] }
        if diff.before.trimmingWhitespace.isEmpty {
            return [.insertArticle(texts: after.alineaTexts.map(\.trimmingWhitespace))]
        }
        var changes: [Change] = []
        var lastBefore = 0
        var index = 0
        let alineas = diff.alineas
        var untouched = 0
        while index < alineas.count {
            let alinea = alineas[index]
            switch alinea.kind {
            case .equal:
                lastBefore = alinea.before ?? lastBefore
                untouched += 1
                index += 1
            case .deleted:
                let first = alinea.before ?? lastBefore + 1
                var last = first
                while index < alineas.count, alineas[index].kind == .deleted {
                    last = alineas[index].before ?? last
                    index += 1
                }
                changes.append(.deleteAlineas(first: first, last: last))
                lastBefore = last
            case .inserted:
                var texts: [String] = []
                while index < alineas.count, alineas[index].kind == .inserted {
                    let text = alineas[index].segments.filter { $0.op == .insert }.map(\.text).joined()
                        .trimmingWhitespace
                    if !text.isEmpty { texts.append(text) }
                    index += 1
                }
                if !texts.isEmpty { changes.append(.insertAlineas(after: lastBefore, texts: texts)) }
            case .modified:
                let number = alinea.before ?? lastBefore
                changes += words(alinea, number: number)
                if alinea.segments.allSatisfy({ $0.op == .equal || $0.typographic || $0.text.isSeparatorOnly }) {
                    untouched += 1
                }
                lastBefore = number
                index += 1
            }
        }
        // Nothing of the article kept: it is rewritten.
        // Nothing of the article kept, not even words within an alinéa: it is rewritten.
        if untouched == 0, !changes.contains(where: { $0.wordAlinea != nil }),
            changes.count > 1 || changes.contains(where: { if case .rewriteAlinea = $0 { true } else { false } })
        {
            let texts = after.alineaTexts.map(\.trimmingWhitespace).filter { !$0.isEmpty }
            return [.rewriteArticle(texts: texts)]
        }
        return changes
    }

    /// The word changes of one modified alinéa, or its rewriting when they are too scattered.
    static func words(_ alinea: AlineaDiff, number: Int) -> [Change] {
        // The alinéa's text before, and each change as a range of it with the inserted text.
        var before = ""
        var units: [(start: String.Index, end: String.Index, inserted: String)] = []
        var pending: (start: String.Index, deleted: String, inserted: String)?
        func close() {
            guard let open = pending else { return }
            units.append((open.start, before.endIndex, open.inserted))
            pending = nil
        }
        for segment in alinea.segments where !segment.text.isSeparatorOnly {
            switch segment.op {
            case .equal:
                close()
                before += segment.text
            case .delete where segment.typographic:
                before += segment.text
            case .insert where segment.typographic:
                continue
            case .delete:
                if pending == nil { pending = (before.endIndex, "", "") }
                let start = pending!.start
                before += segment.text
                pending = (start, "", pending!.inserted)
            case .insert:
                if pending == nil { pending = (before.endIndex, "", "") }
                pending!.inserted += segment.text
            }
        }
        close()
        guard !units.isEmpty else { return [] }
        // Changes a word or two apart are one passage, as a drafter quotes them: « le département
        // d'Alsace est autorisé » rather than two substitutions.
        var merged: [(start: String.Index, end: String.Index, inserted: String)] = []
        for unit in units {
            if let last = merged.last {
                let between = String(before[last.end..<unit.start])
                if between.split(whereSeparator: \.isWhitespace).count <= Self.mergedGap {
                    merged[merged.count - 1] = (last.start, unit.end, last.inserted + between + unit.inserted)
                    continue
                }
            }
            merged.append(unit)
        }
        units = merged
        let totalWords = max(1, Self.wordCount(before))
        let changedWords = units.reduce(0) {
            $0 + max(Self.wordCount(String(before[$1.start..<$1.end])), Self.wordCount($1.inserted))
        }
        let after = alinea.segments.filter { $0.op != .delete && !$0.text.isSeparatorOnly }.map(\.text).joined()
            .trimmingWhitespace
        if units.count > changesPerAlinea || Double(changedWords) / Double(totalWords) > scatteredShare {
            return [.rewriteAlinea(alinea: number, text: after)]
        }
        var changes: [Change] = []
        for unit in units {
            let old = String(before[unit.start..<unit.end])
            let new = unit.inserted
            guard let change = Self.change(before, old: old, range: unit.start..<unit.end, new: new, alinea: number)
            else { return [.rewriteAlinea(alinea: number, text: after)] }
            changes.append(change)
        }
        return changes
    }

    /// One word change, its quoted passage made unique in the alinéa; nil when it cannot be.
    static func change(_ text: String, old: String, range: Range<String.Index>, new: String, alinea: Int) -> Change? {
        let oldWords = old.trimmingWhitespace
        let newWords = new.trimmingWhitespace
        let before = String(text[..<range.lowerBound])
        let rest = String(text[range.upperBound...])
        if oldWords.isEmpty {
            guard !newWords.isEmpty else { return nil }
            if rest.trimmingWhitespace.isEmpty { return .complete(alinea: alinea, words: newWords) }
            if before.trimmingWhitespace.isEmpty { return .insert(alinea: alinea, after: nil, words: newWords) }
            guard let anchor = uniqueTail(of: before, in: text) else { return nil }
            return .insert(alinea: alinea, after: anchor, words: newWords)
        }
        // The passage replaced or deleted must name one place of the alinéa: extend it with the
        // words before it until it does.
        var context = ""
        var quoted = oldWords
        var count = 0
        while occurrences(of: quoted, in: text) > 1 {
            guard count < contextWords, let word = lastWord(of: String(before.dropLast(context.count))) else {
                return nil
            }
            context = word + context
            quoted = (context + old).trimmingWhitespace
            count += 1
        }
        let replacement = (context + new).trimmingWhitespace
        if newWords.isEmpty && context.isEmpty { return .delete(alinea: alinea, words: quoted) }
        return .substitute(alinea: alinea, old: quoted, new: replacement)
    }

    /// The shortest run of words ending `prefix` that appears once in `text`.
    static func uniqueTail(of prefix: String, in text: String) -> String? {
        var tail = ""
        var remaining = Substring(prefix)
        for _ in 0..<contextWords {
            guard let word = lastWord(of: String(remaining)) else { return nil }
            tail = word + tail
            remaining = remaining.dropLast(word.count)
            let candidate = tail.trimmingWhitespace
            if !candidate.isEmpty, occurrences(of: candidate, in: text) == 1 { return candidate }
        }
        return nil
    }

    /// The last word of `text` with the spaces after it (`"les données "` → `"données "`).
    static func lastWord(of text: String) -> String? {
        guard !text.trimmingWhitespace.isEmpty else { return nil }
        var end = text.endIndex
        while end > text.startIndex, text[text.index(before: end)].isWhitespace { end = text.index(before: end) }
        var start = end
        while start > text.startIndex, !text[text.index(before: start)].isWhitespace {
            start = text.index(before: start)
        }
        return String(text[start...])
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        guard !needle.isEmpty else { return 0 }
        let haystack = Array(text.utf8)
        let pattern = Array(needle.utf8)
        guard pattern.count <= haystack.count else { return 0 }
        var count = 0
        for start in 0...(haystack.count - pattern.count)
        where haystack[start] == pattern[0] && haystack[start..<(start + pattern.count)].elementsEqual(pattern) {
            count += 1
        }
        return count
    }

    /// Words as a dispositif counts them: an elided article (`l'`, `d’`) is a word of its own,
    /// so « d'une » is « les mots ».
    static func wordCount(_ text: String) -> Int {
        text.split { $0.isWhitespace || $0 == "'" || $0 == "’" }.filter { $0.contains { $0.isLetter || $0.isNumber } }
            .count
    }

    // MARK: French

    /// The dispositif as text: one instruction per line, numbered I, II… when there are several.
    public static func render(_ changes: [Change]) -> String {
        var sentences: [String] = []
        var index = 0
        while index < changes.count {
            // Word changes of one alinéa are one instruction, their parts numbered 1°, 2°…
            if let alinea = changes[index].wordAlinea {
                var parts: [Change] = []
                while index < changes.count, changes[index].wordAlinea == alinea {
                    parts.append(changes[index])
                    index += 1
                }
                if parts.count == 1 {
                    sentences.append(sentence(parts[0]))
                } else {
                    let items = parts.enumerated().map { "\($0.offset + 1)° \(clause($0.element))" }
                    sentences.append("À l'alinéa \(alinea) : " + items.joined(separator: " ; ") + ".")
                }
            } else {
                sentences.append(sentence(changes[index]))
                index += 1
            }
        }
        guard sentences.count > 1 else { return sentences.first ?? "" }
        return sentences.enumerated().map { "\(roman($0.offset + 1)). – \($0.element)" }.joined(separator: "\n\n")
    }

    static func sentence(_ change: Change) -> String {
        switch change {
        case .substitute(let alinea, _, _), .delete(let alinea, _):
            return "À l'alinéa \(alinea), \(clause(change))."
        case .insert(let alinea, let anchor, _):
            return anchor == nil
                ? "Au début de l'alinéa \(alinea), \(clause(change))." : "À l'alinéa \(alinea), \(clause(change))."
        case .complete(let alinea, let words):
            return "Compléter l'alinéa \(alinea) par \(noun(words, article: "le", plural: "les")) : « \(words) »."
        case .deleteAlineas(let first, let last):
            if first == last { return "Supprimer l'alinéa \(first)." }
            return last == first + 1
                ? "Supprimer les alinéas \(first) et \(last)." : "Supprimer les alinéas \(first) à \(last)."
        case .insertAlineas(let after, let texts):
            let place = after == 0 ? "Avant l'alinéa 1" : "Après l'alinéa \(after)"
            let what = texts.count == 1 ? "l'alinéa suivant" : "les \(cardinal(texts.count)) alinéas suivants"
            return "\(place), insérer \(what) :\n\n" + texts.map { "« \($0) »" }.joined(separator: "\n\n")
        case .rewriteAlinea(let alinea, let text):
            return "Rédiger ainsi l'alinéa \(alinea) :\n\n« \(text) »"
        case .rewriteArticle(let texts):
            return "Rédiger ainsi cet article :\n\n" + texts.map { "« \($0) »" }.joined(separator: "\n\n")
        case .deleteArticle:
            return "Supprimer cet article."
        case .insertArticle(let texts):
            return "Insérer l'article suivant :\n\n" + texts.map { "« \($0) »" }.joined(separator: "\n\n")
        }
    }

    /// The part of a word change after "À l'alinéa N, ".
    static func clause(_ change: Change) -> String {
        switch change {
        case .substitute(_, let old, let new):
            return
                "substituer \(noun(old, article: "au", plural: "aux")) : « \(old) » \(noun(new, article: "le", plural: "les")) : « \(new) »"
        case .insert(_, let anchor, let words):
            let insert = "insérer \(noun(words, article: "le", plural: "les")) : « \(words) »"
            guard let anchor else { return insert }
            return "après \(noun(anchor, article: "le", plural: "les")) : « \(anchor) », \(insert)"
        case .delete(_, let words):
            return "supprimer \(noun(words, article: "le", plural: "les")) : « \(words) »"
        default:
            return sentence(change)
        }
    }

    /// `le mot` or `les mots`, `au mot` or `aux mots`.
    static func noun(_ words: String, article: String, plural: String) -> String {
        wordCount(words) > 1 ? "\(plural) mots" : "\(article) mot"
    }

    static func cardinal(_ count: Int) -> String {
        let names = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]
        return count < names.count ? names[count] : String(count)
    }

    static func roman(_ number: Int) -> String {
        let values = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var rest = number
        var text = ""
        for (value, letters) in values {
            while rest >= value {
                text += letters
                rest -= value
            }
        }
        return text
    }
}

extension LegisticRenderer.Change {
    /// The alinéa of a word change, nil for the other instructions.
    var wordAlinea: Int? {
        switch self {
        case .substitute(let alinea, _, _), .insert(let alinea, _, _), .complete(let alinea, _), .delete(let alinea, _):
            alinea
        default: nil
        }
    }
}

extension String {
    /// The alinéas of a text: paragraphs between blank lines.
    var alineaTexts: [String] {
        var result: [String] = []
        var current: [Substring] = []
        for line in split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { result.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }

    var trimmingWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }

    /// Only spaces and line breaks, a line break among them: an alinéa separator.
    var isSeparatorOnly: Bool {
        !isEmpty && contains("\n") && allSatisfy(\.isWhitespace)
    }
}
