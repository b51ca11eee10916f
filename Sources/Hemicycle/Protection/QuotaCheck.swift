import Foundation
import Legislation

extension Engine {
    /// Refuses one more action (429, with the wait) when the actions taken within `quota`'s window,
    /// read by `taken` from the time the window began, use it up; nil `quota` means no quota.
    /// `refusal` words the refusal from the quota's limit.
    func requireQuota(
        _ quota: Quota?, at: Date, refusal: (Int) -> String, taken: (Date) async throws -> [Date]
    ) async throws {
        guard let quota else { return }
        let times = try await taken(at.addingTimeInterval(-quota.window)).map(\.timeIntervalSince1970)
        if let wait = quota.wait(taken: times, now: at.timeIntervalSince1970) {
            throw HemicycleError.wait(.tooManyRequests, refusal(quota.limit), seconds: wait)
        }
    }
}
