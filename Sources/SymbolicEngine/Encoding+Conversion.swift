import SpecIR
import Z3Kit

extension Encoding {
    /// The value laid out for another sort of the same kind (other integer bounds,
    /// another capacity or universe).
    ///
    /// Whether the value is one of the target sort's is a separate question (`fits`):
    /// as in the explicit engine, only storing a value, putting it in a set or using
    /// it as a function argument makes a misfit an error.
    func convert(_ value: Symbolic, from source: Sort, to target: Sort) throws -> Symbolic {
        if source == target && !target.hasStorageBounds { return value }
        switch (value, source, target) {
        case (.int, _, _), (.bool, _, _), (.finite, _, _):
            return value
        case let (.optional(present, inner), .optional(from), .optional(to)):
            return .optional(present, try convert(inner, from: from, to: to))
        case let (.record(fields), .record(_, from), .record(_, to)):
            return .record(try fields.indices.map { try convert(fields[$0], from: from[$0].sort, to: to[$0].sort) })
        case let (.union(tag, variants), .union(_, from), .union(_, to)):
            return .union(tag, try variants.indices.map { v in
                try variants[v].indices.map { try convert(variants[v][$0], from: from[v].fields[$0].sort, to: to[v].fields[$0].sort) }
            })
        case let (.function(items), .function(_, from), .function(_, to)):
            return .function(try items.map { try convert($0, from: from, to: to) })
        case let (.sequence(length, slots), .sequence(from, _), .sequence(to, capacity)):
            // Slots past the capacity go (a value that long does not fit); missing ones are zero.
            return .sequence(length, try (0..<capacity).map { i in
                i < slots.count ? try convert(slots[i], from: from, to: to) : try zero(to)
            })
        case let (_, .set(from), .set(to)):
            return try convertSet(value, from: from, to: to)
        case let (.slots(slots), .bag(from, _, _), .bag(to, _, maxDistinct?)):
            return try convertSlots(slots, from: from, to: to, count: maxDistinct)
        case let (.bag(counts), .bag(from, _, _), .bag(to, _, _)):
            let sourceUniverse = try requireUniverse(from, for: "a bag")
            var converted = try requireUniverse(to, for: "a bag").map { _ in try z3.int(0) }
            for (i, element) in sourceUniverse.enumerated() {
                if let r = rank(of: element, in: to) { converted[r] = counts[i] }
            }
            return .bag(converted)
        default:
            throw EncodingError("internal error: cannot convert \(value) from \(source) to \(target)")
        }
    }

    private func convertSet(_ value: Symbolic, from: Sort, to: Sort) throws -> Symbolic {
        let entries = { try self.listedEntries(value, elements: self.universe(from), from) }
        guard let targetUniverse = universe(to) else {
            // No universe to index: keep the elements as a guarded list.
            return .listed(try entries().map { ($0.0, try convert($0.1, from: from, to: to)) })
        }
        if case let .set(members) = value, let sourceUniverse = universe(from) {
            if sourceUniverse == targetUniverse { return value }
            var converted = try targetUniverse.map { _ in try z3.bool(false) }
            for (i, element) in sourceUniverse.enumerated() {
                if let r = rank(of: element, in: to) { converted[r] = members[i] }
            }
            return .set(converted)
        }
        let converted = try entries().map { ($0.0, try convert($0.1, from: from, to: to)) }
        return .set(try characteristic(converted, to, targetUniverse))
    }

    /// A guarded list as a characteristic vector over `universe`, the values of
    /// `element`: each value is in the set when some present entry equals it.
    func characteristic(_ entries: [(Term, Symbolic)], _ element: Sort, _ universe: [Value]) throws -> [Term] {
        try universe.map { value in
            let k = try constant(value, element)
            return try z3.or(try entries.map { try z3.and([$0.0, try equal($0.1, k, element)]) })
        }
    }
}

extension Encoding {
    /// Whether a value laid out for `sort` is one of its values: integers within their
    /// ranges, sequences within their capacity, bags within their copies (only the
    /// meaningful parts are checked).
    func fits(_ value: Symbolic, _ sort: Sort) throws -> Term {
        switch (value, sort) {
        case let (.int(x), .int(lower, upper)):
            return try z3.and(try bounds(x, lower, upper))
        case (.bool, _), (.finite, _), (.set, _):
            return try z3.bool(true)
        case let (.optional(present, inner), .optional(wrapped)):
            return try z3.implies(present, try fits(inner, wrapped))
        case let (.record(fields), .record(_, declared)):
            return try z3.and(try zip(fields, declared).map { try fits($0, $1.sort) })
        case let (.union(tag, variants), .union(_, declared)):
            return try z3.and(try declared.indices.map { v in
                let inner = try z3.and(try zip(variants[v], declared[v].fields).map { try fits($0, $1.sort) })
                return try z3.implies(try z3.equal(tag, try index(v, of: declared.count)), inner)
            })
        case let (.function(items), .function(_, codomain)):
            return try z3.and(try items.map { try fits($0, codomain) })
        case let (.sequence(length, slots), .sequence(element, capacity)):
            var conditions = [try z3.compare(.lessOrEqual, length, try z3.int(capacity))]
            for (i, slot) in slots.enumerated() {
                conditions.append(try z3.implies(try z3.compare(.greater, length, try z3.int(i)), try fits(slot, element)))
            }
            return try z3.and(conditions)
        case let (.listed(entries), .set(element)):
            return try z3.and(try entries.map { try z3.implies($0.0, try fits($0.1, element)) })
        case let (.slots(slots), .bag(element, maxCopies, maxDistinct?)):
            return try slotsFit(slots, element, maxCopies: maxCopies, maxDistinct: maxDistinct)
        case let (.bag(counts), .bag(_, maxCopies, _)):
            let limit = try z3.int(maxCopies)
            return try z3.and(try counts.map { try z3.compare(.lessOrEqual, $0, limit) })
        default:
            throw EncodingError("internal error: cannot check \(value) against \(sort)")
        }
    }
}

extension Encoding {
    /// `lower ≤ x ≤ upper`, as its two comparisons (none for the unbounded side).
    func bounds(_ x: Term, _ lower: Int, _ upper: Int) throws -> [Term] {
        var conditions: [Term] = []
        if lower != Int.min { conditions.append(try z3.compare(.greaterOrEqual, x, try z3.int(lower))) }
        if upper != Int.max { conditions.append(try z3.compare(.lessOrEqual, x, try z3.int(upper))) }
        return conditions
    }
}

extension Sort {
    /// Whether values of this sort can break its bounds while keeping its layout
    /// (sequences past their capacity, bags past their copies).
    var hasStorageBounds: Bool {
        switch self {
        case .bool, .int, .enumeration, .node, .set: return false
        case let .optional(w): return w.hasStorageBounds
        case let .record(_, fields): return fields.contains { $0.sort.hasStorageBounds }
        case let .union(_, variants): return variants.contains { $0.fields.contains { $0.sort.hasStorageBounds } }
        case let .function(_, c): return c.hasStorageBounds
        case .sequence, .bag: return true
        }
    }
}
