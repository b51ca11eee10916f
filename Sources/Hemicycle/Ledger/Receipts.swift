import Crypto
import Legislation

/// A voter's receipts on one bill: HMAC-SHA-256, under a secret the bill alone has, of the
/// account and the amendment, cut to 128 bits (32 hexadecimal digits). One receipt per person and
/// amendment, the same on every text of it; without the secret nobody can tell whose it is, nor
/// that two receipts on two amendments are one person's (tested: none repeats across amendments).
struct Receipts {
    /// The keyed hash, keyed once: each receipt copies it (its state is a value) and hashes on.
    private let keyed: HMAC<SHA256>

    init(secret: [UInt8]) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: secret))
    }

    /// The receipt of `account`'s vote on amendment `number`.
    func receipt(of account: Account.ID, on number: Amendment.Number) -> String {
        var hmac = keyed
        hmac.update(data: Array(account.rawValue.utf8))
        hmac.update(data: [0])
        hmac.update(data: Array(String(number.value).utf8))
        return Hexadecimal.encode(Array(hmac.finalize().prefix(16)))
    }

    /// The name of the bill's secret among the installation's secrets.
    static func secretName(of slug: BillSlug) -> String { "ledger-receipts/\(slug.value)" }
}
