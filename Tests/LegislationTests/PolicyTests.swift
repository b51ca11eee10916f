import Foundation
import Legislation
import Testing

@Suite struct PolicyTests {
    static let number = Amendment.Number(7)!
    static let noon = Date(timeIntervalSince1970: 1_765_000_000)

    @Test func onlyOpenAmendmentsTakeVotes() {
        let voting = AmendmentState.allCases.filter { (try? $0.after(.vote, number: Self.number).get()) != nil }
        #expect(Set(voting) == [.proposed, .promoted])
        #expect(Set(voting) == Set(AmendmentState.allCases.filter(\.acceptsVotes)))
    }

    @Test(arguments: [
        (AmendmentState.proposed, AmendmentAction.withdraw, AmendmentState?.some(.withdrawn)),
        (.withdrawn, .withdraw, nil),
        (.conflicted, .revise, .proposed),
        (.promoted, .adopt, .adopted),
        (.proposed, .adopt, nil),
        (.adopted, .reject, nil),
        (.rejected, .revise, nil),
        (.proposed, .promote, .promoted),
        (.promoted, .promote, nil),
    ])
    func transitions(_ state: AmendmentState, _ action: AmendmentAction, _ expected: AmendmentState?) {
        switch state.after(action, number: Self.number) {
        case .success(let next): #expect(next == expected)
        case .failure(let refusal):
            #expect(expected == nil)
            #expect(refusal.key == "amendment.transition")
            #expect(refusal.message.hasPrefix("amendment 7 is \(state.rawValue) and cannot be "))
        }
    }

    @Test func aDatedWindowNeedsNoSwitch() {
        let window = ParticipationWindow(
            opensAt: Self.noon, closesAt: Self.noon.addingTimeInterval(86_400))
        #expect(window.phase(at: Self.noon.addingTimeInterval(-1)) == .upcoming)
        #expect(window.phase(at: Self.noon) == .open)
        #expect(window.phase(at: Self.noon.addingTimeInterval(86_400)) == .closed)
        let refusal = window.refusal(of: .vote, on: "loi", at: Self.noon.addingTimeInterval(90_000))
        #expect(refusal?.key == "participation.ended")
        #expect(refusal?.message == "participation on loi closed on 2025-12-07T05:46:40Z: no more votes")
        #expect(refusal?.message.contains("--") == false)
        var closed = window
        closed.open = false
        #expect(closed.refusal(of: .propose, on: "loi", at: Self.noon)?.key == "participation.closed")
        #expect(ParticipationWindow.refusal(opensAt: Self.noon, closesAt: Self.noon)?.kind == .invalidInput)
        #expect(ParticipationWindow.refusal(opensAt: nil, closesAt: Self.noon) == nil)
    }

    @Test func aBallotIsRefusedForOneReasonInOrder() {
        let open = ParticipationWindow()
        let shut = ParticipationWindow(open: false)
        func key(_ ballot: Ballot, _ action: ParticipationAction = .vote) -> String? {
            ballot.refusal(of: action, amendment: Self.number, on: "loi", at: Self.noon)?.key
        }
        #expect(key(Ballot(window: shut, state: nil, hidden: false)) == "amendment.notFound")
        #expect(key(Ballot(window: shut, state: .withdrawn, hidden: true)) == "participation.closed")
        #expect(key(Ballot(window: open, state: .withdrawn, hidden: true)) == "amendment.votesClosed")
        #expect(key(Ballot(window: open, state: .proposed, hidden: true)) == "amendment.hidden")
        #expect(key(Ballot(window: open, state: .promoted, hidden: false)) == nil)
        // A vote can be taken back on a withdrawn or hidden amendment while the bill is open.
        #expect(key(Ballot(window: open, state: .withdrawn, hidden: true), .withdrawVote) == nil)
    }
}
