import Crypto
import EngineTestSupport
import Legislation
import TestSupport
import Testing

@testable import Hemicycle

/// Receipts are HMAC-SHA-256: the same bytes as swift-crypto's `HMAC<SHA256>`, for keys shorter
/// than, as long as and longer than SHA-256's block, and messages of every length up to two blocks.
@Suite struct ReceiptTests {
    @Test func theKeyedHashIsHMACSHA256() {
        var generator = SeededGenerator(seed: 2104)
        for keyLength in [1, 32, 64, 65, 100] {
            let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let receipts = Receipts(secret: key)
            for length in 0...130 {
                let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
                #expect(receipts.mac(message) == expected, "key of \(keyLength) bytes, message of \(length)")
            }
        }
    }

    @Test func aReceiptIsTheAccountAndAmendmentsHashCutTo128Bits() {
        let key = Array("une clé de test".utf8)
        let receipt = Receipts(secret: key).receipt(of: Account.ID(rawValue: "abc"), on: 12)
        let expected = HMAC<SHA256>.authenticationCode(for: Array("abc\u{0}12".utf8), using: SymmetricKey(data: key))
        #expect(receipt == Hexadecimal.encode(Array(expected).prefix(16)))
        #expect(receipt.count == 32)
    }
}
