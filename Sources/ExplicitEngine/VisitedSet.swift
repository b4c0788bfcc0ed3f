import CPrefetch
import Glibc

/// The set of fingerprints of the states seen so far.
///
/// A protocol so that other stores (on disk, concurrent) can replace the default
/// without touching the exploration loop.
public protocol VisitedSet {
    /// Inserts a fingerprint; true if it was not there before.
    mutating func insert(_ fingerprint: UInt64) -> Bool
    var count: Int { get }
}

/// An open-addressing set of fingerprints, split into shards that grow one at a time.
///
/// Linear probing over plain 64-bit slots keeps a lookup to one cache miss. Each
/// shard doubles on its own when three quarters full, so memory grows in small
/// steps: the set costs 11 to 21 bytes per state instead of spiking to the old
/// plus the new table at every doubling.
public struct FingerprintSet: VisitedSet {
    final class Shard {
        var slots: UnsafeMutablePointer<UInt64>
        var mask: Int
        var count = 0

        init(capacity: Int) {
            slots = calloc(capacity, 8)!.assumingMemoryBound(to: UInt64.self)
            mask = capacity - 1
        }

        deinit { free(slots) }

        @inline(__always)
        func insert(_ fingerprint: UInt64) -> Bool {
            var i = Int(truncatingIfNeeded: fingerprint) & mask
            while true {
                let slot = slots[i]
                if slot == 0 {
                    slots[i] = fingerprint
                    count += 1
                    if count * 4 > (mask + 1) * 3 { grow() }
                    return true
                }
                if slot == fingerprint { return false }
                i = (i + 1) & mask
            }
        }

        func grow() {
            let old = slots
            let oldCapacity = mask + 1
            slots = calloc(oldCapacity * 2, 8)!.assumingMemoryBound(to: UInt64.self)
            mask = oldCapacity * 2 - 1
            for j in 0..<oldCapacity where old[j] != 0 {
                var i = Int(truncatingIfNeeded: old[j]) & mask
                while slots[i] != 0 { i = (i + 1) & mask }
                slots[i] = old[j]
            }
            free(old)
        }
    }

    static let shardBits = 8
    let shards: [Shard]

    public init(expectedStates: Int = 0) {
        let perShard = Swift.max(64, expectedStates / (1 << Self.shardBits) * 2)
        var capacity = 64
        while capacity < perShard { capacity *= 2 }
        shards = (0..<(1 << Self.shardBits)).map { _ in Shard(capacity: capacity) }
    }

    @inline(__always)
    public mutating func insert(_ fingerprint: UInt64) -> Bool {
        shards[Int(fingerprint >> UInt64(64 - Self.shardBits))].insert(fingerprint)
    }

    /// Asks the processor to fetch the slot where a fingerprint's probe starts.
    @inline(__always)
    public func prefetch(_ fingerprint: UInt64) {
        let shard = shards[Int(fingerprint >> UInt64(64 - Self.shardBits))]
        quorum_prefetch(shard.slots + (Int(truncatingIfNeeded: fingerprint) & shard.mask))
    }

    public var count: Int { shards.reduce(0) { $0 + $1.count } }

}
