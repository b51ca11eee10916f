import Hemicycle
import Hummingbird

extension Request {
    /// The `limit` query parameter of a paged list, or `default` when absent; a clear 422 when
    /// it is not a whole number (the engine checks its range).
    func pageLimit(default fallback: Int) throws -> Int {
        guard let text = uri.queryParameters.get("limit") else { return fallback }
        guard let value = Int(text) else { throw HemicycleError(.invalidInput, "limit must be a whole number") }
        return value
    }
}
