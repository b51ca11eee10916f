import Foundation
import Hemicycle

/// Printing for the command line: JSON when asked, progress only on a terminal.
enum Output {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// Prints a value as pretty JSON on standard output.
    static func json(_ value: some Encodable) throws {
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    /// Prints each article's rendered diff under a `== Article 9 (modified) ==` line.
    static func articleDiffs(_ articles: [ArticleDiffView]) {
        for article in articles {
            print("")
            print(
                "== Article \(article.label) (\(article.change)\(article.previousLabel.map { ", was \($0)" } ?? "")"
                    + "\(article.amendments.map { ", by amendment\($0.count > 1 ? "s" : "") \($0.map(String.init).joined(separator: ", "))" } ?? "")) =="
            )
            print(article.rendered ?? "")
        }
    }

    /// Prints an error line on standard error.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("hemicycle: error: \(message)\n".utf8))
    }

    /// Whether standard error is a terminal (progress is shown only then).
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// A progress reporter for long reads, or nil when piped.
    static func progress(_ what: String) -> (@Sendable (Int, Int) -> Void)? {
        guard isTerminal else { return nil }
        return { done, total in
            FileHandle.standardError.write(Data("\r\(what): \(done)/\(total)\(done == total ? "\n" : "")".utf8))
        }
    }

    /// A date as `2015-09-26`.
    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
