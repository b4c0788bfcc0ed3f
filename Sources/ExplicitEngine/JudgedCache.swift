import Foundation

/// The fingerprints of states outside the state constraint judged lately, so that such a
/// state generated again is not judged again.
///
/// States outside the constraint are judged by the properties, as TLC does, but never
/// stored, so without this each is judged every time a step reaches it: in Raft, where
/// a step that sends a message when one is already in flight leaves the constraint,
/// such states are most of those generated, and half of them were judged before. The
/// table is direct-mapped and fixed in size (each slot keeps the last fingerprint hashed
/// to it), so it costs no memory per state: a state it has forgotten is judged again,
/// which costs time, never a verdict (short of a collision of 64-bit fingerprints, the
/// same risk as in the set of visited states). Its fingerprints cover the whole state,
/// ghosts included, since properties may read them.
struct JudgedCache {
    /// 2^20 slots, 8 MiB: on Raft, 87% of the hits an unbounded set would give.
    static let bits = 20
    private let slots: UnsafeMutablePointer<UInt64>

    init() {
        // Zeroed pages from the system: a spec that never leaves its constraint touches none.
        slots = calloc(1 << JudgedCache.bits, MemoryLayout<UInt64>.stride)!.assumingMemoryBound(to: UInt64.self)
    }

    func release() { free(slots) }

    /// Whether the fingerprint (never zero) is new to the table; either way it is there afterwards.
    @inline(__always)
    func insert(_ fingerprint: UInt64) -> Bool {
        let slot = Int(truncatingIfNeeded: fingerprint >> UInt64(64 - JudgedCache.bits))
        if slots[slot] == fingerprint { return false }
        slots[slot] = fingerprint
        return true
    }
}
