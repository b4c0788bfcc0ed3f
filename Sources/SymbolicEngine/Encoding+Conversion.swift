import SpecIR
import Z3Kit

extension Encoding {
    /// The value laid out for another sort of the same kind, and the condition under
    /// which it is a value of that sort (integer bounds, capacities, copies).
    ///
    /// Mirrors the explicit engine's conversions: a value that does not fit is an
    /// evaluation error there, and a failure condition here.
    func convert(_ value: Symbolic, from source: Sort, to target: Sort) throws -> (Symbolic, Term) {
        let yes = try z3.bool(true)
        if source == target && !target.hasStorageBounds { return (value, yes) }
        switch (value, source, target) {
        case let (.int(x), _, .int(lower, upper)):
            var conditions: [Term] = []
            if lower != Int.min { conditions.append(try z3.compare(.greaterOrEqual, x, try z3.int(lower))) }
            if upper != Int.max { conditions.append(try z3.compare(.lessOrEqual, x, try z3.int(upper))) }
            return (value, try z3.and(conditions))
        case (.bool, _, _), (.finite, _, _):
            return (value, yes)
        case let (.optional(present, inner), .optional(from), .optional(to)):
            let (converted, ok) = try convert(inner, from: from, to: to)
            return (.optional(present, converted), try z3.implies(present, ok))
        case let (.record(fields), .record(_, from), .record(_, to)):
            var items: [Symbolic] = []
            var oks: [Term] = []
            for i in fields.indices {
                let (converted, ok) = try convert(fields[i], from: from[i].sort, to: to[i].sort)
                items.append(converted)
                oks.append(ok)
            }
            return (.record(items), try z3.and(oks))
        case let (.union(tag, variants), .union(_, from), .union(_, to)):
            var all: [[Symbolic]] = []
            var oks: [Term] = []
            for v in variants.indices {
                var items: [Symbolic] = []
                var variantOks: [Term] = []
                for i in variants[v].indices {
                    let (converted, ok) = try convert(variants[v][i], from: from[v].fields[i].sort, to: to[v].fields[i].sort)
                    items.append(converted)
                    variantOks.append(ok)
                }
                all.append(items)
                oks.append(try z3.implies(try z3.equal(tag, try index(v, of: variants.count)), try z3.and(variantOks)))
            }
            return (.union(tag, all), try z3.and(oks))
        case let (.function(items), .function(_, from), .function(_, to)):
            var converted: [Symbolic] = []
            var oks: [Term] = []
            for item in items {
                let (c, ok) = try convert(item, from: from, to: to)
                converted.append(c)
                oks.append(ok)
            }
            return (.function(converted), try z3.and(oks))
        case let (.sequence(length, slots), .sequence(from, _), .sequence(to, capacity)):
            var oks = [try z3.compare(.lessOrEqual, length, try z3.int(capacity))]
            var converted: [Symbolic] = []
            for i in 0..<capacity {
                if i < slots.count {
                    let (c, ok) = try convert(slots[i], from: from, to: to)
                    converted.append(c)
                    oks.append(try z3.implies(try z3.compare(.greater, length, try z3.int(i)), ok))
                } else {
                    converted.append(try zero(to))
                }
            }
            return (.sequence(length, converted), try z3.and(oks))
        case let (_, .set(from), .set(to)):
            return try convertSet(value, from: from, to: to)
        case let (.bag(counts), .bag(from, _), .bag(to, maxCopies)):
            let sourceUniverse = try requireUniverse(from, for: "a bag")
            let targetUniverse = try requireUniverse(to, for: "a bag")
            var converted = try targetUniverse.map { _ in try z3.int(0) }
            var oks: [Term] = []
            let limit = try z3.int(maxCopies)
            for (i, element) in sourceUniverse.enumerated() {
                if let r = rank(of: element, in: to) {
                    converted[r] = counts[i]
                    oks.append(try z3.compare(.lessOrEqual, counts[i], limit))
                } else {
                    oks.append(try z3.equal(counts[i], try z3.int(0)))
                }
            }
            return (.bag(converted), try z3.and(oks))
        default:
            throw EncodingError("internal error: cannot convert \(value) from \(source) to \(target)")
        }
    }

    private func convertSet(_ value: Symbolic, from: Sort, to: Sort) throws -> (Symbolic, Term) {
        guard let targetUniverse = universe(to) else {
            // No universe to index: keep the elements as a guarded list.
            var entries: [(Term, Symbolic)] = []
            var oks: [Term] = []
            for (g, e) in try listedEntries(value, elements: universe(from), from) {
                let (c, ok) = try convert(e, from: from, to: to)
                entries.append((g, c))
                oks.append(try z3.implies(g, ok))
            }
            return (.listed(entries), try z3.and(oks))
        }
        if case let .set(members) = value, let sourceUniverse = universe(from) {
            if sourceUniverse == targetUniverse { return (value, try z3.bool(true)) }
            var converted = try targetUniverse.map { _ in try z3.bool(false) }
            var oks: [Term] = []
            for (i, element) in sourceUniverse.enumerated() {
                if let r = rank(of: element, in: to) { converted[r] = members[i] } else { oks.append(try z3.not(members[i])) }
            }
            return (.set(converted), try z3.and(oks))
        }
        // A guarded list into a characteristic vector: each possible element is in the
        // set when some present entry equals it; every present entry must be one of them.
        let entries = try listedEntries(value, elements: universe(from), from)
        var oks: [Term] = []
        var converted: [(Term, Symbolic)] = []
        for (g, e) in entries {
            let (c, ok) = try convert(e, from: from, to: to)
            converted.append((g, c))
            oks.append(try z3.implies(g, ok))
        }
        var members: [Term] = []
        for element in targetUniverse {
            let k = try constant(element, to)
            members.append(try z3.or(try converted.map { try z3.and([$0.0, try equal($0.1, k, to)]) }))
        }
        return (.set(members), try z3.and(oks))
    }
}

extension Encoding {
    /// Whether a value laid out for `sort` is one of its values: integers within their
    /// ranges, sequences within their capacity, bags within their copies (only the
    /// meaningful parts are checked).
    func fits(_ value: Symbolic, _ sort: Sort) throws -> Term {
        switch (value, sort) {
        case let (.int(x), .int(lower, upper)):
            var conditions: [Term] = []
            if lower != Int.min { conditions.append(try z3.compare(.greaterOrEqual, x, try z3.int(lower))) }
            if upper != Int.max { conditions.append(try z3.compare(.lessOrEqual, x, try z3.int(upper))) }
            return try z3.and(conditions)
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
        case let (.bag(counts), .bag(_, maxCopies)):
            let limit = try z3.int(maxCopies)
            return try z3.and(try counts.map { try z3.compare(.lessOrEqual, $0, limit) })
        default:
            throw EncodingError("internal error: cannot check \(value) against \(sort)")
        }
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
