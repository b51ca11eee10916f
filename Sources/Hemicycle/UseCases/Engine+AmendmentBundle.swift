import BillArchive
import Foundation
import Legislation

extension Engine {
    /// An amendment written as a git bundle for another assembly.
    public struct ExportedBundle: Codable, Sendable, Equatable {
        public var number: Int
        /// The version it amends.
        public var base: String
        /// Its tallies here.
        public var supports: Int
        public var against: Int
        public var abstentions: Int
        /// The bundle file.
        public var file: String
    }

    /// Writes amendment `number` of a followed bill as a git bundle for the assembly the bill is
    /// followed from: one commit on the version it amends (which that assembly published), with
    /// its title, exposé and tallies here in the message, signed by `institution`.
    public func exportAmendmentBundle(
        _ number: Amendment.Number, of slug: BillSlug, institution: String, to file: URL
    ) async throws(HemicycleError) -> ExportedBundle {
        try await translatingErrors {
            let institution = try Self.institutionName(institution)
            let (slug, amendment) = try await existingAmendment(number, of: slug)
            guard !(try await participation.isHidden(.amendment(number), bill: slug)) else {
                throw HemicycleError(.forbidden, "amendment \(number) is hidden by moderation: it is not sent")
            }
            let revision = try await participation.currentRevision(bill: slug, number: number) ?? ""
            let tally = try await participation.tallies(bill: slug, number: number)[revision] ?? Tally()
            let message = """
                \(amendment.title)

                \(amendment.summary.isEmpty ? "(sans exposé)" : amendment.summary)

                Amendment: \(number.value)
                Base: \(amendment.baseVersion.name)
                Institution: \(institution)
                Supports: \(tally.for)
                Against: \(tally.against)
                Abstentions: \(tally.abstain)

                """
            let repository = try shelf.repository(slug)
            let (ref, base) = try await repository.prepareExport(
                head: amendment.head, base: amendment.baseVersion, message: message, institution: institution,
                at: timestamp)
            defer { Task { try? await repository.removeTransit(ref) } }
            let bundled = await StockGit.running([
                "--git-dir", repository.path, "bundle", "create", "--quiet", file.path, ref, "^" + base,
            ])
            guard bundled.status == 0 else {
                throw HemicycleError(.internal, "git could not write the bundle: \(bundled.output)")
            }
            return ExportedBundle(
                number: number.value, base: amendment.baseVersion.name, supports: tally.for, against: tally.against,
                abstentions: tally.abstain, file: file.path)
        }
    }

    /// Imports an amendment another assembly sent as a git bundle (`exportAmendmentBundle`) as a
    /// proposal on this bill by the account `handle` (the institution's, made by staff): its text
    /// becomes the proposal's changes on the version it amends; its exposé, the institution and
    /// the tallies it had there become its exposé. The bundle must apply to this bill (its
    /// prerequisite is one of its published versions); otherwise nothing changes.
    public func importAmendmentBundle(into slug: BillSlug, from file: URL, as handle: Handle)
        async throws(HemicycleError) -> AmendmentView
    {
        let identity = try await translatingErrors { () async throws -> Identity in
            guard let account = try await participation.credentials(for: handle)?.account else {
                throw HemicycleError(
                    .notFound, "no account has the handle \(handle): create the institution's account first")
            }
            return Identity(account: account, token: BearerToken(hash: nil))
        }
        let input = try await translatingErrors { () async throws -> AmendmentInput in
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? nil
            guard let size, size <= 8 << 20 else {
                throw HemicycleError(.invalidInput, "\(file.path) is not a bundle of at most 8 MiB")
            }
            let repository = try shelf.repository(slug)
            let verified = await StockGit.running([
                "--git-dir", repository.path, "bundle", "verify", "--quiet", file.path,
            ])
            guard verified.status == 0 else {
                throw HemicycleError(
                    .invalidInput,
                    "the bundle does not apply to \(slug): \(verified.output.trimmingCharacters(in: .whitespacesAndNewlines))"
                )
            }
            let heads = await StockGit.running(["bundle", "list-heads", file.path]).output.split(separator: "\n")
            guard heads.count == 1, let head = heads.first?.split(separator: " ").last.map(String.init),
                head.hasPrefix("refs/"), !head.contains(".."),
                head.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") })
            else {
                throw HemicycleError(.invalidInput, "a bundle of an amendment holds exactly one branch")
            }
            let transit = BillRepository.transitRef()
            let fetched = await StockGit.running([
                "--git-dir", repository.path, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--", file.path,
                "+\(head):\(transit)",
            ])
            defer { Task { try? await repository.removeTransit(transit) } }
            guard fetched.status == 0 else {
                throw HemicycleError(.invalidInput, "git could not read the bundle: \(fetched.output)")
            }
            return try Self.proposal(from: try await repository.receivedAmendment(at: transit))
        }
        return try await proposeAmendment(to: slug, input, by: identity)
    }

    /// The proposal a received amendment makes: its changes, and its exposé with where it comes
    /// from and how it was received there.
    static func proposal(from received: ReceivedAmendment) throws -> AmendmentInput {
        let message = received.message.trimmingCharacters(in: .whitespacesAndNewlines)
        // The title, then the exposé; the last paragraph holds the trailers.
        let withoutTrailers =
            message.range(of: "\n\n", options: .backwards).map { String(message[..<$0.lowerBound]) } ?? ""
        let title = String(message.prefix { $0 != "\n" })
        let body = String(withoutTrailers.dropFirst(title.count)).trimmingCharacters(in: .whitespacesAndNewlines)
        func trailer(_ key: String) -> String { GitLayout.trailerValue(key, in: message) ?? "?" }
        let origin =
            "Amendement n° \(trailer("Amendment")) de \(trailer("Institution")), où il a reçu "
            + "\(trailer("Supports")) soutiens, \(trailer("Against")) oppositions et \(trailer("Abstentions")) abstentions."
        var changes: [ChangeInput] = []
        for pair in received.changes {
            switch (pair.before, pair.after) {
            case (let before?, let after?):
                guard before.label == after.label else {
                    throw HemicycleError(
                        .invalidInput,
                        "the bundle renumbers article \(before.label.text), which an amendment does not do")
                }
                changes.append(
                    ChangeInput(
                        kind: "modify", article: before.label.text, text: after.alineas.joined(separator: "\n\n")))
            case (nil, let after?):
                let index = received.order.firstIndex(of: after.label) ?? 0
                changes.append(
                    ChangeInput(
                        kind: "insert", after: index > 0 ? received.order[index - 1].text : nil,
                        before: index == 0 && received.order.count > 1 ? received.order[1].text : nil,
                        label: after.label.text, text: after.alineas.joined(separator: "\n\n")))
            case (let before?, nil):
                changes.append(ChangeInput(kind: "delete", article: before.label.text))
            case (nil, nil):
                continue
            }
        }
        return AmendmentInput(
            baseVersion: received.base.name, title: title, summary: body.isEmpty ? origin : body + "\n\n" + origin,
            changes: changes)
    }

    /// An institution's name as commits carry it: 1 to 200 characters, no line break or `<>`.
    static func institutionName(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count),
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "<" || $0 == ">" }
            )
        else {
            throw HemicycleError(
                .invalidInput, "the institution is named in 1 to 200 characters, without line breaks or < >",
                field: "institution")
        }
        return name
    }
}
