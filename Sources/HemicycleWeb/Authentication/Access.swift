import Hemicycle
import Hummingbird

/// Who may reach a group of routes. Each controller states it for each of its groups, and the
/// middleware that looks a token up is part of the group, so no route's safety depends on the
/// order in which routes and middleware are registered.
struct Access {
    let engine: Engine

    /// Routes anyone may call. A token sent along is looked up (401 when it does not check out),
    /// so a handler can tell whose request it is (a person's own vote on an amendment).
    func anyone(_ router: Router<HemicycleRequestContext>, _ path: RouterPath = "")
        -> RouterGroup<HemicycleRequestContext>
    {
        router.group(path).add(middleware: BearerAuthentication(engine: engine))
    }

    /// Routes for a signed-in person: the token is looked up, and the handler's context cannot be
    /// made without an identity (401), so no such handler can be reached anonymously.
    func signedIn(_ router: Router<HemicycleRequestContext>, _ path: RouterPath = "") -> RouterGroup<SignedInContext> {
        router.group(path).add(middleware: BearerAuthentication(engine: engine)).group(context: SignedInContext.self)
    }

    /// Vote routes: a token is required, and the vote's own write checks it, so a vote costs one
    /// database access rather than a lookup and then a write.
    func voter(_ router: Router<HemicycleRequestContext>, _ path: RouterPath) -> RouterGroup<VoterContext> {
        router.group(path, context: VoterContext.self)
    }
}
