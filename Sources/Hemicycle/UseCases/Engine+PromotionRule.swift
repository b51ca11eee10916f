import Foundation
import Legislation

/// A bill's promotion rule as shown: the rule, or none.
public struct PromotionRuleView: Codable, Sendable, Equatable {
    /// The bill.
    public var bill: String
    /// Its rule, if staff set one.
    public var rule: PromotionRule?
}

extension Engine {
    /// The bill's promotion rule, if staff set one.
    public func promotionRule(of slug: BillSlug) async throws(HemicycleError) -> PromotionRuleView {
        try await translatingErrors {
            _ = try shelf.repository(slug)
            let stored = try await participation.promotionRule(bill: slug)
            return PromotionRuleView(bill: slug.value, rule: try stored.map { try Parse.rule($0) })
        }
    }

    /// Staff set (or, with nil, clear) a bill's promotion rule; the change is audited.
    public func setPromotionRule(_ rule: PromotionRule?, of slug: BillSlug, by identity: Identity)
        async throws(HemicycleError) -> PromotionRuleView
    {
        guard identity.account.role >= .staff else {
            throw HemicycleError(.forbidden, "only staff set a bill's promotion rule", key: "rule.forbidden")
        }
        return try await storePromotionRule(rule, of: slug, by: identity.account.id)
    }

    /// An operator sets a bill's promotion rule (the command line, which only an operator runs,
    /// or a bill folder's manifest): audited as `system`.
    public func setPromotionRuleAsOperator(_ rule: PromotionRule?, of slug: BillSlug) async throws(HemicycleError)
        -> PromotionRuleView
    {
        try await storePromotionRule(rule, of: slug, by: nil)
    }

    private func storePromotionRule(_ rule: PromotionRule?, of slug: BillSlug, by staff: Account.ID?)
        async throws(HemicycleError) -> PromotionRuleView
    {
        try await translatingErrors {
            _ = try shelf.repository(slug)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let stored = try rule.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            try await participation.setPromotionRule(stored, bill: slug, by: staff, at: now())
            try await promoteAfterChange(of: slug)
            return PromotionRuleView(bill: slug.value, rule: rule)
        }
    }
}
