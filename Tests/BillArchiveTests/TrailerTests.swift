import GitKit
import Legislation
import Testing

@testable import BillArchive

/// Trailers are read from a commit message's last paragraph only: a title, an exposé or a stage
/// that reads like one is text.
@Suite struct TrailerTests {
    static let message = """
        Base: v9

        Rebased-From: 0123456789abcdef0123456789abcdef01234567
        Adopted: 5

        Amendment: 12
        Author-Id: abcdef
        Base: v2

        """

    @Test func onlyTheLastParagraphHoldsTrailers() {
        #expect(GitLayout.trailer("Base", in: Self.message) == "v2")
        #expect(GitLayout.trailer("Amendment", in: Self.message) == "12")
        #expect(GitLayout.trailer("Rebased-From", in: Self.message) == nil)
        #expect(GitLayout.trailer("Adopted", in: Self.message) == nil)
        #expect(GitLayout.trailer("Version", in: "Base: v3\n") == nil)
        #expect(GitLayout.trailer("Version", in: "Texte initial\n\nVersion: v1\nStage: Texte initial\n") == "v1")
    }

    @Test func aCarriedMessageKeepsTheTextAndReplacesOnlyTheTrailers() {
        let head = ObjectID(hex: "00112233445566778899aabbccddeeff00112233")!
        let carried = GitLayout.carriedMessage(Self.message, onto: VersionNumber(4)!, from: head)
        #expect(carried.hasPrefix("Base: v9\n\nRebased-From: 0123456789abcdef0123456789abcdef01234567\nAdopted: 5\n\n"))
        #expect(carried.hasSuffix("Amendment: 12\nAuthor-Id: abcdef\nBase: v4\nRebased-From: \(head.hex)\n"))
        #expect(GitLayout.trailer("Base", in: carried) == "v4")
        #expect(GitLayout.trailer("Rebased-From", in: carried) == head.hex)
        // Carried again: still one Base and one Rebased-From.
        let twice = GitLayout.carriedMessage(carried, onto: VersionNumber(5)!, from: head)
        #expect(twice.components(separatedBy: "\nBase: ").count == 2)
        #expect(GitLayout.trailer("Base", in: twice) == "v5")
    }
}
