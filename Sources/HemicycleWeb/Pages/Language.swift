import Foundation

/// The languages pages are written in: French, the parliament's and the default, and English.
enum Language: String, CaseIterable, Sendable {
    case fr
    case en

    /// The cookie a visitor's choice is kept in.
    static let cookie = "hemicycle_lang"

    /// The visitor's language: the switch they just used (`?lang=`), then the one they chose
    /// before (the cookie), then the first of their browser's `Accept-Language` we write in,
    /// then French.
    static func choose(query: String?, cookie: String?, acceptLanguage: String?) -> Language {
        if let query, let language = Language(rawValue: query) { return language }
        if let cookie, let language = Language(rawValue: cookie) { return language }
        return acceptLanguage.flatMap(preferred(in:)) ?? .fr
    }

    /// The `Accept-Language` entry of highest weight we write in (`en-GB;q=0.8` counts as `en`).
    static func preferred(in header: String) -> Language? {
        var best: (language: Language, weight: Double)?
        for item in header.split(separator: ",").prefix(32) {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(),
                let language = Language(rawValue: String(tag.prefix { $0 != "-" && $0 != "_" }))
            else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            if weight > 0, weight > best?.weight ?? 0 { best = (language, weight) }
        }
        return best?.language
    }

    /// The locale dates and numbers are written in.
    var locale: Locale { Locale(identifier: self == .fr ? "fr_FR" : "en_GB") }

    /// The other language, offered by the switch.
    var other: Language { self == .fr ? .en : .fr }
}
