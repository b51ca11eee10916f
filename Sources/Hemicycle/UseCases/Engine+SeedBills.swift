import Foundation

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
        }
        return imported
    }
}
