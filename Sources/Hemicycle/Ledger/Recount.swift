import BillArchive
import Foundation
import Legislation

/// Recounts a bill's public ledger from its files alone, trusting nothing the server says but
/// what it published: every tally from the receipts, every promotion from the published rule.
/// `tools/recount.py` does the same in Python and prints the same lines.
///
/// For each epoch, in order:
/// - it follows the one before it (`Previous-Epoch:` names its parent, numbers go up by one);
/// - each text's receipts make the tally `totals.tsv` gives, and the totals those of the message;
/// - no receipt appears twice (one per person and amendment, never the same on two amendments);
/// - the promotions and decisions published before it are still there, unchanged;
/// - each promotion it publishes is one its rule makes of the facts it records;
/// - every amendment the rule promotes on the recounted votes at the epoch's time is promoted by
///   then (for a continuous rule while participation is open, and for any rule at the close);
/// - each decision is on a promoted text.
public enum Recount {
    /// What a recount found.
    public struct Report: Sendable, Equatable {
        public var epochs: Int
        public var amendments: Int
        public var promotions: Int
        /// Each discrepancy, one line each; empty when all match.
        public var discrepancies: [String]

        /// "N epochs, M amendments, K promotions: all match", or how many discrepancies.
        public var summary: String {
            func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
            let counts = [
                counted(epochs, "epoch"), counted(amendments, "amendment"), counted(promotions, "promotion"),
            ].joined(separator: ", ")
            return discrepancies.isEmpty
                ? counts + ": all match"
                : counts + ": \(discrepancies.count) discrepanc\(discrepancies.count == 1 ? "y" : "ies")"
        }
    }

    /// Recounts the ledger of the repository at `path`: a bill's, a clone or a mirror of one.
    public static func check(repositoryAt path: String) throws(HemicycleError) -> Report {
        do {
            return check(try BillRepository.ledger(at: path))
        } catch {
            throw HemicycleError.from(error)
        }
    }

    /// Recounts the epochs of a ledger, oldest first.
    public static func check(_ epochs: [RecordedEpoch]) -> Report {
        var problems: [String] = []
        var amendments: Set<Int> = []
        var previous: RecordedEpoch?
        for (index, recorded) in epochs.enumerated() {
            let epoch = recorded.epoch
            let name = "epoch \(epoch.number) (\(recorded.commit.prefix(12)))"
            func note(_ text: String) { problems.append("\(name): \(text)") }
            amendments.formUnion(epoch.amendments.map(\.number))
            if epoch.number != index + 1 {
                note("numbered \(epoch.number), but it is epoch \(index + 1) of the branch")
            }
            if recorded.previous != previous?.commit || recorded.parent != previous?.commit {
                note(
                    "its message names \(recorded.previous ?? "none") as the previous epoch, its parent is \(recorded.parent ?? "none")"
                )
            }
            if let previous, epoch.at < previous.epoch.at { note("taken before the epoch it follows") }
            checkTallies(epoch, recorded.messageTotals, note)
            checkReceipts(epoch, note)
            let earlier = previous?.epoch
            let kept = epoch.promotions.filter { $0.epoch < epoch.number }
            if kept != (earlier?.promotions ?? []) {
                note("the promotions published before it are not those of the epoch before")
            }
            if epoch.decisions.filter({ $0.epoch < epoch.number }) != (earlier?.decisions ?? []) {
                note("the decisions published before it are not those of the epoch before")
            }
            for promotion in epoch.promotions where promotion.epoch > epoch.number {
                note("amendment \(promotion.number): a promotion is marked with the later epoch \(promotion.epoch)")
            }
            for promotion in epoch.promotions where promotion.epoch == epoch.number {
                if let refusal = refusal(of: promotion) {
                    note(
                        "amendment \(promotion.number) (\(promotion.revision.prefix(12))): promoted, but its rule does not promote it on the facts recorded: \(refusal)"
                    )
                }
            }
            for number in unpromoted(in: epoch) {
                note("amendment \(number): the rule promotes it on the recounted votes, but it is not promoted")
            }
            let promoted = Set(epoch.promotions.map { "\($0.number)-\($0.revision)" })
            for decision in epoch.decisions where decision.epoch == epoch.number {
                if !promoted.contains("\(decision.number)-\(decision.revision)") {
                    note("amendment \(decision.number): decided (\(decision.decision)) without being promoted")
                }
            }
            previous = recorded
        }
        return Report(
            epochs: epochs.count, amendments: amendments.count, promotions: epochs.last?.epoch.promotions.count ?? 0,
            discrepancies: problems)
    }

    /// Each text's receipts against `totals.tsv`, and the totals against the message.
    private static func checkTallies(_ epoch: LedgerEpoch, _ message: [String: Int], _ note: (String) -> Void) {
        let recounted = Dictionary(
            epoch.texts.map { ("\($0.number)-\($0.revision)", $0.tally) }, uniquingKeysWith: { $1 })
        var listed: Set<String> = []
        for total in epoch.totals {
            let key = "\(total.number)-\(total.revision)"
            listed.insert(key)
            let counted = recounted[key] ?? Tally()
            if counted != total.tally {
                note(
                    "amendment \(total.number) (\(total.revision.prefix(12))): the receipts count \(words(counted)); totals.tsv says \(words(total.tally))"
                )
            }
        }
        for text in epoch.texts where !listed.contains("\(text.number)-\(text.revision)") {
            note("amendment \(text.number) (\(text.revision.prefix(12))): votes with no line in totals.tsv")
        }
        let sum = epoch.totals.reduce(into: Tally()) {
            $0.for += $1.tally.for
            $0.against += $1.tally.against
            $0.abstain += $1.tally.abstain
        }
        let expected = [
            "Votes": sum.for + sum.against + sum.abstain, "Supports": sum.for, "Against": sum.against,
            "Abstentions": sum.abstain, "Amendments": epoch.amendments.count,
        ]
        for (key, value) in expected.sorted(by: { $0.key < $1.key }) where message[key] != value {
            note("its message says \(key): \(message[key].map(String.init) ?? "nothing"), its files \(value)")
        }
    }

    /// No receipt twice: within a text, across the texts of an amendment, across amendments.
    private static func checkReceipts(_ epoch: LedgerEpoch, _ note: (String) -> Void) {
        var seen: [String: Int] = [:]
        for text in epoch.texts {
            for vote in text.votes {
                guard let receipt = vote.receipt else { continue }
                if let other = seen[receipt] {
                    note(
                        other == text.number
                            ? "amendment \(text.number): receipt \(receipt) votes twice"
                            : "receipt \(receipt) is on amendments \(other) and \(text.number)")
                } else {
                    seen[receipt] = text.number
                }
            }
        }
    }

    /// Why the rule a promotion records would not promote on the facts it records; nil when it
    /// would.
    static func refusal(of promotion: LedgerEpoch.Promotion) -> String? {
        guard let rule = PromotionRule.stored(promotion.rule) else { return "its rule does not read" }
        let candidate = PromotionCandidate(
            number: promotion.number, supports: promotion.tally.for, against: promotion.tally.against,
            articles: [], proposedAt: promotion.at - promotion.ageHours * 3600)
        let decision = rule.decision(
            for: candidate, participants: promotion.participants, rank: (promotion.rank, ""), now: promotion.at)
        return decision.promoted ? nil : decision.explanation
    }

    /// The amendments the epoch's rule promotes on its recounted votes at its time that it does
    /// not show promoted (their current text): none in a ledger that matches. A continuous rule
    /// is checked while participation is open, any rule at the closing epoch (after it, the
    /// rule no longer applies).
    public static func unpromoted(in epoch: LedgerEpoch) -> [Int] {
        guard let json = epoch.rule, let rule = PromotionRule.stored(json),
            (rule.evaluation == .continuous && epoch.open) || epoch.closing
        else { return [] }
        let recounted = Dictionary(
            epoch.texts.map { ("\($0.number)-\($0.revision)", $0.tally) }, uniquingKeysWith: { $1 })
        let candidates = epoch.amendments.filter { $0.state == "proposed" || $0.state == "promoted" }.map {
            let tally = recounted["\($0.number)-\($0.revision)"] ?? Tally()
            return PromotionCandidate(
                number: $0.number, supports: tally.for, against: tally.against, articles: $0.articles,
                proposedAt: $0.proposedAt)
        }
        let promoted = Set(epoch.promotions.map { "\($0.number)-\($0.revision)" })
        let current = Dictionary(epoch.amendments.map { ($0.number, $0.revision) }, uniquingKeysWith: { $1 })
        return rule.evaluate(candidates, participants: epoch.participants, now: epoch.at)
            .filter { $0.value.promoted && !promoted.contains("\($0.key)-\(current[$0.key] ?? "")") }
            .map(\.key).sorted()
    }

    private static func words(_ tally: Tally) -> String {
        "\(tally.for) for, \(tally.against) against, \(tally.abstain) abstain"
    }
}
