import Crypto
import Foundation
import Hummingbird
import Legislation
import Mustache
import NIOCore
import WordDiff

/// The pages' templates, strings and assets, read once at start-up from the templates folder
/// (`templates/`: `*.mustache`, `strings/<language>.json`, `assets/`). Every template is made to
/// escape on bytes (see `ByteEscapedHTML`), whatever its first line says.
struct Site: Sendable {
    let templates: MustacheLibrary
    let strings: [Language: Strings]
    let assets: Assets
    /// A hash of the templates and strings read, so a page cached under an older set is not served.
    let version: String

    /// The name templates select their escaping with; prepended to every template read.
    static let contentType = "HTML_BYTES"

    /// Reads the folder; anything missing or malformed stops the start-up with what and where.
    static func load(from directory: URL) throws -> Site {
        MustacheContentTypes.register(ByteEscapedHTML(), named: contentType)
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw SiteError("cannot read the templates folder \(directory.path): \(error)")
        }
        var library = MustacheLibrary()
        var hasher = SHA256()
        for file in files.sorted() where file.hasSuffix(".mustache") {
            let url = directory.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw SiteError("cannot read \(url.path) as UTF-8")
            }
            hasher.update(data: Data((file + "\u{0}" + text).utf8))
            do {
                try library.register("{{%CONTENT_TYPE:\(contentType)}}" + text, named: String(file.dropLast(9)))
            } catch {
                throw SiteError("\(url.path) is not a valid template: \(error)")
            }
        }
        guard library.getTemplate(named: "layout") != nil else {
            throw SiteError("\(directory.path) has no layout.mustache: is it the templates folder?")
        }
        var strings: [Language: Strings] = [:]
        for language in Language.allCases {
            let loaded = try Strings.load(language, from: directory)
            strings[language] = loaded
            for key in loaded.texts.keys.sorted() { hasher.update(data: Data((key + (loaded.texts[key] ?? "")).utf8)) }
        }
        let assets = try Assets.load(from: directory.appendingPathComponent("assets"))
        for name in assets.names.values.sorted() { hasher.update(data: Data(name.utf8)) }
        return Site(
            templates: library, strings: strings, assets: assets,
            version: Hexadecimal.encode(Array(hasher.finalize().prefix(8))))
    }

    /// The templates folder: `HEMICYCLE_TEMPLATES`, else `templates/` in the working directory,
    /// else the repository's, found above the running binary (`.build/debug/hemicycle`).
    static func locate() -> URL? {
        let fileManager = FileManager.default
        func holdsTemplates(_ url: URL) -> Bool {
            fileManager.fileExists(atPath: url.appendingPathComponent("layout.mustache").path)
        }
        if let configured = ProcessInfo.processInfo.environment["HEMICYCLE_TEMPLATES"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        let local = URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("templates")
        if holdsTemplates(local) { return local }
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = folder.appendingPathComponent("templates")
            if holdsTemplates(candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// Renders a page inside the layout: `content`'s fields, and the visitor's (language, texts,
    /// who is signed in, the form token) under the names the layout uses.
    func render(_ template: String, _ content: some Sendable, title: String, visitor: Visitor) -> String {
        let strings = strings[visitor.language] ?? strings[.fr]!
        let model = PageModel(content: content, title: title, visitor: visitor, strings: strings, assets: assets)
        return templates.render(model, withTemplate: template) ?? ""
    }

    /// A page as an HTML response, never stored by shared caches (it may show who is signed in).
    func page(
        _ template: String, _ content: some Sendable, title: String, visitor: Visitor, status: HTTPResponse.Status = .ok
    ) -> Response {
        let html = render(template, content, title: title, visitor: visitor)
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "private, no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The texts of `language`.
    func strings(_ language: Language) -> Strings { strings[language] ?? strings[.fr]! }
}

/// What a template sees: the page's own fields, and the layout's names (`t` the texts, `lang`,
/// `me` the signed-in person, `csrf` the form token, `stylesheet`, `pageTitle`, `switchLanguage`).
struct PageModel: MustacheParent {
    let title: String
    let visitor: Visitor
    let strings: Strings
    let assets: Assets
    /// The content's fields by name, reflected once for the page rather than once per name the
    /// templates look up (an optional field that is set stands for its value).
    let fields: [String: Any]

    init(content: Any, title: String, visitor: Visitor, strings: Strings, assets: Assets) {
        self.title = title
        self.visitor = visitor
        self.strings = strings
        self.assets = assets
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: content).children {
            guard let label = child.label, fields[label] == nil else { continue }
            let mirror = Mirror(reflecting: child.value)
            if mirror.displayStyle == .optional {
                if let value = mirror.children.first?.value { fields[label] = value }
            } else {
                fields[label] = child.value
            }
        }
        self.fields = fields
    }

    func child(named name: String) -> Any? {
        switch name {
        case "t": return strings
        case "lang": return visitor.language.rawValue
        case "me": return visitor.me
        case "csrf": return visitor.csrfToken
        case "stylesheet": return assets.path("hemicycle.css")
        case "pageTitle": return title
        case "switchLanguage": return visitor.switchLink
        case "otherLanguage": return strings["language." + visitor.language.other.rawValue]
        case "otherLanguageCode": return visitor.language.other.rawValue
        default: return fields[name]
        }
    }
}

extension Optional {
    /// A field as a `MustacheParent` gives it: its value, or `false` when it has none, so the name
    /// is found (not looked up again in the sections around it) and `{{#name}}` shows nothing. An
    /// empty optional given as `Any` would be rendered as the word "nil".
    var orAbsent: Any { map { $0 } ?? false }
}

/// HTML escaping on UTF-8 bytes. Mustache's own escaping looks at whole characters, so a quote
/// followed by a combining mark (one character) would pass unescaped and could close an
/// attribute; this one cannot be fooled that way.
struct ByteEscapedHTML: MustacheContentType {
    func escapeText(_ text: String) -> String { HTMLRenderer.escape(text) }
}
