/// When reports hide an item pending staff review: at `reportsToHide` reports that count. A
/// report counts only when its author has been around and taken part, and never on their own
/// item, so that a few accounts made for the purpose cannot silence anyone. Staff see every
/// report, counted or not.
public struct ModerationRule: Sendable, Equatable {
    /// How many counting reports hide an item.
    public var reportsToHide: Int
    /// How old, in seconds, a reporter's account must be for the report to count.
    public var minimumReporterAge: Double

    /// The default: three counting reports, from accounts at least a day old.
    public static let `default` = ModerationRule(reportsToHide: 3, minimumReporterAge: 24 * 3600)

    /// The range of thresholds staff may set on a bill.
    public static let thresholds = 1...1000

    /// Creates a rule.
    public init(reportsToHide: Int, minimumReporterAge: Double) {
        self.reportsToHide = reportsToHide
        self.minimumReporterAge = minimumReporterAge
    }

    /// Who reports, as the rule sees them.
    public struct Reporter: Sendable, Equatable {
        /// Seconds since their account was made.
        public var accountAge: Double
        /// Whether they have proposed, voted or commented anywhere.
        public var hasParticipated: Bool
        /// Whether the reported item is their own.
        public var isAuthor: Bool

        /// Describes a reporter.
        public init(accountAge: Double, hasParticipated: Bool, isAuthor: Bool) {
            self.accountAge = accountAge
            self.hasParticipated = hasParticipated
            self.isAuthor = isAuthor
        }
    }

    /// Why a report does not count toward hiding; nil when it counts.
    public func whyNotCounted(_ reporter: Reporter) -> String? {
        if reporter.isAuthor { return "a report on one's own item" }
        if reporter.accountAge < minimumReporterAge { return "the reporter's account is too new" }
        if !reporter.hasParticipated { return "the reporter has not taken part yet" }
        return nil
    }

    /// Whether an item with this many counting reports is hidden, when staff have not decided on
    /// it (their decision stands over reports).
    public func hides(countingReports: Int) -> Bool {
        countingReports >= reportsToHide
    }
}
