import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The text form in which the audit log's dates are stored and hashed, the one GRDB reads and
/// writes for `Date` (`yyyy-MM-dd HH:mm:ss.SSS`, UTC), made without a date formatter: it is on
/// every write's path, and the audit chain hashes exactly this text, so a row verifies from what
/// is stored, in any store.
public enum Timestamp {
    /// The text of a date, to the millisecond.
    public static func text(_ date: Date) -> String {
        // Rounded to the nearest millisecond, as GRDB does.
        let total = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(total.quotientAndRemainder(dividingBy: 1000).quotient - (total % 1000 < 0 ? 1 : 0))
        let milliseconds = Int(total - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text: [UInt8] = []
        text.reserveCapacity(23)
        func append(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(48 + rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        append(Int(parts.tm_year) + 1900, digits: 4)
        text.append(UInt8(ascii: "-"))
        append(Int(parts.tm_mon) + 1, digits: 2)
        text.append(UInt8(ascii: "-"))
        append(Int(parts.tm_mday), digits: 2)
        text.append(UInt8(ascii: " "))
        append(Int(parts.tm_hour), digits: 2)
        text.append(UInt8(ascii: ":"))
        append(Int(parts.tm_min), digits: 2)
        text.append(UInt8(ascii: ":"))
        append(Int(parts.tm_sec), digits: 2)
        text.append(UInt8(ascii: "."))
        append(milliseconds, digits: 3)
        return String(decoding: text, as: UTF8.self)
    }
}
