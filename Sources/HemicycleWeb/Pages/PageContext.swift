import Foundation
import Hemicycle
import Hummingbird

/// The context of page routes: it cannot be made without the visitor `PageSession` reads, so no
/// page handler runs without a language, a form token and the session's person (if any).
struct PageContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// Who is reading.
    var visitor: Visitor
    /// The submitted form, checked by `FormGuard` (POST routes only).
    let form: FormFields?
    /// The client's address, for per-address throttles.
    let clientAddress: String?

    init(context: HemicycleRequestContext) throws {
        guard let visitor = context.visitor else { throw HemicycleError(.internal, "a page reached no session") }
        coreContext = context.coreContext
        self.visitor = visitor
        form = context.form
        clientAddress = context.clientAddress
    }

    var maxUploadSize: Int { HemicycleRequestContext.maximumBodySize }
    var responseEncoder: JSONEncoder { HemicycleRequestContext.encoder }
    var requestDecoder: JSONDecoder { HemicycleRequestContext.decoder }

    /// The signed-in person; a page that needs one sends anyone else to the sign-in page.
    func signedIn() throws(HemicycleError) -> Identity {
        guard let identity = visitor.identity else { throw HemicycleError(.unauthenticated, "sign in first") }
        return identity
    }

    /// The submitted form (a POST route always has one).
    var fields: FormFields { form ?? FormFields("") }
}
