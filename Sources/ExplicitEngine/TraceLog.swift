import Glibc

/// For each stored state, how it was first reached: its parent and which successor it was.
///
/// Counterexamples are rebuilt from this log by replaying the spec from an initial
/// state, taking the recorded successor at each step, so the explorer never keeps
/// whole states for the visited set. Eight bytes per state, in chunks so that
/// growing never copies.
struct TraceLog {
    static let chunkBits = 20
    private var chunks: [UnsafeMutablePointer<UInt64>] = []
    private(set) var count = 0

    /// Marks an initial state's missing parent.
    static let root = UInt32.max

    /// Records a new state and returns its index.
    mutating func append(parent: UInt32, ordinal: UInt32) -> UInt32 {
        let chunk = count >> Self.chunkBits
        if chunk == chunks.count {
            chunks.append(malloc((1 << Self.chunkBits) * 8)!.assumingMemoryBound(to: UInt64.self))
        }
        chunks[chunk][count & ((1 << Self.chunkBits) - 1)] = UInt64(parent) << 32 | UInt64(ordinal)
        count += 1
        return UInt32(count - 1)
    }

    func entry(_ index: UInt32) -> (parent: UInt32, ordinal: UInt32) {
        let i = Int(index)
        let packed = chunks[i >> Self.chunkBits][i & ((1 << Self.chunkBits) - 1)]
        return (UInt32(packed >> 32), UInt32(truncatingIfNeeded: packed))
    }

    /// The successor ordinals from an initial state to the state with this index.
    func path(to index: UInt32) -> [UInt32] {
        var ordinals: [UInt32] = []
        var current = index
        while true {
            let (parent, ordinal) = entry(current)
            ordinals.append(ordinal)
            if parent == Self.root { break }
            current = parent
        }
        return ordinals.reversed()
    }

    func release() {
        for chunk in chunks { free(chunk) }
    }
}
