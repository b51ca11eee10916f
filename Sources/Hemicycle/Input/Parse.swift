import Foundation
import Legislation
import Participation

/// Typed values read from the text a person typed (a path, a query, a command-line argument):
/// the web and command-line layers parse with these before they call the engine, so a value is
/// refused with the same message, key and field wherever it was typed, and the engine only ever
/// sees typed values.
public enum Parse {
    /// A bill's slug; a text that cannot be one names no bill.
    public static func slug(_ text: String) throws(HemicycleError) -> BillSlug {
        guard let slug = BillSlug(text) else {
            throw HemicycleError(
                .notFound, "there is no bill `\(text.prefix(80))`", key: "bill.notFound", field: "slug",
                parameters: ["bill": String(text.prefix(80))])
        }
        return slug
    }

    /// The slug a new bill asks for.
    public static func newSlug(_ text: String) throws(HemicycleError) -> BillSlug {
        guard let slug = BillSlug(text) else {
            throw HemicycleError(
                .invalidInput,
                "`\(text.prefix(80))` is not a valid slug: use 1 to 64 lowercase letters, digits and hyphens, such as `republique-numerique`",
                key: "bill.invalidSlug", field: "slug", parameters: ["slug": String(text.prefix(80))])
        }
        return slug
    }

    /// An amendment's number; a text that cannot be one names no amendment.
    public static func amendmentNumber(_ text: String, of slug: BillSlug) throws(HemicycleError) -> Amendment.Number {
        guard text.count <= 9, let value = Int(text), let number = Amendment.Number(value) else {
            throw HemicycleError(
                .notFound, "bill \(slug) has no amendment `\(text.prefix(20))`", key: "amendment.notFound",
                field: "number", parameters: ["bill": slug.value, "number": String(text.prefix(20))])
        }
        return number
    }

    /// A version, `v3` or `3`.
    public static func version(_ text: String, field: String = "version") throws(HemicycleError) -> VersionNumber {
        guard let number = VersionNumber(parsing: text) else {
            throw HemicycleError(
                .invalidInput, "`\(text.prefix(40))` is not a version; write v1, v2…", key: "version.invalid",
                field: field, parameters: ["version": String(text.prefix(40))])
        }
        return number
    }

    /// An optional version: nil when absent.
    public static func version(optional text: String?, field: String = "version") throws(HemicycleError)
        -> VersionNumber?
    {
        guard let text else { return nil }
        return try version(text, field: field)
    }

    /// The two versions a comparison names, both required.
    public static func versionPair(_ from: String?, _ to: String?) throws(HemicycleError) -> (
        VersionNumber, VersionNumber
    ) {
        guard let from, let to else {
            throw HemicycleError(
                .invalidInput, "give both versions to compare, such as v2 and v3", key: "compare.versionsMissing",
                field: from == nil ? "from" : "to")
        }
        return (try version(from, field: "from"), try version(to, field: "to"))
    }

    /// A promotion rule as staff write it, `{"minimumSupports": 100, "topPerArticle": 3}`.
    public static func rule(_ text: String, field: String = "rule") throws(HemicycleError) -> PromotionRule {
        do {
            return try JSONDecoder().decode(PromotionRule.self, from: Data(text.utf8))
        } catch let DecodingError.dataCorrupted(context) {
            throw HemicycleError(
                .invalidInput, "the rule is not valid: \(context.debugDescription)", key: "rule.invalid", field: field)
        } catch {
            throw HemicycleError(
                .invalidInput,
                "the rule is a JSON object of criteria, such as {\"minimumSupports\": 100, \"topPerArticle\": 3}",
                key: "rule.invalid", field: field)
        }
    }

    /// A yes/no query parameter: `true`, `1` or `yes`; `false`, `0` or `no`; absent is no.
    /// A rapporteur's opinion: `favorable`, `défavorable`, `sagesse`, `demande de retrait`
    /// (accents, hyphens and case as typed).
    public static func opinion(_ text: String) throws(HemicycleError) -> Opinion {
        guard let opinion = Opinion(parsing: text) else {
            throw HemicycleError(
                .invalidInput,
                "the opinion is one of \(Opinion.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))",
                key: "opinion.invalid", field: "opinion")
        }
        return opinion
    }

    /// An export's format: `csv`, `json`, `markdown`, `liasse` or `akn`.
    public static func exportFormat(_ text: String) throws(HemicycleError) -> ExportFormat {
        guard let format = ExportFormat(rawValue: text.lowercased()) else {
            throw HemicycleError(
                .invalidInput,
                "the format is one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))",
                key: "export.format", field: "format")
        }
        return format
    }

    /// Which amendments an export holds: `queue`, `adopted` or `all`.
    public static func exportSelection(_ text: String) throws(HemicycleError) -> ExportSelection {
        guard let selection = ExportSelection(rawValue: text.lowercased()) else {
            throw HemicycleError(
                .invalidInput, "the selection is one of queue, adopted, all", key: "export.selection",
                field: "selection")
        }
        return selection
    }

    /// A decision on a queued amendment: `adopted`, `rejected` or `withdrawn`.
    public static func decision(_ text: String) throws(HemicycleError) -> Decision {
        guard let decision = Decision(rawValue: text.lowercased()) else {
            throw HemicycleError(
                .invalidInput, "the decision is one of adopted, rejected, withdrawn", key: "decision.invalid",
                field: "decision")
        }
        return decision
    }

    public static func flag(_ text: String?, field: String) throws(HemicycleError) -> Bool {
        switch text?.lowercased() {
        case nil, "false", "0", "no": return false
        case "true", "1", "yes", "": return true
        default:
            throw HemicycleError(
                .invalidInput, "`\(field)` is true or false", key: "flag.invalid", field: field)
        }
    }

    /// A stage's date, `YYYY-MM-DD`; nil when absent.
    public static func stageDate(optional text: String?, field: String = "date") throws(HemicycleError) -> StageDate? {
        guard let text else { return nil }
        guard let date = StageDate(text) else {
            throw HemicycleError(
                .invalidInput, "a date reads YYYY-MM-DD, such as 2015-12-09; got `\(text.prefix(40))`",
                key: "date.invalid", field: field)
        }
        return date
    }

    /// An article's label, as a heading (`Article 2 bis`) or alone (`2 bis`).
    public static func label(_ text: String, field: String = "label") throws(HemicycleError) -> ArticleLabel {
        let raw = ArticleLabel.labelPart(ofHeading: text) ?? text
        switch ArticleLabel.read(raw) {
        case .success(let label): return label
        case .failure(let problem):
            throw HemicycleError(
                .notFound,
                "there is no article `\(text.prefix(80))`: \(problem.message); labels read like 1er, 2 bis or L. 312-1",
                key: "article.notFound", field: field, parameters: ["label": String(text.prefix(80))])
        }
    }

    /// A position on an amendment: `for`, `against` or `abstain`.
    public static func voteValue(_ text: String) throws(HemicycleError) -> VoteValue {
        guard let value = VoteValue(rawValue: text) else {
            throw HemicycleError(
                .invalidInput, "a vote is for, against or abstain", key: "vote.invalid", field: "value",
                parameters: ["value": String(text.prefix(20))])
        }
        return value
    }

    /// An amendment state, to filter lists by.
    public static func amendmentState(_ text: String) throws(HemicycleError) -> AmendmentState {
        guard let state = AmendmentState(rawValue: text) else {
            let states = AmendmentState.allCases.map(\.rawValue)
            throw HemicycleError(
                .invalidInput, "state is " + states.dropLast().joined(separator: ", ") + " or " + (states.last ?? ""),
                key: "amendment.unknownState", field: "state")
        }
        return state
    }

    /// The order of an amendment list.
    public static func amendmentOrder(_ text: String) throws(HemicycleError) -> AmendmentOrder {
        guard let order = AmendmentOrder(rawValue: text) else {
            throw HemicycleError(
                .invalidInput, "sort is number, newest or support", key: "amendment.unknownOrder", field: "sort")
        }
        return order
    }

    /// What a report or a moderation decision is about: an amendment (its number) or a comment
    /// (its id).
    public static func moderatedItem(kind: String, target: String) throws(HemicycleError) -> ModeratedItem {
        switch kind {
        case "amendment":
            guard target.count <= 9, let number = Int(target).flatMap(Amendment.Number.init) else {
                throw HemicycleError(
                    .notFound, "there is no amendment \(target.prefix(20))", key: "amendment.notFound", field: "target")
            }
            return .amendment(number)
        case "comment":
            guard let id = Int64(target) else {
                throw HemicycleError(
                    .notFound, "there is no comment \(target.prefix(20))", key: "comment.notFound", field: "target")
            }
            return .comment(id)
        default:
            throw HemicycleError(
                .invalidInput, "kind is amendment or comment", key: "moderation.unknownKind", field: "kind")
        }
    }
}
