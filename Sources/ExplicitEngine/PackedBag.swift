import SpecIR

/// A bag of few distinct elements kept in one integer: per slot the element's rank + 1
/// (0 when the slot is empty) and its copies, in ascending rank from the lowest bits.
///
/// A network's bag of messages changes on every send and receive. As an array of
/// `(element, copies)` pairs each change copied the array, and with the pairs' reference
/// counting the bag's operations took a seventh of a Raft search. Packed, a send is a few
/// shifts and masks. The form is canonical (slots filled from the first, in rank order),
/// so equal bags are equal integers. It has at least one slot and one copy more than the sort
/// allows, so that an expression may overfill a bag for a moment (adding before removing);
/// the state encoding (`Codec`) refuses a bag stored beyond its sort's bounds.
struct PackedBag {
    /// Slots in the integer (at least the sort's distinct elements + 1).
    let slots: Int
    let rankWidth: Int
    let copiesWidth: Int
    /// The run-time integer of the element of rank 0, and how many elements the sort has.
    let lower: Int
    let count: Int

    var slotWidth: Int { rankWidth + copiesWidth }
    /// The most copies a slot can count.
    var maxCopies: Int { (1 << copiesWidth) - 1 }

    /// The packed form of a bag sort, or nil when its elements are not integers at run time,
    /// it has no bound on distinct elements, or its slots do not fit in 63 bits.
    init?(_ sort: Sort, element: Shape) {
        guard case let .bag(_, maxCopies, maxDistinct?) = sort, maxCopies >= 1, maxCopies < 1 << 40, maxDistinct >= 1,
              let lower = element.integerLower, let count = element.count, count < Shape.rankLimit else { return nil }
        rankWidth = Bits.width(for: count + 1)
        copiesWidth = Bits.width(for: maxCopies + 2)
        slots = 63 / (rankWidth + copiesWidth)
        guard slots >= maxDistinct + 1 else { return nil }
        self.lower = lower
        self.count = count
    }

    /// The slot's field: rank + 1 and copies.
    @inline(__always)
    private func field(_ bag: UInt64, _ slot: Int) -> UInt64 {
        (bag >> UInt64(slot * slotWidth)) & ((1 << UInt64(slotWidth)) - 1)
    }

    @inline(__always)
    private func rankOf(_ field: UInt64) -> Int { Int(field & ((1 << UInt64(rankWidth)) - 1)) - 1 }

    @inline(__always)
    private func copiesOf(_ field: UInt64) -> Int { Int(field >> UInt64(rankWidth)) }

    /// The rank of a run-time element, or nil if it is not one of the sort's.
    @inline(__always)
    func rank(_ element: Value) -> Int? {
        guard case let .int(n) = element else { return nil }
        let r = n &- lower
        return r >= 0 && r < count ? r : nil
    }

    /// The copies of the element of the given rank.
    func copies(_ bag: Int, rank: Int) -> Int {
        let bits = UInt64(bitPattern: Int64(bag))
        for slot in 0..<slots {
            let f = field(bits, slot)
            if f == 0 { return 0 }
            let r = rankOf(f)
            if r == rank { return copiesOf(f) }
            if r > rank { return 0 }
        }
        return 0
    }

    /// The bag with `delta` copies more (or fewer) of the element of the given rank; nil when
    /// it would need more slots or copies than the integer has.
    func adjust(_ bag: Int, rank: Int, by delta: Int) -> Int? {
        let bits = UInt64(bitPattern: Int64(bag))
        let width = UInt64(slotWidth)
        var slot = 0
        while slot < slots {
            let f = field(bits, slot)
            if f == 0 || rankOf(f) >= rank { break }
            slot += 1
        }
        let shift = UInt64(slot) * width
        let below = shift == 0 ? 0 : bits & ((1 << shift) - 1)
        if slot < slots, case let f = field(bits, slot), f != 0, rankOf(f) == rank {
            let copies = copiesOf(f) + delta
            let above = bits >> (shift + width)
            if copies <= 0 { return Int(bitPattern: UInt(below | above << shift)) }
            guard copies <= maxCopies else { return nil }
            let replaced = UInt64(rank + 1) | UInt64(copies) << UInt64(rankWidth)
            return Int(bitPattern: UInt(below | replaced << shift | above << (shift + width)))
        }
        guard delta > 0 else { return bag }
        guard delta <= maxCopies, field(bits, slots - 1) == 0 else { return nil }
        let inserted = UInt64(rank + 1) | UInt64(delta) << UInt64(rankWidth)
        let rest = bits >> shift
        return Int(bitPattern: UInt(below | inserted << shift | rest << (shift + width)))
    }

    /// Calls `body` with each distinct element's rank and copies, in ascending rank, until it returns false.
    @inline(__always)
    func forEach<E: Error>(_ bag: Int, _ body: (_ rank: Int, _ copies: Int) throws(E) -> Bool) throws(E) {
        let bits = UInt64(bitPattern: Int64(bag))
        for slot in 0..<slots {
            let f = field(bits, slot)
            if f == 0 { return }
            if try !body(rankOf(f), copiesOf(f)) { return }
        }
    }

    /// How many distinct elements the bag holds.
    func distinct(_ bag: Int) -> Int {
        var n = 0
        forEach(bag) { _, _ in
            n += 1
            return true
        }
        return n
    }

    /// How many copies the bag holds in all.
    func total(_ bag: Int) -> Int {
        var n = 0
        forEach(bag) { _, copies in
            n += copies
            return true
        }
        return n
    }

    /// The distinct elements' ranks and copies, in ascending rank.
    func unpack(_ bag: Int) -> [(rank: Int, copies: Int)] {
        var pairs: [(rank: Int, copies: Int)] = []
        forEach(bag) { rank, copies in
            pairs.append((rank, copies))
            return true
        }
        return pairs
    }

    /// The bag of the given ranks and copies (in any order, ranks distinct), or nil if it does not fit.
    func pack(_ pairs: [(rank: Int, copies: Int)]) -> Int? {
        guard pairs.count <= slots else { return nil }
        var bits: UInt64 = 0
        for (slot, pair) in pairs.sorted(by: { $0.rank < $1.rank }).enumerated() {
            guard pair.rank >= 0, pair.rank < count, pair.copies >= 1, pair.copies <= maxCopies else { return nil }
            bits |= (UInt64(pair.rank + 1) | UInt64(pair.copies) << UInt64(rankWidth)) << UInt64(slot * slotWidth)
        }
        return Int(bitPattern: UInt(bits))
    }

    /// Stops at an IR bag beyond the sort's bounds, which validation (literals) and
    /// conversion (`Sort.contains`) keep from the engine: a stand-in would be judged as
    /// some other bag.
    func beyond(_ ir: Value) -> Never {
        preconditionFailure("internal error: the bag \(ir) is beyond its sort's bounds")
    }
}
