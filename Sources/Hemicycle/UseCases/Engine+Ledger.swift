import BillArchive
import Dispatch
import Foundation
import Legislation
import Participation
import Synchronization

extension Engine {
    /// What writing an epoch of a bill's ledger did.
    public struct LedgerEpochReport: Sendable, Equatable {
        /// The bill.
        public var bill: String
        /// The epoch's number and commit.
        public var number: Int
        public var commit: String
        /// Votes, amendments and the promotions first published in it.
        public var votes: Int
        public var amendments: Int
        public var promotions: Int
        /// Seconds spent reading the store, making the receipts and files, and writing to git.
        public var readSeconds: Double
        public var receiptSeconds: Double
        public var writeSeconds: Double
    }

    /// Writes the next epoch of every bill's ledger where something was recorded since its last
    /// (what the server runs every few minutes); returns the epochs written.
    public func writeLedgerEpochs() async throws(HemicycleError) -> [LedgerEpochReport] {
        let slugs = try await translatingErrors { try shelf.slugs() }
        var written: [LedgerEpochReport] = []
        for slug in slugs {
            if let report = try await writeLedgerEpoch(of: slug) { written.append(report) }
        }
        return written
    }

    /// Writes the next epoch of the bill's public ledger — its votes as receipts, what the rule
    /// reads, every promotion and decision — unless nothing was recorded since the last one
    /// (`closing` writes one anyway, when participation closes). The continuous rule is applied
    /// at the epoch's time first, so the epoch shows the queue the rule makes of its votes.
    /// Returns nil when nothing changed, or when another node wrote the epoch meanwhile.
    @discardableResult
    public func writeLedgerEpoch(of slug: BillSlug, closing: Bool = false) async throws(HemicycleError)
        -> LedgerEpochReport?
    {
        try await translatingErrors {
            let repository = try shelf.repository(slug)
            let head = try await repository.ledgerHead()
            if !closing, let head, try await participation.lastAuditID() == head.auditID { return nil }
            let secret = try await receiptSecret(of: slug)
            let number = (head?.number ?? 0) + 1
            var epoch: LedgerEpoch?
            var reading = Duration.zero
            var making = Duration.zero
            // A vote between the rule's pass and the read can leave the queue behind the rule
            // (a rival's vote moving a rank): read again, up to three times.
            for _ in 0..<3 {
                let at = now()
                let open = try await participation.participationWindow(bill: slug).phase(at: at) == .open
                if open,
                    PromotionRule.cached(try await participation.promotionRule(bill: slug))?.evaluation == .continuous
                {
                    _ = try await participation.promote(bill: slug, at: at, closing: false)
                }
                let started = ContinuousClock.now
                let snapshot = try await participation.ledgerSnapshot(bill: slug)
                reading = ContinuousClock.now - started
                // A million keyed hashes, on threads of their own rather than those every request shares.
                let made = await withCheckedContinuation { continuation in
                    DispatchQueue.global().async {
                        continuation.resume(
                            returning: Self.epoch(
                                number: number, at: Int64(at.timeIntervalSince1970), open: open && !closing,
                                closing: closing, snapshot: snapshot, secret: secret, head: head))
                    }
                }
                making = ContinuousClock.now - started - reading
                epoch = made
                if Recount.unpromoted(in: made).isEmpty { break }
            }
            guard let epoch, head != nil || !epoch.texts.isEmpty || !epoch.amendments.isEmpty else { return nil }
            let commit: String?
            let writing = ContinuousClock.now
            do {
                commit = try await repository.appendLedgerEpoch(epoch, after: head?.commit)
            } catch let error as BillArchiveError where error.code == .conflict {
                logger.info("another node wrote this ledger epoch", metadata: ["bill": "\(slug)"])
                return nil
            }
            guard let commit else { return nil }
            let wrote = ContinuousClock.now - writing
            logger.info(
                "ledger epoch written",
                metadata: [
                    "bill": "\(slug)", "epoch": "\(epoch.number)", "read": "\(reading)", "receipts": "\(making)",
                    "write": "\(wrote)",
                ])
            return LedgerEpochReport(
                bill: slug.value, number: epoch.number, commit: commit,
                votes: epoch.totals.reduce(0) { $0 + $1.tally.for + $1.tally.against + $1.tally.abstain },
                amendments: epoch.amendments.count,
                promotions: epoch.promotions.filter { $0.epoch == epoch.number }.count,
                readSeconds: Self.seconds(reading), receiptSeconds: Self.seconds(making),
                writeSeconds: Self.seconds(wrote))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The receipt of the caller's vote on an amendment: what they find in the bill's ledger.
    public func receipt(on number: Amendment.Number, in slug: BillSlug, by identity: Identity)
        async throws(HemicycleError) -> String
    {
        try await translatingErrors { try await receipts(of: slug).receipt(of: identity.account.id, on: number) }
    }

    /// The bill's receipts, under its secret.
    func receipts(of slug: BillSlug) async throws -> Receipts { Receipts(secret: try await receiptSecret(of: slug)) }

    /// The bill's secret of receipts: made at its first use, kept by the store, read once.
    func receiptSecret(of slug: BillSlug) async throws -> [UInt8] {
        if let secret = receiptSecrets.withLock({ $0[slug] }) { return secret }
        let secret = try await participation.installationSecret(named: Receipts.secretName(of: slug)) {
            (0..<32).map { _ in UInt8.random(in: 0...255) }
        }
        receiptSecrets.withLock { $0[slug] = secret }
        return secret
    }

    /// The epoch the snapshot makes: each text's votes as receipts in receipt order (the order
    /// votes were cast in says nothing), the promotions and decisions with the epoch that first
    /// published each (`head`'s for those it published).
    static func epoch(
        number: Int, at: Int64, open: Bool, closing: Bool, snapshot: LedgerSnapshot, secret: [UInt8],
        head: LedgerHead?
    ) -> LedgerEpoch {
        let amendments = snapshot.amendments.map {
            LedgerEpoch.Amendment(
                number: $0.number.value, revision: $0.revision, state: $0.state.rawValue,
                proposedAt: Int64($0.proposedAt.timeIntervalSince1970), articles: $0.articles)
        }
        // A keyed hash per vote: a million of them, shared among the processor's cores.
        let lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, snapshot.texts.count / 64 + 1))
        let made = Mutex<[Int: [LedgerEpoch.Text]]>([:])
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let receipts = Receipts(secret: secret)
            var texts: [LedgerEpoch.Text] = []
            for index in stride(from: lane, to: snapshot.texts.count, by: lanes) {
                let text = snapshot.texts[index]
                var votes = text.votes.map {
                    LedgerEpoch.Vote(receipt: receipts.receipt(of: $0.account, on: text.number), value: $0.value)
                }
                votes.sort { $0.receipt! < $1.receipt! }
                for (value, count) in [
                    (VoteValue.for, text.erased.for), (.against, text.erased.against), (.abstain, text.erased.abstain),
                ] {
                    votes += repeatElement(LedgerEpoch.Vote(receipt: nil, value: value), count: count)
                }
                texts.append(LedgerEpoch.Text(number: text.number.value, revision: text.revision, votes: votes))
            }
            made.withLock { $0[lane] = texts }
        }
        let texts = made.withLock { made in (0..<lanes).flatMap { made[$0] ?? [] } }.sorted {
            ($0.number, $0.revision) < ($1.number, $1.revision)
        }
        let published = Dictionary(
            (head?.promotions ?? []).map { ("\($0.number)-\($0.revision)", $0.epoch) }, uniquingKeysWith: { $1 })
        let promotions = snapshot.promotions.map { entry in
            let key = "\(entry.number.value)-\(entry.revision)"
            let stamp = try? JSONDecoder().decode(PromotionDecision.self, from: Data(entry.stamp.utf8))
            func stamped(_ criterion: String) -> Double? { stamp?.criteria.first { $0.criterion == criterion }?.value }
            // From the stamp alone, so a row reads the same in every epoch (0 when the rule had no
            // minimum age, which then reads no age).
            let age = stamped("minimumAgeHours").map { Int64($0) } ?? 0
            return LedgerEpoch.Promotion(
                epoch: published[key] ?? number, number: entry.number.value, revision: entry.revision,
                at: Int64(entry.promotedAt.timeIntervalSince1970), tally: entry.tally,
                participants: entry.participants, rank: stamped("topPerArticle").map { Int($0) } ?? 1, ageHours: age,
                rule: entry.rule)
        }
        let decided = Dictionary(
            (head?.decisions ?? []).map { ("\($0.number)-\($0.revision)-\($0.decision)", $0.epoch) },
            uniquingKeysWith: { $1 })
        let decisions = snapshot.promotions.compactMap { entry -> LedgerEpoch.DecisionRow? in
            guard let decision = entry.decision, let decidedAt = entry.decisionAt else { return nil }
            return LedgerEpoch.DecisionRow(
                epoch: decided["\(entry.number.value)-\(entry.revision)-\(decision.rawValue)"] ?? number,
                number: entry.number.value, revision: entry.revision, decision: decision.rawValue,
                at: Int64(decidedAt.timeIntervalSince1970))
        }.sorted { ($0.at, $0.number) < ($1.at, $1.number) }
        return LedgerEpoch(
            number: number, at: at, open: open, closing: closing, rule: snapshot.rule,
            participants: snapshot.participants,
            auditID: snapshot.auditHead.id, auditHash: snapshot.auditHead.hash, amendments: amendments, texts: texts,
            promotions: promotions, decisions: decisions)
    }
}
