import CPrefetch
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
/// The table is direct-mapped: each slot keeps the last key hashed to it. It starts
/// small and doubles (forgetting what it held) while keys keep evicting one another, up
/// to `maxSlotBits`. An action whose touched bits lie in more than `keyLimit` state words
/// has no memo and runs every time.
///
/// All of a search's memos share a `Budget` of bytes, which grows with the states stored:
/// a table doubles, and a run is remembered, only within it (each memo's first, small
/// table is counted but always made). Without one, PBFT's
/// memos (its states take more words, its actions more keys) took four times the memory
/// of the rest of its search.
///
/// A struct of pointers, so that the search reads it without reference counting.
struct ActionMemo {
    /// The state words that hold touched bits, and per such word a mask of those bits:
    /// a key is those words masked, with no shifting.
    private let words: UnsafeMutablePointer<Int>
    private let masks: UnsafeMutablePointer<UInt64>
    /// Words of a key.
    let keyWords: Int
    /// Words per remembered successor: the flipped bits, then the changed variables.
    let stride: Int
    /// Per slot: a header (0 empty, else 1 + the successor count, and the block's capacity
    /// in successors in the high half), the key, then the address of the successors' block.
    private let slotWords: Int
    /// The key of the state located last.
    private let key: UnsafeMutablePointer<UInt64>
    private let live: UnsafeMutablePointer<Live>
    private let budget: UnsafeMutablePointer<Budget>

    /// The bytes all memos of a search may hold, and hold.
    struct Budget {
        var limit: Int
        var used = 0
        /// The bytes allowed per state stored, once more than `floor`.
        var perState: Int
        var floor: Int

        init(floor: Int = Budget.floor, perState: Int = Budget.perState) {
            self.floor = floor
            self.perState = perState
            limit = floor
        }

        /// Raises the limit for this many stored states.
        mutating func allow(states: Int) { limit = Swift.max(floor, states * perState) }

        /// The least limit, and the bytes allowed per state stored: enough for Raft's memos
        /// to reach the size where they stop evicting (a third less made its largest run a
        /// fifth slower), while PBFT's stay within about twice its visited set.
        static let floor = 64 << 20
        static let perState = 16
    }

    /// What changes as the table grows.
    private struct Live {
        var table: UnsafeMutablePointer<UInt64>
        var slotBits: Int
        /// Lookups, and lookups whose slot held another key, since the size was last judged.
        var lookups = 0
        var conflicts = 0
    }

    /// The most state words a key may take.
    static let keyLimit = 6
    static let initialSlotBits = 12
    static let maxSlotBits = 18
    /// Every this many lookups the table doubles if more than an eighth met another key.
    static let window = 1 << 14

    /// A memo over the given variables, or nil when their bits span more than `keyLimit` words.
    init?(layout: StateLayout, touches: [Int], budget: UnsafeMutablePointer<Budget>) {
        var mask = [UInt64](repeating: 0, count: layout.wordCount)
        for variable in touches {
            var bit = layout.offsets[variable]
            let end = bit + layout.widths[variable]
            while bit < end {
                let chunk = Swift.min(64 - (bit & 63), end - bit)
                mask[bit >> 6] |= (chunk == 64 ? ~0 : ((1 << UInt64(chunk)) - 1)) << UInt64(bit & 63)
                bit += chunk
            }
        }
        let used = mask.indices.filter { mask[$0] != 0 }
        guard used.count <= ActionMemo.keyLimit else { return nil }
        keyWords = max(1, used.count)
        words = .allocate(capacity: keyWords)
        masks = .allocate(capacity: keyWords)
        words.initialize(repeating: 0, count: keyWords)
        masks.initialize(repeating: 0, count: keyWords)
        for (k, word) in used.enumerated() {
            words[k] = word
            masks[k] = mask[word]
        }
        stride = layout.wordCount + 1
        slotWords = keyWords + 2
        key = .allocate(capacity: keyWords)
        key.initialize(repeating: 0, count: keyWords)
        self.budget = budget
        live = .allocate(capacity: 1)
        live.initialize(to: Live(table: ActionMemo.table(slotBits: ActionMemo.initialSlotBits, slotWords: slotWords),
                                 slotBits: ActionMemo.initialSlotBits))
        budget.pointee.used += tableBytes
    }

    /// The bytes of the table.
    private var tableBytes: Int { (1 << live.pointee.slotBits) * slotWords * 8 }

    /// A zeroed table (pages from the system: only the slots a run touches cost memory).
    private static func table(slotBits: Int, slotWords: Int) -> UnsafeMutablePointer<UInt64> {
        calloc(1 << slotBits, slotWords * 8)!.assumingMemoryBound(to: UInt64.self)
    }

    private func freeTable() {
        let table = live.pointee.table
        for s in 0..<(1 << live.pointee.slotBits) {
            let entry = table + s * slotWords
            if entry[0] != 0, let block = UnsafeMutableRawPointer(bitPattern: UInt(entry[keyWords + 1])) {
                free(block)
                budget.pointee.used -= Int(entry[0] >> 32) * stride * 8
            }
        }
        budget.pointee.used -= tableBytes
        free(table)
    }

    func release() {
        freeTable()
        live.deallocate()
        words.deallocate()
        masks.deallocate()
        key.deallocate()
    }

    /// Makes a state's key the current one and returns its slot, asking the processor to
    /// fetch the slot meanwhile.
    @inline(__always)
    func locate(_ state: UnsafePointer<UInt64>) -> UnsafeMutablePointer<UInt64> {
        for k in 0..<keyWords { key[k] = state[words[k]] & masks[k] }
        let slot = slotOfKey()
        quorum_prefetch(slot)
        return slot
    }

    /// The slot of the current key.
    @inline(__always)
    private func slotOfKey() -> UnsafeMutablePointer<UInt64> {
        var mixed: UInt64 = 0
        for w in 0..<keyWords { mixed = (mixed ^ key[w]) &* 0x9E37_79B9_7F4A_7C15 }
        mixed ^= mixed >> 29
        mixed = mixed &* 0xBF58_476D_1CE4_E5B9
        let index = Int(truncatingIfNeeded: mixed >> UInt64(64 - live.pointee.slotBits))
        return live.pointee.table + slotWords * index
    }

    /// What a slot holds for the current key.
    private enum Match {
        case empty, conflict
        case run(count: Int, successors: UnsafePointer<UInt64>?)
    }

    @inline(__always)
    private func match(_ slot: UnsafeMutablePointer<UInt64>) -> Match {
        let header = slot[0]
        guard header != 0 else { return .empty }
        for w in 0..<keyWords where slot[1 + w] != key[w] { return .conflict }
        return .run(count: Int(header & 0xFFFF_FFFF) - 1, successors: UnsafePointer(bitPattern: UInt(slot[keyWords + 1])))
    }

    /// The successors remembered for the current key (each `stride` words), if its slot
    /// holds it; counted towards the table's size.
    @inline(__always)
    func lookup(_ slot: UnsafeMutablePointer<UInt64>) -> (count: Int, successors: UnsafePointer<UInt64>?)? {
        live.pointee.lookups += 1
        switch match(slot) {
        case .empty: return nil
        case .conflict:
            live.pointee.conflicts += 1
            return nil
        case let .run(count, successors): return (count, successors)
        }
    }

    /// The same, without counting a lookup.
    @inline(__always)
    func peek(_ slot: UnsafeMutablePointer<UInt64>) -> (count: Int, successors: UnsafePointer<UInt64>?)? {
        guard case let .run(count, successors) = match(slot) else { return nil }
        return (count, successors)
    }

    /// Remembers the successors of the current key (located in `slot`), in place of the
    /// key the slot held, within the budget; first doubles the table if keys have been
    /// evicting one another. A run the budget has no room for is not remembered, and the
    /// slot keeps the key and run it held.
    func remember(_ successors: [UInt64], in located: UnsafeMutablePointer<UInt64>) {
        var slot = located
        if live.pointee.lookups >= ActionMemo.window {
            if live.pointee.conflicts * 8 > live.pointee.lookups && live.pointee.slotBits < ActionMemo.maxSlotBits
                && budget.pointee.used + tableBytes <= budget.pointee.limit {
                freeTable()
                live.pointee.slotBits += 1
                live.pointee.table = ActionMemo.table(slotBits: live.pointee.slotBits, slotWords: slotWords)
                budget.pointee.used += tableBytes
                slot = slotOfKey()
            }
            live.pointee.lookups = 0
            live.pointee.conflicts = 0
        }
        let count = successors.count / stride
        var capacity = Int(slot[0] >> 32)
        var block = UnsafeMutableRawPointer(bitPattern: UInt(slot[keyWords + 1]))
        if count > capacity {
            let more = (count - capacity) * stride * 8
            guard budget.pointee.used + more <= budget.pointee.limit else { return }
            budget.pointee.used += more
            free(block)
            capacity = count
            block = malloc(count * stride * 8)!
        }
        if count > 0 { successors.withUnsafeBufferPointer { block!.copyMemory(from: $0.baseAddress!, byteCount: count * stride * 8) } }
        slot[0] = UInt64(count + 1) | UInt64(capacity) << 32
        for w in 0..<keyWords { slot[1 + w] = key[w] }
        slot[keyWords + 1] = UInt64(UInt(bitPattern: block))
    }

    /// The table's size in slots (for tests).
    var slots: Int { 1 << live.pointee.slotBits }
}
