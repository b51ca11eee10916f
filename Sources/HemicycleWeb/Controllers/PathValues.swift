import Foundation
import Hemicycle
import Hummingbird
import Legislation

/// The typed values a route's path names, parsed the one way `Parse` parses them.
extension RequestContext {
    /// The bill of `:slug`.
    func slug() throws -> BillSlug {
        try Parse.slug(parameters.require("slug"))
    }

    /// The amendment of `:number`.
    func amendmentNumber() throws -> Amendment.Number {
        try Parse.amendmentNumber(parameters.require("number"), of: slug())
    }

    /// The article of `:label`, percent-decoded (`2%20bis` → `2 bis`); an unreadable one is
    /// refused with the nearest labels of the bill.
    /// A label that cannot be read names no article of the bill: 404, with the nearest labels.
    func articleLabel(_ engine: Engine) async throws -> ArticleLabel {
        let raw = try parameters.require("label")
        let slug = try slug()
        switch await Pages.attempt({ () throws(HemicycleError) in
            try await engine.label(raw.removingPercentEncoding ?? raw, in: slug)
        }) {
        case .success(let label): return label
        case .failure(var error):
            if error.code == .invalidInput { error.code = .notFound }
            throw error
        }
    }
}
