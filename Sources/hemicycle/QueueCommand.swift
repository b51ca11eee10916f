import ArgumentParser
import Foundation
import Hemicycle

/// `hemicycle queue <slug> [--json]`: the rapporteur's queue, grouped by article.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Print a bill's queue: the promoted amendments by article, with the rule's reasons, "
            + "opinions and decisions.")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    func run() async throws {
        let queue = try await data.engine().queue(of: try Parse.slug(slug))
        if output.json { return try Output.json(queue) }
        let rapporteurs = queue.rapporteurs.isEmpty ? "none assigned" : queue.rapporteurs.joined(separator: ", ")
        print("\(queue.count) amendment(s) queued on \(queue.bill); rapporteurs: \(rapporteurs)")
        for group in queue.articles {
            print("")
            print("Article \(group.article)")
            for amendment in group.amendments {
                let alineas =
                    amendment.alineas.isEmpty
                    ? "" : "  al. " + amendment.alineas.map(String.init).joined(separator: ", ")
                let competing =
                    amendment.competing.isEmpty
                    ? "" : "  competes with " + amendment.competing.map { "n° \($0)" }.joined(separator: ", ")
                print(
                    "  n° \(amendment.number)  \(amendment.title)  — \(amendment.author)  "
                        + "\(amendment.tally.for) for, \(amendment.tally.against) against\(alineas)\(competing)")
                print("      \(amendment.promotion.explanation)")
                if let opinion = amendment.review.opinion {
                    let comment = amendment.review.comment.map { $0.isEmpty ? "" : " — \($0)" } ?? ""
                    print("      avis : \(opinion)\(comment)")
                }
                if let decision = amendment.review.decision { print("      décision : \(decision)") }
            }
        }
    }
}
