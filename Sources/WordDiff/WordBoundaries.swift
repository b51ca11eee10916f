/// Where two alinéas can be cut so that their common start and end need no tokenizing: at an
/// ASCII space between two letters or digits, never inside a reference (`L. 312-1`, `n° 78`),
/// a run of spaces or a grapheme, so the middle tokenizes exactly as it would in the whole.
enum WordBoundaries {
    /// The byte lengths of the common start and end of `a[aRange]` and `b[bRange]`, cut at word
    /// boundaries, not overlapping.
    static func commonEnds(_ a: [UInt8], _ aRange: Range<Int>, _ b: [UInt8], _ bRange: Range<Int>) -> (Int, Int) {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                let limit = min(aRange.count, bRange.count)
                var common = 0
                while common < limit, a[aRange.lowerBound + common] == b[bRange.lowerBound + common] { common += 1 }
                // The prefix ends just after a space: back off to one that is a word boundary on
                // both sides.
                var prefix = 0
                var cut = common
                while cut > 1 {
                    if a[aRange.lowerBound + cut - 1] == 0x20,
                        isBoundary(a, aRange, space: aRange.lowerBound + cut - 1),
                        isBoundary(b, bRange, space: bRange.lowerBound + cut - 1)
                    {
                        prefix = cut
                        break
                    }
                    cut -= 1
                }
                var sameEnd = 0
                while sameEnd < limit - prefix,
                    a[aRange.upperBound - 1 - sameEnd] == b[bRange.upperBound - 1 - sameEnd]
                {
                    sameEnd += 1
                }
                // The suffix starts with a space that is a boundary on both sides.
                var suffix = 0
                var length = sameEnd
                while length > 1 {
                    let aSpace = aRange.upperBound - length
                    let bSpace = bRange.upperBound - length
                    if a[aSpace] == 0x20, aSpace - 1 >= aRange.lowerBound + prefix,
                        bSpace - 1 >= bRange.lowerBound + prefix,
                        isBoundary(a, aRange, space: aSpace), isBoundary(b, bRange, space: bSpace)
                    {
                        suffix = length
                        break
                    }
                    length -= 1
                }
                return (prefix, suffix)
            }
        }
    }

    /// Whether the ASCII space at `space` stands alone between a letter or digit and a letter
    /// or digit, and does not follow `no` (as in `no 78-17`).
    static func isBoundary(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, space: Int) -> Bool {
        guard space > range.lowerBound, space + 1 < range.upperBound,
            endsWithLetterOrDigit(bytes, before: space, from: range.lowerBound),
            startsWithLetterOrDigit(bytes, at: space + 1, before: range.upperBound)
        else { return false }
        if space - 2 >= range.lowerBound, bytes[space - 1] == UInt8(ascii: "o"), bytes[space - 2] == UInt8(ascii: "n"),
            space - 3 < range.lowerBound || bytes[space - 3] == 0x20
        {
            return false
        }
        return true
    }

    /// Whether the scalar ending at `end` is an ASCII letter or digit or a Latin letter.
    static func endsWithLetterOrDigit(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int, from start: Int) -> Bool {
        let last = bytes[end - 1]
        if last < 0x80 { return isASCIILetterOrDigit(last) }
        // A two-byte scalar: its lead byte is just before.
        guard end - 2 >= start, bytes[end - 2] >= 0xC3, bytes[end - 2] <= 0xC9 else { return false }
        let value = (UInt32(bytes[end - 2]) & 0x1F) << 6 | UInt32(last & 0x3F)
        return isLatinLetter(value)
    }

    /// Whether the scalar starting at `index` is an ASCII letter or digit or a Latin letter.
    static func startsWithLetterOrDigit(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, before end: Int) -> Bool {
        let first = bytes[index]
        if first < 0x80 { return isASCIILetterOrDigit(first) }
        guard first >= 0xC3, first <= 0xC9, index + 1 < end else { return false }
        let value = (UInt32(first) & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        guard isLatinLetter(value) else { return false }
        // Not followed by a combining mark, which would belong to the letter's grapheme anyway.
        return true
    }

    @inline(__always) static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    @inline(__always) static func isLatinLetter(_ value: UInt32) -> Bool {
        value >= 0xC0 && value <= 0x24F && value != 0xD7 && value != 0xF7
    }

    /// The words of `bytes[range]`, counted as runs of bytes between ASCII spaces that hold a
    /// letter or digit.
    static func words(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
        var count = 0
        var inWord = false
        var hasLetter = false
        for index in range {
            let byte = bytes[index]
            if byte == 0x20 {
                if inWord && hasLetter { count += 1 }
                inWord = false
                hasLetter = false
            } else {
                inWord = true
                if byte >= 0x80 || isASCIILetterOrDigit(byte) { hasLetter = true }
            }
        }
        if inWord && hasLetter { count += 1 }
        return count
    }
}
