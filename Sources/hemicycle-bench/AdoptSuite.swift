import Foundation
import Hemicycle
import Legislation

/// `hemicycle-bench adopt`: on the demo bill's latest version, `adopted` (100) amendments each
/// rewriting the first or last alinéa of a different article are decided adopted, and `open`
/// (10,000) others each rewrite one alinéa of an article; the adoption's time (the merges, the
/// version, then carrying every open amendment onto it or marking it conflicted) is measured,
/// and against it stock git's `git rebase --onto` of a sample of the same branches, from a clone
/// taken before the adoption.
enum AdoptSuite {
    static func run(bills: URL, adopted: Int, open: Int, sample: Int) async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hemicycle-bench-adopt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let bench = try await BenchEngine.make(bills: bills, in: work.appendingPathComponent("data"))
        let engine = bench.engine
        let slug = BenchEngine.slug
        _ = try await engine.createAccount(handle: "greffe", password: "un long mot de passe", role: .staff)
        let staff = try await engine.authenticate(
            token: try await engine.signIn(handle: "greffe", password: "un long mot de passe").token)
        let (author, voterToken) = try await bench.citizen(1)
        _ = try await engine.setPromotionRule(try PromotionRule([.minimumSupports(1)]), of: slug, by: staff)
        let base = try await engine.bill(slug).versions.last!.number
        let latest = VersionNumber(parsing: base)
        var texts: [(label: String, alineas: [String])] = []
        for label in try await engine.articles(of: slug, version: latest, limit: 1000).items.map(\.label) {
            let alineas = try await engine.article(ArticleLabel(label)!, of: slug, version: latest)
                .alineas.map(\.text)
            texts.append((label, alineas))
        }
        func input(_ article: (label: String, alineas: [String]), alinea: Int, _ index: Int) -> AmendmentInput {
            var alineas = article.alineas
            alineas[alinea] = "Rédaction nouvelle n° \(index) de cet alinéa."
            return AmendmentInput(
                baseVersion: base, title: "Amendement de banc n° \(index)", summary: "Variante \(index).",
                changes: [ChangeInput(kind: "modify", article: article.label, text: alineas.joined(separator: "\n\n"))])
        }
        // The adopted ones: the first alinéa, then the last, of articles of three alinéas or more.
        let long = texts.filter { $0.alineas.count >= 3 }
        let targets = (long.map { ($0, 0) } + long.map { ($0, $0.alineas.count - 1) }).prefix(adopted)
        guard targets.count == adopted else { throw BenchError("the bill has too few long articles for \(adopted)") }
        let clock = ContinuousClock()
        let fill = try await clock.measure {
            for (index, target) in targets.enumerated() {
                let amendment = try await engine.proposeAmendment(
                    to: slug, input(target.0, alinea: target.1, index), by: author)
                _ = try await engine.vote(.for, on: amendment.number, of: slug, token: BearerToken(voterToken))
                _ = try await engine.decide(.adopted, on: amendment.number, of: slug, by: staff)
            }
            for index in 0..<open {
                let article = texts[index % texts.count]
                _ = try await engine.proposeAmendment(
                    to: slug, input(article, alinea: (index / texts.count) % article.alineas.count, adopted + index),
                    by: author)
            }
        }
        Report.line("adopt.fill_rate", Double(adopted + open) / (fill.milliseconds / 1000), "amendments/s")
        try await engine.setParticipation(open: false, on: slug, by: staff)

        // Stock git's side starts from the same branches, before they move.
        let repository = bench.dataDirectory.appendingPathComponent("bills/\(slug.value).git").path
        let clone = work.appendingPathComponent("clone").path
        try git(["clone", "--quiet", "--no-checkout", repository, clone])

        var adoption: AdoptionView?
        let elapsed = try await clock.measure {
            adoption = try await engine.adopt(slug, stage: "Texte de la commission", by: staff)
        }
        guard let adoption else { return }
        let seconds = elapsed.milliseconds / 1000
        let handled = adoption.carried + adoption.conflicted.count
        Report.line("adopt.adopted", Double(adoption.adopted.count), "amendments")
        Report.line("adopt.carried", Double(adoption.carried), "amendments")
        Report.line("adopt.conflicted", Double(adoption.conflicted.count), "amendments")
        Report.line("adopt.time", seconds, "s")
        Report.line("adopt.per_open_amendment", seconds * 1000 / Double(max(handled, 1)), "ms")
        await engine.close()

        // `git rebase --onto v<N+1> v<N>` of a sample of the same branches, evenly spread.
        try git(["-C", clone, "fetch", "--quiet", "origin", "refs/tags/*:refs/tags/*"])
        try git(["-C", clone, "checkout", "--quiet", "--detach", base])
        let step = max(1, open / sample)
        let numbers = Array(stride(from: adopted + 1, through: adopted + open, by: step).prefix(sample))
        var conflicts = 0
        let rebases = try clock.measure {
            for number in numbers {
                let status = try gitStatus([
                    "-C", clone, "-c", "user.name=bench", "-c", "user.email=bench@invalid", "rebase", "--quiet",
                    "--onto", adoption.version, base, "refs/remotes/origin/amendments/\(number)",
                ])
                if status != 0 {
                    conflicts += 1
                    _ = try gitStatus(["-C", clone, "rebase", "--abort"])
                }
            }
        }
        let perBranch = rebases.milliseconds / Double(max(numbers.count, 1))
        Report.line("adopt.git_rebase_sample", Double(numbers.count), "branches")
        Report.line("adopt.git_rebase_conflicts", Double(conflicts), "branches")
        Report.line("adopt.git_rebase_per_branch", perBranch, "ms")
        Report.line("adopt.ratio_to_git_rebase", seconds * 1000 / Double(max(handled, 1)) / perBranch, "x")
    }

    static func git(_ arguments: [String]) throws {
        guard try gitStatus(arguments) == 0 else { throw BenchError("git \(arguments.joined(separator: " ")) failed") }
    }

    static func gitStatus(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
