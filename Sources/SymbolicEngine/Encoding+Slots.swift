import SpecIR
import Z3Kit

/// Bags bounded in distinct elements (`Sort.bag(…, maxDistinct:)`), as slots.
///
/// A dense bag is one counter per possible element, which for Raft's messages (each
/// request may carry log entries) is thousands of terms per state and per update.
/// A slot bag is `maxDistinct` pairs of (copies, element): lookups compare the key
/// with each slot, an insertion takes the slot already holding the element or else
/// the first free one. Only slots with copies hold meaningful elements, and those
/// elements differ, so each bag has one meaning however its slots are arranged.
extension Encoding {
    /// An empty slot of the element sort.
    func freeSlot(_ element: Sort) throws -> (Term, Symbolic) {
        (try z3.int(0), try zero(element))
    }

    /// The bag value (sorted `(element, copies)` pairs) as constant slots, at least `count` of them.
    func constantSlots(_ value: Value, _ element: Sort, count: Int) throws -> Symbolic {
        var slots = try value.elements.map { pair in
            (try z3.int(pair.elements[1].integer), try constant(pair.elements[0], element))
        }
        while slots.count < count { slots.append(try freeSlot(element)) }
        return .slots(slots)
    }

    /// The constraints that the slots in use hold different elements.
    func slotsDistinct(_ slots: [(Term, Symbolic)], _ element: Sort) throws -> [Term] {
        let none = try z3.int(0)
        var constraints: [Term] = []
        for i in slots.indices {
            for j in slots.indices where j > i {
                let both = try z3.and([try z3.compare(.greater, slots[i].0, none), try z3.compare(.greater, slots[j].0, none)])
                constraints.append(try z3.implies(both, try z3.not(try equal(slots[i].1, slots[j].1, element))))
            }
        }
        return constraints
    }

    /// How many copies of `element` the slots hold.
    func slotCopies(_ slots: [(Term, Symbolic)], of element: Symbolic, _ sort: Sort) throws -> Term {
        // A free slot has no copies, so its meaningless element adds nothing.
        try z3.sum(try slots.map { copies, held in
            try z3.ite(try equal(held, element, sort), copies, try z3.int(0))
        })
    }

    /// Each slot's "holds `element`" (in use and equal).
    private func slotHits(_ slots: [(Term, Symbolic)], _ element: Symbolic, _ sort: Sort) throws -> [Term] {
        let none = try z3.int(0)
        return try slots.map { copies, held in
            try z3.and([try z3.compare(.greater, copies, none), try equal(held, element, sort)])
        }
    }

    /// The slots with one more copy of `element`: in its slot if it has one, else in the
    /// first free slot, else in an extra slot (a bag that then no longer fits its sort).
    func slotsAdding(_ slots: [(Term, Symbolic)], _ element: Symbolic, _ sort: Sort) throws -> Symbolic {
        let hits = try slotHits(slots, element, sort)
        let none = try z3.int(0)
        let one = try z3.int(1)
        var placed = try z3.or(hits)
        var updated: [(Term, Symbolic)] = []
        for (i, (copies, held)) in slots.enumerated() {
            let free = try z3.equal(copies, none)
            let here = try z3.and([try z3.not(placed), free])
            let count = try z3.ite(hits[i], try z3.arithmetic(.add, copies, one), try z3.ite(here, one, copies))
            updated.append((count, try ite(here, element, held)))
            placed = try z3.or([placed, free])
        }
        updated.append((try z3.ite(placed, none, one), element))
        return .slots(updated)
    }

    /// The slots with one copy of `element` fewer (unchanged when it has none).
    func slotsRemoving(_ slots: [(Term, Symbolic)], _ element: Symbolic, _ sort: Sort) throws -> Symbolic {
        let hits = try slotHits(slots, element, sort)
        let one = try z3.int(1)
        return .slots(try zip(slots, hits).map { slot, hit in
            (try z3.ite(hit, try z3.arithmetic(.subtract, slot.0, one), slot.0), slot.1)
        })
    }

    /// Whether two slot bags hold the same elements with the same copies.
    func slotsEqual(_ a: [(Term, Symbolic)], _ b: [(Term, Symbolic)], _ element: Sort) throws -> Term {
        let none = try z3.int(0)
        var parts: [Term] = []
        for (x, y) in [(a, b), (b, a)] {
            for (copies, held) in x {
                let same = try z3.equal(try slotCopies(y, of: held, element), copies)
                parts.append(try z3.implies(try z3.compare(.greater, copies, none), same))
            }
        }
        return try z3.and(parts)
    }

    /// `if condition then a else b`, slot by slot (the shorter padded with free slots).
    func slotsIte(_ condition: Term, _ a: [(Term, Symbolic)], _ b: [(Term, Symbolic)]) throws -> Symbolic {
        var slots: [(Term, Symbolic)] = []
        for i in 0..<max(a.count, b.count) {
            guard i < a.count, i < b.count else {
                let (copies, element) = i < a.count ? a[i] : b[i]
                let kept = i < a.count ? condition : try z3.not(condition)
                slots.append((try z3.ite(kept, copies, try z3.int(0)), element))
                continue
            }
            slots.append((try z3.ite(condition, a[i].0, b[i].0), try ite(condition, a[i].1, b[i].1)))
        }
        return .slots(slots)
    }

    /// Whether slots fit a bag of at most `maxCopies` copies of `maxDistinct` elements of `element`.
    func slotsFit(_ slots: [(Term, Symbolic)], _ element: Sort, maxCopies: Int, maxDistinct: Int) throws -> Term {
        let none = try z3.int(0)
        let one = try z3.int(1)
        var parts: [Term] = []
        for (copies, held) in slots {
            parts.append(try z3.compare(.lessOrEqual, copies, try z3.int(maxCopies)))
            parts.append(try z3.implies(try z3.compare(.greater, copies, none), try fits(held, element)))
        }
        if slots.count > maxDistinct {
            let used = try slots.map { try z3.ite(try z3.compare(.greater, $0.0, none), one, none) }
            parts.append(try z3.compare(.lessOrEqual, try z3.sum(used), try z3.int(maxDistinct)))
        }
        return try z3.and(parts)
    }

    /// The slots laid out for another bag sort: elements converted, exactly `count` slots.
    /// Slots past `count` (an insertion into a full bag, perhaps emptied again since) move
    /// into the first free slots; a bag that fits its sort loses nothing.
    func convertSlots(_ slots: [(Term, Symbolic)], from: Sort, to: Sort, count: Int) throws -> Symbolic {
        var kept = try slots.prefix(count).map { ($0.0, try convert($0.1, from: from, to: to)) }
        while kept.count < count { kept.append(try freeSlot(to)) }
        let none = try z3.int(0)
        for (copies, held) in slots.dropFirst(count) {
            let element = try convert(held, from: from, to: to)
            var placed = try z3.equal(copies, none)
            for j in kept.indices {
                let free = try z3.equal(kept[j].0, none)
                let here = try z3.and([try z3.not(placed), free])
                kept[j] = (try z3.ite(here, copies, kept[j].0), try ite(here, element, kept[j].1))
                placed = try z3.or([placed, free])
            }
        }
        return .slots(kept)
    }

    /// The bag a model gives the slots, as sorted `(element, copies)` pairs.
    func decodeSlots(_ slots: [(Term, Symbolic)], _ element: Sort, _ model: Model) throws -> Value {
        var copies: [Value: Int] = [:]
        for (count, held) in slots {
            let n = try model.integer(count)
            if n > 0 { copies[try decode(held, element, model), default: 0] += n }
        }
        return .tuple(copies.map { Value.tuple([$0.key, .int($0.value)]) }.sorted())
    }
}
