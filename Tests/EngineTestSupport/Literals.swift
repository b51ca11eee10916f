import Legislation

// Tests name bills, versions, articles, amendments and votes by literals; a literal that is not a
// valid value is a mistake in the test and stops it at once. Production code never has these:
// the web and command-line layers parse what people type with `Parse`.

extension BillSlug: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let slug = BillSlug(value) else { preconditionFailure("not a bill slug: \(value)") }
        self = slug
    }
}

extension VersionNumber: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let number = VersionNumber(parsing: value) else { preconditionFailure("not a version: \(value)") }
        self = number
    }
}

extension ArticleLabel: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let label = ArticleLabel(heading: value) ?? ArticleLabel(value) else {
            preconditionFailure("not an article label: \(value)")
        }
        self = label
    }
}

extension Amendment.Number: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) {
        guard let number = Amendment.Number(value) else { preconditionFailure("not an amendment number: \(value)") }
        self = number
    }
}

extension VoteValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let vote = VoteValue(rawValue: value) else { preconditionFailure("not a vote: \(value)") }
        self = vote
    }
}
