import Foundation

/// Remembered values of one predicate, keyed by the bits of the variables it reads.
///
/// A state predicate is a function of the variables it reads (`Expr.variablesRead`), and a
/// transition property of those variables in the two states. Raft's log matching reads
/// only `log`, a few dozen bits, yet it was judged from scratch for every successor whose
/// log moved: a quarter of a search's time went to properties that a table lookup can
/// answer. The key is the exact bits, never a hash of them, so a remembered value is
/// the value: a memo cannot change a verdict. Keys of up to 18 bits index a table of
/// verdicts directly; keys of up to 126 bits go to a direct-mapped table of 2^14 entries
/// that keeps the last key hashed to each slot; a predicate that reads more bits than
/// that has no memo and is judged every time.
struct PredicateMemo {
    /// Per field: the variable's bit offset, its width, and which state it comes from
    /// (0: the state judged, or the state before a step; 1: the state after a step).
    private let fields: UnsafeMutablePointer<Int>
    private let fieldCount: Int
    /// The table: a byte per key (direct), or two words per slot (hashed): the key's low
    /// 64 bits, then its high bits with the value in the top two (0 empty, 1 false, 2 true).
    private let table: UnsafeMutableRawPointer
    private let direct: Bool
    private let slotMask: Int

    static let directBits = 18
    static let hashedBits = 14
    static let keyLimit = 126

    /// A memo over the given variables (in the state, and with `after` also in the state
    /// after a step), or nil when their bits exceed the key limit.
    init?(layout: StateLayout, reads: [Int], after: Bool = false) {
        var list: [(offset: Int, width: Int, source: Int)] = []
        for source in after ? [0, 1] : [0] {
            for variable in reads where layout.codecs[variable].width > 0 {
                list.append((layout.offsets[variable], layout.codecs[variable].width, source))
            }
        }
        let width = list.reduce(0) { $0 + $1.width }
        guard width <= PredicateMemo.keyLimit else { return nil }
        fields = .allocate(capacity: max(list.count * 3, 1))
        for (k, field) in list.enumerated() {
            fields[3 * k] = field.offset
            fields[3 * k + 1] = field.width
            fields[3 * k + 2] = field.source
        }
        fieldCount = list.count
        direct = width <= PredicateMemo.directBits
        let slots = 1 << (direct ? width : PredicateMemo.hashedBits)
        slotMask = slots - 1
        // Zeroed pages from the system: only the slots a run touches cost memory.
        table = calloc(slots, direct ? 1 : 16)!
    }

    func release() {
        fields.deallocate()
        free(table)
    }

    /// A key: the bits of the variables read, the first 64 in `low`.
    struct Key {
        var low: UInt64
        var high: UInt64
    }

    /// The key of a state (or, for a transition property, of a step from `state` to `after`).
    @inline(__always)
    func key(_ state: UnsafePointer<UInt64>, after: UnsafePointer<UInt64>? = nil) -> Key {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var bit = 0
        for k in 0..<fieldCount {
            let words = fields[3 * k + 2] == 0 ? state : after!
            var offset = fields[3 * k]
            var remaining = fields[3 * k + 1]
            while remaining > 0 {
                let chunk = Swift.min(remaining, 64)
                let part = Bits.read(words, offset, chunk)
                if bit < 64 {
                    low |= part << UInt64(bit)
                    if bit + chunk > 64 { high |= part >> UInt64(64 - bit) }
                } else {
                    high |= part << UInt64(bit - 64)
                }
                bit += chunk
                offset += chunk
                remaining -= chunk
            }
        }
        return Key(low: low, high: high)
    }

    /// The slot of a key in the hashed table.
    @inline(__always)
    private func slot(_ key: Key) -> UnsafeMutablePointer<UInt64> {
        var mixed = (key.low ^ (key.high &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        mixed ^= mixed >> 31
        return table.assumingMemoryBound(to: UInt64.self) + 2 * (Int(truncatingIfNeeded: mixed >> 40) & slotMask)
    }

    /// The value remembered for a key, if any.
    @inline(__always)
    func remembered(_ key: Key) -> Bool? {
        if direct {
            let entry = table.assumingMemoryBound(to: UInt8.self)[Int(truncatingIfNeeded: key.low)]
            return entry == 0 ? nil : entry == 2
        }
        let entry = slot(key)
        let tag = entry[1] >> 62
        guard tag != 0, entry[0] == key.low, entry[1] & ~(3 << 62) == key.high else { return nil }
        return tag == 2
    }

    /// Remembers a key's value (in the hashed table, in place of the key there before).
    @inline(__always)
    func remember(_ key: Key, _ holds: Bool) {
        if direct {
            table.assumingMemoryBound(to: UInt8.self)[Int(truncatingIfNeeded: key.low)] = holds ? 2 : 1
            return
        }
        let entry = slot(key)
        entry[0] = key.low
        entry[1] = key.high | (holds ? 2 : 1) << 62
    }
}
