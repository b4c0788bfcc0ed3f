import Glibc

/// Remembered runs of one action, keyed by the bits of the variables it touches.
///
/// A run of an action (every instance of its parameters, every branch) is a function of
/// the variables it reads or assigns (`Statement.variablesTouched`): which successors it
/// yields, in which order, and how each differs from its parent. Raft's actions each
/// touch a few of its variables, and many states agree on those: a timeout sees the
/// same roles and terms in states that differ only in their logs or messages. So the
/// search keys each action's run by the exact bits of its variables in the parent and
/// remembers, per successor, the bits the step flipped and the variables it changed. A
/// state whose key is remembered gets its successors by exclusive-or, without running
/// the action. The key is the bits themselves, never a hash of them, so a remembered run
/// is the run: counts, successor numbers and verdicts are those of running the action.
///
/// The table is direct-mapped: each slot keeps the last key hashed to it. An action that
/// touches more than `keyLimit` bits has no memo and runs every time.
///
/// A struct of pointers, so that the search reads it without reference counting.
struct ActionMemo {
    /// Per field: a touched variable's bit offset and width.
    private let fields: UnsafeMutablePointer<Int>
    private let fieldCount: Int
    /// Words of a key.
    let keyWords: Int
    /// Words of a state.
    let stateWords: Int
    /// Words per remembered successor: the flipped bits, then the changed variables.
    let stride: Int
    /// Per slot: a header (0 empty, else 1 + the successor count, and the block's capacity
    /// in successors in the high half), the key, then the address of the successors' block.
    private let table: UnsafeMutablePointer<UInt64>
    private let slotWords: Int
    private let slotMask: Int
    /// The key of the state looked up last.
    private let key: UnsafeMutablePointer<UInt64>

    static let keyLimit = 256
    static let slotBits = 15

    /// A memo over the given variables, or nil when their bits exceed the key limit.
    init?(layout: StateLayout, touches: [Int]) {
        let list = touches.filter { layout.widths[$0] > 0 }.map { (layout.offsets[$0], layout.widths[$0]) }
        let bits = list.reduce(0) { $0 + $1.1 }
        guard bits <= ActionMemo.keyLimit else { return nil }
        fields = .allocate(capacity: max(list.count * 2, 1))
        for (k, field) in list.enumerated() {
            fields[2 * k] = field.0
            fields[2 * k + 1] = field.1
        }
        fieldCount = list.count
        keyWords = max(1, (bits + 63) / 64)
        stateWords = layout.wordCount
        stride = stateWords + 1
        slotWords = keyWords + 2
        slotMask = (1 << ActionMemo.slotBits) - 1
        // Zeroed pages from the system: only the slots a run touches cost memory.
        table = calloc(1 << ActionMemo.slotBits, slotWords * 8)!.assumingMemoryBound(to: UInt64.self)
        key = .allocate(capacity: keyWords)
    }

    func release() {
        for s in 0...slotMask {
            let entry = table + s * slotWords
            if entry[0] != 0, let block = UnsafeMutableRawPointer(bitPattern: UInt(entry[keyWords + 1])) { free(block) }
        }
        free(table)
        fields.deallocate()
        key.deallocate()
    }

    /// The slot of a state's key, and the successors remembered for it (each `stride`
    /// words) if the slot holds that key.
    @inline(__always)
    func find(_ state: UnsafePointer<UInt64>) -> (slot: UnsafeMutablePointer<UInt64>, count: Int?, successors: UnsafePointer<UInt64>?) {
        key.update(repeating: 0, count: keyWords)
        var bit = 0
        for k in 0..<fieldCount {
            var offset = fields[2 * k]
            var remaining = fields[2 * k + 1]
            while remaining > 0 {
                let chunk = Swift.min(remaining, 64)
                let part = Bits.read(state, offset, chunk)
                let shift = bit & 63
                key[bit >> 6] |= part << UInt64(shift)
                if shift + chunk > 64 { key[(bit >> 6) + 1] |= part >> UInt64(64 - shift) }
                bit += chunk
                offset += chunk
                remaining -= chunk
            }
        }
        var mixed: UInt64 = 0
        for w in 0..<keyWords { mixed = (mixed ^ key[w]) &* 0x9E37_79B9_7F4A_7C15 }
        mixed ^= mixed >> 29
        mixed = mixed &* 0xBF58_476D_1CE4_E5B9
        let slot = table + slotWords * (Int(truncatingIfNeeded: mixed >> 40) & slotMask)
        let header = slot[0]
        guard header != 0 else { return (slot, nil, nil) }
        for w in 0..<keyWords where slot[1 + w] != key[w] { return (slot, nil, nil) }
        return (slot, Int(header & 0xFFFF_FFFF) - 1, UnsafePointer(bitPattern: UInt(slot[keyWords + 1])))
    }

    /// Remembers the successors of the state looked up last (in `slot`), in place of the key the slot held.
    func remember(_ successors: [UInt64], in slot: UnsafeMutablePointer<UInt64>) {
        let count = successors.count / stride
        var capacity = Int(slot[0] >> 32)
        var block = UnsafeMutableRawPointer(bitPattern: UInt(slot[keyWords + 1]))
        if count > capacity {
            free(block)
            capacity = count
            block = malloc(count * stride * 8)!
        }
        if count > 0 { successors.withUnsafeBufferPointer { block!.copyMemory(from: $0.baseAddress!, byteCount: count * stride * 8) } }
        slot[0] = UInt64(count + 1) | UInt64(capacity) << 32
        for w in 0..<keyWords { slot[1 + w] = key[w] }
        slot[keyWords + 1] = UInt64(UInt(bitPattern: block))
    }
}
