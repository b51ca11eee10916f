import ArgumentParser

/// `hemicycle bill …`: import, publish and read bills.
struct BillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bill",
        abstract: "Import, publish and read bills.",
        subcommands: [
            BillImport.self, BillPublish.self, BillList.self, BillShow.self, BillArticle.self, BillHistory.self,
            BillCompare.self, BillAdopt.self, BillProvenance.self, BillFollow.self, BillSync.self,
        ])
}
