import Crypto
import Foundation
import HummingbirdBcrypt

/// Password hashes: bcrypt over the SHA-256 of the whole password (base64), so every byte
/// counts — bcrypt alone reads 72 bytes and stops at a NUL. Hashes made before, of the password
/// itself, still verify and are replaced on the next sign-in. bcrypt runs on the engine's
/// dedicated hashing threads, never on the threads that serve requests.
enum PasswordHashing {
    /// What marks a hash of the pre-hashed password.
    static let prefix = "sha256+"

    /// The input bcrypt sees: 44 characters of base64, far below its 72-byte limit.
    static func prehashed(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    /// A new hash of `password` at `cost`.
    static func hash(_ password: String, cost: UInt8) -> String {
        prefix + Bcrypt.hash(prehashed(password), cost: cost)
    }

    /// A hash no password matches, for an unknown handle to be checked against at the same
    /// cost as a real one: bcrypt's own format at `cost` with a random salt and digest. It takes
    /// no bcrypt work to make (a command that never signs anyone in does not pay for it), and
    /// verifying against it does all of it, as the salt and digest are in bcrypt's alphabet.
    static func decoy(cost: UInt8) -> String {
        let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        let tail = String((0..<53).map { _ in alphabet.randomElement(using: &generator)! })
        let digits = cost < 10 ? "0\(cost)" : "\(cost)"
        return prefix + "$2b$\(digits)$" + tail
    }

    /// Whether `password` matches `stored`, and whether the stored hash is of the older kind.
    static func verify(_ password: String, stored: String) -> (matches: Bool, outdated: Bool) {
        if stored.hasPrefix(prefix) {
            return (Bcrypt.verify(prehashed(password), hash: String(stored.dropFirst(prefix.count))), false)
        }
        return (Bcrypt.verify(password, hash: stored), true)
    }
}
