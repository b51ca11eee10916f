/// Exponential back-off after repeated failures (sign-in): the first few are free, then each
/// further failure doubles the wait, up to a cap.
public struct Backoff: Sendable, Equatable {
    /// Failures allowed before any wait.
    public var freeFailures: Int
    /// The first wait, in seconds.
    public var firstWait: Double
    /// The longest wait, in seconds.
    public var longestWait: Double

    /// Creates a back-off.
    public init(freeFailures: Int, firstWait: Double = 1, longestWait: Double) {
        self.freeFailures = freeFailures
        self.firstWait = firstWait
        self.longestWait = longestWait
    }

    /// How long to wait after the last of `failures` failures before the next attempt: 0 while
    /// they are free, then `firstWait`, twice that, and so on up to `longestWait`.
    public func wait(afterFailures failures: Int) -> Double {
        let beyond = failures - freeFailures
        guard beyond > 0 else { return 0 }
        let doublings = min(beyond - 1, 62)
        return min(longestWait, firstWait * Double(1 << doublings))
    }
}

/// At most `limit` actions per `window` seconds (proposals, revisions and comments per account,
/// sign-ups per address).
public struct Quota: Sendable, Equatable {
    /// The most actions in a window.
    public var limit: Int
    /// The window's length, in seconds.
    public var window: Double

    /// Creates a quota.
    public init(limit: Int, window: Double) {
        self.limit = limit
        self.window = window
    }

    /// Given the times of the actions already taken (seconds, any order) and the time now: nil
    /// when one more is allowed, else how many seconds until the oldest leaves the window.
    public func wait(taken: [Double], now: Double) -> Double? {
        let recent = taken.filter { $0 > now - window }
        guard recent.count >= limit, let oldest = recent.min() else { return nil }
        return max(1, (oldest + window - now).rounded(.up))
    }
}
