import Foundation
import Hemicycle
import Legislation
import WordDiff

/// The Atom feed (RFC 4287) of a bill's queue: one entry per promotion, opinion and decision, so
/// that supporters can follow what became of their amendment in any feed reader.
enum QueueFeed {
    /// One thing that happened to a queued amendment.
    struct Event {
        var id: String
        var title: String
        var summary: String
        var at: Date
        var number: Int
    }

    /// The most entries a feed holds.
    static let limit = 200

    static func atom(_ queue: QueueView, bill: String) -> String {
        var seen = Set<Int>()
        var events: [Event] = []
        for group in queue.articles {
            for amendment in group.amendments where seen.insert(amendment.number.value).inserted {
                let number = amendment.number.value
                let base = "tag:hemicycle,2015:\(bill)/amendments/\(number)"
                if let at = amendment.promotion.promotedAt {
                    events.append(
                        Event(
                            id: "\(base)/promoted/\(Int(at.timeIntervalSince1970))",
                            title: "Amendement n° \(number) promu : \(amendment.title)",
                            summary: amendment.promotion.explanation, at: at, number: number))
                }
                if let opinion = amendment.review.opinion, let at = amendment.review.opinionAt {
                    let comment = amendment.review.comment.map { $0.isEmpty ? "" : " — \($0)" } ?? ""
                    events.append(
                        Event(
                            id: "\(base)/opinion/\(Int(at.timeIntervalSince1970))",
                            title: "Amendement n° \(number) : avis \(opinion)",
                            summary: "\(amendment.title)\(comment)", at: at, number: number))
                }
                if let decision = amendment.review.decision, let at = amendment.review.decisionAt {
                    events.append(
                        Event(
                            id: "\(base)/decision",
                            title: "Amendement n° \(number) : \(Decision(rawValue: decision)?.french ?? decision)",
                            summary: amendment.title, at: at, number: number))
                }
            }
        }
        events.sort { $0.at != $1.at ? $0.at > $1.at : $0.id > $1.id }
        let updated = events.first?.at ?? Date(timeIntervalSince1970: 0)
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <id>tag:hemicycle,2015:\(escape(bill))/queue</id>
              <title>File du rapporteur — \(escape(bill))</title>
              <updated>\(stamp(updated))</updated>
              <link rel="self" href="/api/v1/bills/\(escape(bill))/feed.atom"/>
              <author><name>Hemicycle</name></author>

            """
        for event in events.prefix(limit) {
            xml += """
                  <entry>
                    <id>\(escape(event.id))</id>
                    <title>\(escape(event.title))</title>
                    <updated>\(stamp(event.at))</updated>
                    <link href="/api/v1/bills/\(escape(bill))/amendments/\(event.number)"/>
                    <summary>\(escape(event.summary))</summary>
                  </entry>

                """
        }
        return xml + "</feed>\n"
    }

    static func stamp(_ date: Date) -> String {
        date.ISO8601Format()
    }

    /// Text escaped for XML content and attributes (the five characters that matter).
    static func escape(_ text: String) -> String { HTMLRenderer.escape(text) }
}
