import Foundation

extension String {
    /// Canonical composition (NFC).
    var precomposedNFC: String { precomposedStringWithCanonicalMapping }

    /// Canonical decomposition (NFD).
    var decomposedNFD: String { decomposedStringWithCanonicalMapping }
}
