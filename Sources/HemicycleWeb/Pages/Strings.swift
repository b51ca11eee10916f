import Foundation
import Hemicycle
import Mustache

/// The words of the pages in one language, from `templates/strings/<language>.json` (one flat
/// object of keys and texts, the engine's message keys among them), with the language's way of
/// writing dates and numbers. Templates read a text as `{{t.key}}`.
struct Strings: Sendable, MustacheParent {
    let language: Language
    let texts: [String: String]

    /// Reads the file of `language`; a file that is missing, not an object of texts, or lacks a
    /// key the other language has, stops the start-up with its name.
    static func load(_ language: Language, from directory: URL) throws -> Strings {
        let file = directory.appendingPathComponent("strings/\(language.rawValue).json")
        let data: Data
        do { data = try Data(contentsOf: file) } catch { throw SiteError("cannot read \(file.path): \(error)") }
        guard let texts = try? JSONDecoder().decode([String: String].self, from: data) else {
            throw SiteError("\(file.path) must be one JSON object of texts: {\"key\": \"text\", …}")
        }
        return Strings(language: language, texts: texts)
    }

    /// The text of `key`; a key no file has shows as itself, so a missing text is seen, not blank.
    subscript(_ key: String) -> String { texts[key] ?? key }

    /// `{{t.nav.skip}}`: mustache splits the name at its dots, so a name that is not a key yet is
    /// the start of one.
    func child(named name: String) -> Any? { texts[name] ?? Scope(strings: self, prefix: name) }

    /// The keys that start with a prefix (`nav.`), while mustache reads a dotted name.
    struct Scope: MustacheParent, CustomStringConvertible {
        let strings: Strings
        let prefix: String

        func child(named name: String) -> Any? {
            let key = prefix + "." + name
            return strings.texts[key] ?? Scope(strings: strings, prefix: key)
        }

        /// A key no file has shows as itself.
        var description: String { prefix }
    }

    /// The text of `key` with its `{name}` parameters filled in.
    func format(_ key: String, _ parameters: [String: String] = [:]) -> String {
        var text = self[key]
        for (name, value) in parameters { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// What the engine's error means, in this language: its key's text when this file has one,
    /// else the text of its code ("Ce champ est invalide"), and in English the engine's own message.
    func message(_ error: HemicycleError) -> String {
        if texts[error.key] != nil { return format(error.key, error.parameters) }
        if language == .en { return error.message }
        if let field = error.field, let text = texts["error.field." + field] { return text }
        return self["error." + error.code.rawValue]
    }

    /// A day as people write it: "15 janvier 2016", "15 January 2016".
    func date(_ date: Date) -> String {
        date.formatted(.dateTime.day().month(.wide).year().locale(language.locale))
    }

    /// A whole number with the language's grouping: "1 946" (narrow no-break space), "1,946".
    func number(_ value: Int) -> String {
        value.formatted(.number.locale(language.locale))
    }
}

/// Why the pages could not be set up (templates, strings or assets missing or malformed).
struct SiteError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
