import Crypto
import Legislation

/// A voter's receipts on one bill: HMAC-SHA-256, under a secret the bill alone has, of the
/// account and the amendment, cut to 128 bits (32 hexadecimal digits). One receipt per person and
/// amendment, the same on every text of it; without the secret nobody can tell whose it is, nor
/// that two receipts on two amendments are one person's (tested: none repeats across amendments).
///
/// The HMAC is RFC 2104's construction over swift-crypto's SHA-256, its two keyed states made
/// once and copied for each receipt (the same bytes as `HMAC<SHA256>`, checked by
/// `ReceiptTests`): a ledger epoch makes a million receipts, and the generic `HMAC` spent more
/// time finding its types at run time than hashing.
struct Receipts {
    /// SHA-256 having read the key XOR ipad, and the key XOR opad.
    private let inner: SHA256
    private let outer: SHA256

    init(secret: [UInt8]) {
        var key = secret.count > 64 ? Array(SHA256.hash(data: secret)) : secret
        key += [UInt8](repeating: 0, count: 64 - key.count)
        var inner = SHA256()
        var outer = SHA256()
        key.map { $0 ^ 0x36 }.withUnsafeBytes { inner.update(bufferPointer: $0) }
        key.map { $0 ^ 0x5C }.withUnsafeBytes { outer.update(bufferPointer: $0) }
        self.inner = inner
        self.outer = outer
    }

    /// The full HMAC-SHA-256 of `message`.
    func mac(_ message: [UInt8]) -> [UInt8] {
        var inner = self.inner
        message.withUnsafeBytes { inner.update(bufferPointer: $0) }
        var outer = self.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize().withUnsafeBytes { Array($0) }
    }

    /// The receipt of `account`'s vote on amendment `number`.
    func receipt(of account: Account.ID, on number: Amendment.Number) -> String {
        var message = Array(account.rawValue.utf8)
        message.append(0)
        message.append(contentsOf: String(number.value).utf8)
        return Hexadecimal.encode(mac(message).prefix(16))
    }

    /// The name of the bill's secret among the installation's secrets.
    static func secretName(of slug: BillSlug) -> String { "ledger-receipts/\(slug.value)" }
}
