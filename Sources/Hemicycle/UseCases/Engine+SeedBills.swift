import Foundation
import Legislation

extension Engine {
    /// On first start (no bill in the data directory), imports every bill found in the seed
    /// directory — each entry a bill folder, a Markdown draft or a folder of stages, its name the
    /// slug. Returns the bills imported; does nothing once any bill exists.
    @discardableResult
    public func seedIfEmpty() async throws(HemicycleError) -> [ImportedBill] {
        guard let seeds = configuration.seedDirectory else { return [] }
        let existing: Int
        do {
            existing = try shelf.slugs().count
        } catch {
            throw HemicycleError.from(error)
        }
        guard existing == 0 else { return [] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: seeds.path)) ?? [])
            .filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
        var imported: [ImportedBill] = []
        for name in names {
            let url = seeds.appendingPathComponent(name)
            let bill = try await importBill(from: url, slug: nil)
            imported.append(bill)
            try await seedDemoAmendments(on: try Parse.slug(bill.slug))
        }
        return imported
    }

    /// Proposes the demo amendments of `<demo>/<slug>.amendments.json`, each by its own
    /// pseudonymous demo account, so a new user sees a living bill.
    func seedDemoAmendments(on slug: BillSlug) async throws(HemicycleError) {
        guard let file = configuration.demoDirectory?.appendingPathComponent("\(slug).amendments.json"),
            FileManager.default.fileExists(atPath: file.path)
        else { return }
        let inputs: [AmendmentInput]
        do {
            inputs = try JSONDecoder().decode([AmendmentInput].self, from: Data(contentsOf: file))
        } catch {
            throw HemicycleError(.invalidInput, "\(file.lastPathComponent) is not a list of amendments: \(error)")
        }
        for (index, input) in inputs.enumerated() {
            guard let handle = Handle("demo-citoyen-\(index + 1)") else { continue }
            let account = try await createAccount(
                handle: handle.value, password: Self.randomToken(bytes: 24), role: .citizen)
            let identity = Identity(
                account: Account(
                    id: Account.ID(rawValue: account.id), handle: handle, role: .citizen, createdAt: now()),
                token: BearerToken(hash: nil))
            _ = try await proposeAmendment(to: slug, input, by: identity)
        }
        logger.info("proposed demo amendments", metadata: ["slug": "\(slug)", "count": "\(inputs.count)"])
    }
}
