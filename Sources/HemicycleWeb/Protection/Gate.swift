import Synchronization

/// A count of places: `enter` takes one if any is free.
final class Gate: Sendable {
    private let taken = Mutex(0)
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func enter() -> Bool {
        taken.withLock { taken in
            guard taken < capacity else { return false }
            taken += 1
            return true
        }
    }

    func leave() {
        taken.withLock { $0 -= 1 }
    }

    /// A place, if one is free: given back by whoever gives it back first (the work's end, or its
    /// deadline), or when it is dropped (work that never ran keeps no place).
    func take() -> Place? {
        enter() ? Place(self) : nil
    }

    /// A place taken.
    final class Place: Sendable {
        private let gate: Gate
        private let given = Mutex(false)

        fileprivate init(_ gate: Gate) { self.gate = gate }

        deinit { giveBack() }

        func giveBack() {
            let first = given.withLock { given in
                defer { given = true }
                return !given
            }
            if first { gate.leave() }
        }
    }
}
