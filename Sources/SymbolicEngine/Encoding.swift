import SpecIR
import Z3Kit

/// How each sort becomes Z3 terms: fresh variables, constants, equality, choice
/// between values, conversion between sorts, and decoding from a model.
///
/// Booleans are Z3 Booleans; integers Z3 integers (exact, with their bounds as
/// constraints); enumeration cases, node identities and union tags small
/// bit-vectors. Everything else is built from those (see `Symbolic`).
final class Encoding {
    let z3: Context
    private var bitVectorSorts: [Int: TermSort] = [:]
    private var universes: [Sort: [Value]] = [:]
    private var ranks: [Sort: [Value: Int]] = [:]
    private var counter = 0

    /// The most values an element sort (of a set or bag) or a domain may have.
    static let universeLimit = 4096

    init(_ z3: Context) { self.z3 = z3 }

    // MARK: Universes

    /// Every value of a finite sort, in rank order; nil when it has more than `universeLimit`.
    func universe(_ sort: Sort) -> [Value]? {
        if let known = universes[sort] { return known }
        guard let count = sort.cardinality, count <= Encoding.universeLimit else { return nil }
        let values = (0..<count).map { sort.value(atRank: $0) }
        universes[sort] = values
        return values
    }

    /// The universe of a sort that must have one, or an error naming the sort.
    func requireUniverse(_ sort: Sort, for purpose: String) throws -> [Value] {
        guard let values = universe(sort) else {
            throw EncodingError("\(purpose) over \(sort) needs its values enumerated, and it has "
                + (sort.cardinality.map { "\($0)" } ?? "too many") + " (the symbolic engine's limit is \(Encoding.universeLimit))")
        }
        return values
    }

    /// The rank of a value in its sort's universe.
    func rank(of value: Value, in sort: Sort) -> Int? {
        if ranks[sort] == nil, let values = universe(sort) {
            var index: [Value: Int] = [:]
            for (i, v) in values.enumerated() { index[v] = i }
            ranks[sort] = index
        }
        return ranks[sort]?[value]
    }

    // MARK: Scalars

    static func width(for count: Int) -> Int {
        var width = 1
        while (1 << width) < count { width += 1 }
        return width
    }

    func bitVectorSort(_ width: Int) throws -> TermSort {
        if let known = bitVectorSorts[width] { return known }
        let made = try z3.bitVectorSort(width: width)
        bitVectorSorts[width] = made
        return made
    }

    func finiteCount(_ sort: Sort) -> Int? {
        switch sort {
        case .bool: return 2
        case let .enumeration(_, cases): return cases.count
        case let .node(_, count): return count
        default: return nil
        }
    }

    func index(_ value: Int, of count: Int) throws -> Term {
        try z3.bitVector(value, width: Encoding.width(for: count))
    }

    // MARK: Constants

    /// The value as constant terms, laid out for the sort.
    func constant(_ value: Value, _ sort: Sort) throws -> Symbolic {
        switch sort {
        case .bool: return .bool(try z3.bool(value.bool))
        case .int: return .int(try z3.int(value.integer))
        case let .enumeration(_, cases): return .finite(try index(value.integer, of: cases.count))
        case let .node(_, count): return .finite(try index(value.integer, of: count))
        case let .optional(wrapped):
            if let inner = value.elements.first { return .optional(try z3.bool(true), try constant(inner, wrapped)) }
            return .optional(try z3.bool(false), try zero(wrapped))
        case let .record(_, fields):
            return .record(try zip(value.elements, fields).map { try constant($0, $1.sort) })
        case let .union(_, variants):
            let items = value.elements
            let tag = items[0].integer
            var all: [[Symbolic]] = []
            for (i, variant) in variants.enumerated() {
                if i == tag {
                    all.append(try zip(items.dropFirst(), variant.fields).map { try constant($0, $1.sort) })
                } else {
                    all.append(try variant.fields.map { try zero($0.sort) })
                }
            }
            return .union(try index(tag, of: variants.count), all)
        case let .function(domain, codomain):
            _ = try requireUniverse(domain, for: "a function")
            return .function(try value.elements.map { try constant($0, codomain) })
        case let .sequence(element, capacity):
            let items = value.elements
            var slots = try items.map { try constant($0, element) }
            while slots.count < capacity { slots.append(try zero(element)) }
            return .sequence(try z3.int(items.count), slots)
        case let .set(element):
            guard let universe = universe(element) else {
                return .listed(try value.elements.map { (try z3.bool(true), try constant($0, element)) })
            }
            let members = Set(value.elements)
            return .set(try universe.map { try z3.bool(members.contains($0)) })
        case let .bag(element, _, maxDistinct?):
            return try constantSlots(value, element, count: maxDistinct)
        case let .bag(element, _, _):
            let universe = try requireUniverse(element, for: "a bag")
            var copies: [Value: Int] = [:]
            for pair in value.elements { copies[pair.elements[0]] = pair.elements[1].integer }
            return .bag(try universe.map { try z3.int(copies[$0] ?? 0) })
        }
    }

    /// The value, when every term it depends on is a literal (nil otherwise).
    ///
    /// Quantifiers bind concrete elements, so most lookups (`m ∈ msgs`, `f[a]`) have
    /// literal keys: they then index the characteristic vector or the function
    /// directly instead of comparing the key with every possible value.
    func literal(_ value: Symbolic, _ sort: Sort) -> Value? {
        switch (value, sort) {
        case let (.bool(t), _): return t.boolConstant.map(Value.init)
        case let (.int(t), _), let (.finite(t), _): return t.constant.map(Value.int)
        case let (.optional(present, inner), .optional(wrapped)):
            guard let p = present.boolConstant else { return nil }
            if !p { return .empty }
            return literal(inner, wrapped).map { .tuple([$0]) }
        case let (.record(fields), .record(_, declared)):
            var items: [Value] = []
            for (f, d) in zip(fields, declared) {
                guard let v = literal(f, d.sort) else { return nil }
                items.append(v)
            }
            return .tuple(items)
        case let (.union(tag, variants), .union(_, declared)):
            guard let t = tag.constant, t < declared.count else { return nil }
            var items: [Value] = [.int(t)]
            for (f, d) in zip(variants[t], declared[t].fields) {
                guard let v = literal(f, d.sort) else { return nil }
                items.append(v)
            }
            return .tuple(items)
        default:
            return nil
        }
    }

    /// For each value of a finite sort, whether `key` is it: one-hot when `key` is a literal.
    func matches(_ key: Symbolic, _ sort: Sort) throws -> [Term] {
        let values = try requireUniverse(sort, for: "an index")
        if let known = literal(key, sort) {
            let hit = rank(of: known, in: sort)
            let no = try z3.bool(false)
            let yes = try z3.bool(true)
            return values.indices.map { $0 == hit ? yes : no }
        }
        let no = try z3.bool(false)
        return try values.map { Encoding.mayEqual(key, $0, sort) ? try equal(key, try constant($0, sort), sort) : no }
    }

    /// Whether a symbolic value may equal a value: false when a part known as a literal
    /// already differs, so that membership and matching skip the values it cannot be
    /// without building terms for them (a message whose tag and sender are known is
    /// compared with the few values of that tag and sender, not with every message).
    static func mayEqual(_ symbolic: Symbolic, _ value: Value, _ sort: Sort) -> Bool {
        switch (symbolic, sort, value) {
        case let (.bool(t), _, _):
            guard let known = t.boolConstant else { return true }
            return Value(known) == value
        case let (.int(t), _, .int(n)), let (.finite(t), _, .int(n)):
            guard let known = t.constant else { return true }
            return known == n
        case let (.optional(present, inner), .optional(wrapped), _):
            guard let p = present.boolConstant else { return true }
            guard case let .tuple(items) = value, items.count == 1 else { return !p }
            return p && mayEqual(inner, items[0], wrapped)
        case let (.record(fields), .record(_, declared), .tuple(items)):
            guard fields.count == items.count, fields.count == declared.count else { return true }
            for index in fields.indices where !mayEqual(fields[index], items[index], declared[index].sort) { return false }
            return true
        case let (.union(tag, variants), .union(_, declared), .tuple(items)):
            guard case let .int(t) = items.first, t < declared.count, t < variants.count else { return true }
            if let known = tag.constant, known != t { return false }
            let fields = variants[t]
            guard fields.count == items.count - 1 else { return true }
            for index in fields.indices where !mayEqual(fields[index], items[index + 1], declared[t].fields[index].sort) {
                return false
            }
            return true
        case let (.function(results), .function(_, codomain), .tuple(items)):
            guard results.count == items.count else { return true }
            for index in results.indices where !mayEqual(results[index], items[index], codomain) { return false }
            return true
        default:
            return true
        }
    }

    /// A fixed value of the sort, for the meaningless parts of a layout.
    func zero(_ sort: Sort) throws -> Symbolic {
        switch sort {
        case .bool: return .bool(try z3.bool(false))
        case let .int(lower, upper): return .int(try z3.int(lower <= 0 && 0 <= upper ? 0 : lower))
        case let .enumeration(_, cases): return .finite(try index(0, of: cases.count))
        case let .node(_, count): return .finite(try index(0, of: count))
        case let .optional(wrapped): return .optional(try z3.bool(false), try zero(wrapped))
        case let .record(_, fields): return .record(try fields.map { try zero($0.sort) })
        case let .union(_, variants):
            return .union(try index(0, of: variants.count), try variants.map { try $0.fields.map { try zero($0.sort) } })
        case let .function(domain, codomain):
            let size = try requireUniverse(domain, for: "a function").count
            return .function(try (0..<size).map { _ in try zero(codomain) })
        case let .sequence(element, capacity):
            return .sequence(try z3.int(0), try (0..<capacity).map { _ in try zero(element) })
        case let .set(element):
            guard let universe = universe(element) else { return .listed([]) }
            return .set(try universe.map { _ in try z3.bool(false) })
        case let .bag(element, _, maxDistinct?):
            return .slots(try (0..<maxDistinct).map { _ in try freeSlot(element) })
        case let .bag(element, _, _):
            return .bag(try requireUniverse(element, for: "a bag").map { _ in try z3.int(0) })
        }
    }

    // MARK: Variables

    /// Fresh variables for a value of the sort, and the constraints that make them one.
    ///
    /// Parts that hold no value (slots past a sequence's length, the value of an absent
    /// optional, the fields of other variants) are constrained only as much as Z3's
    /// finite-domain solver needs: an integer keeps its bounds there too. A step may
    /// store any value in them, so the transition clamps what it stores (`clamp`), for
    /// the variables made with `recordingBounds` (the placeholder of the next state).
    func variable(_ name: String, _ sort: Sort, recordingBounds: Bool = false) throws -> (Symbolic, [Term]) {
        var constraints: [Term] = []
        recording = recordingBounds
        defer { recording = false }
        let value = try variable(name, sort, when: nil, &constraints)
        return (value, constraints)
    }

    private var recording = false

    private func fresh(_ name: String, _ termSort: TermSort) throws -> Term {
        counter += 1
        return try z3.variable("\(name)!\(counter)", termSort)
    }

    private func constrain(_ constraint: Term, when condition: Term?, _ constraints: inout [Term]) throws {
        constraints.append(try condition.map { try z3.implies($0, constraint) } ?? constraint)
    }

    // A sort with one value needs no unknown: its constant lets translation fold what
    // depends on it (a Byzantine budget of 0, say, disables the attacker's actions outright).
    private func finiteVariable(_ name: String, count: Int, when condition: Term?, _ constraints: inout [Term]) throws -> Term {
        if count == 1 { return try index(0, of: 1) }
        let width = Encoding.width(for: count)
        let v = try fresh(name, try bitVectorSort(width))
        if count < 1 << width {
            try constrain(try z3.unsignedLess(v, try index(count, of: 1 << width)), when: condition, &constraints)
        }
        return v
    }

    /// An integer within its bounds, always, even where it holds no value (under a false
    /// `condition`): Z3's finite-domain solver needs every integer bounded outright. While
    /// recording, those under a condition go into `guardedBounds`, so that a step storing
    /// an out-of-range value where nothing is held (which evaluation never reads) is not
    /// thereby impossible (see `clamp`).
    private func intVariable(_ name: String, _ lower: Int, _ upper: Int, when condition: Term?,
                             _ constraints: inout [Term]) throws -> Term {
        if lower == upper { return try z3.int(lower) }
        let v = try fresh(name, try z3.intSort())
        constraints += try bounds(v, lower, upper)
        if recording && condition != nil { guardedBounds[v.identity] = (lower, upper) }
        return v
    }

    /// The bounds of each integer variable of the next-state placeholder that holds a
    /// value only under a condition (keyed by term; those terms live as long as the spec's encoding).
    private var guardedBounds: [Int: (lower: Int, upper: Int)] = [:]

    /// The value `variable` takes when a step stores `value` into it: `value`, or, for an
    /// integer that holds a value only under a condition, its lower bound when `value` is
    /// out of range. Only a part holding no value can receive one (storing an out-of-range
    /// value where it is held is an evaluation failure), and its content is never read.
    func clamp(_ value: Term, into variable: Term) throws -> Term {
        guard let (lower, upper) = guardedBounds[variable.identity] else { return value }
        if let c = value.constant, c >= lower, c <= upper { return value }
        return try z3.ite(try z3.and(try bounds(value, lower, upper)), value, try z3.int(lower))
    }

    private func both(_ a: Term?, _ b: Term) throws -> Term {
        guard let a else { return b }
        return try z3.and([a, b])
    }

    private func variable(_ name: String, _ sort: Sort, when condition: Term?, _ constraints: inout [Term]) throws -> Symbolic {
        switch sort {
        case .bool: return .bool(try fresh(name, try z3.boolSort()))
        case let .int(lower, upper): return .int(try intVariable(name, lower, upper, when: condition, &constraints))
        case let .enumeration(_, cases): return .finite(try finiteVariable(name, count: cases.count, when: condition, &constraints))
        case let .node(_, count): return .finite(try finiteVariable(name, count: count, when: condition, &constraints))
        case let .optional(wrapped):
            let present = try fresh(name + "?", try z3.boolSort())
            return .optional(present, try variable(name, wrapped, when: try both(condition, present), &constraints))
        case let .record(_, fields):
            return .record(try fields.map { try variable("\(name).\($0.name)", $0.sort, when: condition, &constraints) })
        case let .union(_, variants):
            let tag = try finiteVariable(name + ".tag", count: variants.count, when: condition, &constraints)
            return .union(tag, try variants.enumerated().map { v, variant in
                let isThis = try both(condition, try z3.equal(tag, try index(v, of: variants.count)))
                return try variant.fields.map { try variable("\(name).\(variant.name).\($0.name)", $0.sort, when: isThis, &constraints) }
            })
        case let .function(domain, codomain):
            let size = try requireUniverse(domain, for: "a function").count
            return .function(try (0..<size).map { try variable("\(name)[\($0)]", codomain, when: condition, &constraints) })
        case let .sequence(element, capacity):
            let length = try intVariable(name + ".length", 0, capacity, when: condition, &constraints)
            return .sequence(length, try (0..<capacity).map { i in
                let used = try both(condition, try z3.compare(.greater, length, try z3.int(i)))
                return try variable("\(name)[\(i + 1)]", element, when: used, &constraints)
            })
        case let .set(element):
            let size = try requireUniverse(element, for: "a set").count
            let bool = try z3.boolSort()
            return .set(try (0..<size).map { try fresh("\(name)∋\($0)", bool) })
        case let .bag(element, maxCopies, maxDistinct?):
            var slots: [(Term, Symbolic)] = []
            for i in 0..<maxDistinct {
                let copies = try intVariable("\(name)#\(i)", 0, maxCopies, when: condition, &constraints)
                let used = try both(condition, try z3.compare(.greater, copies, try z3.int(0)))
                slots.append((copies, try variable("\(name)#\(i).element", element, when: used, &constraints)))
            }
            for distinct in try slotsDistinct(slots, element) { try constrain(distinct, when: condition, &constraints) }
            return .slots(slots)
        case let .bag(element, maxCopies, _):
            let size = try requireUniverse(element, for: "a bag").count
            return .bag(try (0..<size).map { try intVariable("\(name)#\($0)", 0, maxCopies, when: condition, &constraints) })
        }
    }

    // MARK: Equality and choice

    /// Whether two values of one sort are equal (parts that are meaningless are ignored).
    func equal(_ a: Symbolic, _ b: Symbolic, _ sort: Sort) throws -> Term {
        switch (a, b, sort) {
        case let (.bool(x), .bool(y), _), let (.int(x), .int(y), _), let (.finite(x), .finite(y), _):
            return try z3.equal(x, y)
        case let (.optional(pa, va), .optional(pb, vb), .optional(wrapped)):
            let same = try equal(va, vb, wrapped)
            return try z3.and([try z3.equal(pa, pb), try z3.implies(pa, same)])
        case let (.record(fa), .record(fb), .record(_, fields)):
            return try z3.and(try fields.indices.map { try equal(fa[$0], fb[$0], fields[$0].sort) })
        case let (.union(ta, va), .union(tb, vb), .union(_, variants)):
            var parts = [try z3.equal(ta, tb)]
            for (i, variant) in variants.enumerated() where !variant.fields.isEmpty {
                let same = try z3.and(try variant.fields.indices.map { try equal(va[i][$0], vb[i][$0], variant.fields[$0].sort) })
                parts.append(try z3.implies(try z3.equal(ta, try index(i, of: variants.count)), same))
            }
            return try z3.and(parts)
        case let (.function(fa), .function(fb), .function(_, codomain)):
            return try z3.and(try fa.indices.map { try equal(fa[$0], fb[$0], codomain) })
        case let (.sequence(la, sa), .sequence(lb, sb), .sequence(element, _)):
            let common = min(sa.count, sb.count)
            var parts = [try z3.equal(la, lb), try z3.compare(.lessOrEqual, la, try z3.int(common))]
            for i in 0..<common {
                parts.append(try z3.implies(try z3.compare(.greater, la, try z3.int(i)), try equal(sa[i], sb[i], element)))
            }
            return try z3.and(parts)
        case let (.set(ma), .set(mb), _) where ma.count == mb.count:
            return try z3.and(try ma.indices.map { try z3.equal(ma[$0], mb[$0]) })
        case let (.bag(ca), .bag(cb), _) where ca.count == cb.count:
            return try z3.and(try ca.indices.map { try z3.equal(ca[$0], cb[$0]) })
        case let (.slots(sa), .slots(sb), .bag(element, _, _)):
            return try slotsEqual(sa, sb, element)
        case (_, _, .set):
            return try z3.and([try isSubset(a, b, sort), try isSubset(b, a, sort)])
        default:
            throw EncodingError("internal error: cannot compare \(a) and \(b) as \(sort)")
        }
    }

    /// `if condition then a else b`, part by part.
    func ite(_ condition: Term, _ a: Symbolic, _ b: Symbolic) throws -> Symbolic {
        if let c = condition.boolConstant { return c ? a : b }
        switch (a, b) {
        case let (.bool(x), .bool(y)): return .bool(try z3.ite(condition, x, y))
        case let (.int(x), .int(y)): return .int(try z3.ite(condition, x, y))
        case let (.finite(x), .finite(y)): return .finite(try z3.ite(condition, x, y))
        case let (.optional(pa, va), .optional(pb, vb)):
            return .optional(try z3.ite(condition, pa, pb), try ite(condition, va, vb))
        case let (.record(fa), .record(fb)):
            return .record(try zip(fa, fb).map { try ite(condition, $0, $1) })
        case let (.function(fa), .function(fb)):
            return .function(try zip(fa, fb).map { try ite(condition, $0, $1) })
        case let (.union(ta, va), .union(tb, vb)):
            return .union(try z3.ite(condition, ta, tb), try zip(va, vb).map { try zip($0, $1).map { try ite(condition, $0, $1) } })
        case let (.sequence(la, sa), .sequence(lb, sb)):
            let count = max(sa.count, sb.count)
            var slots: [Symbolic] = []
            for i in 0..<count {
                switch (i < sa.count, i < sb.count) {
                case (true, true): slots.append(try ite(condition, sa[i], sb[i]))
                case (true, false): slots.append(sa[i])
                default: slots.append(sb[i])
                }
            }
            return .sequence(try z3.ite(condition, la, lb), slots)
        case let (.set(ma), .set(mb)) where ma.count == mb.count:
            return .set(try zip(ma, mb).map { try z3.ite(condition, $0, $1) })
        case let (.bag(ca), .bag(cb)) where ca.count == cb.count:
            return .bag(try zip(ca, cb).map { try z3.ite(condition, $0, $1) })
        case let (.slots(sa), .slots(sb)):
            return try slotsIte(condition, sa, sb)
        case (.listed, _), (_, .listed):
            // A guarded list: each side's elements, guarded by its side of the condition.
            let left = try listedEntries(a).map { (try z3.and([condition, $0.0]), $0.1) }
            let negated = try z3.not(condition)
            let right = try listedEntries(b).map { (try z3.and([negated, $0.0]), $0.1) }
            return .listed(left + right)
        default:
            throw EncodingError("internal error: cannot choose between \(a) and \(b)")
        }
    }

    /// The value chosen by a symbolic index among candidates for each index value.
    func select(_ candidates: [Symbolic], where matches: [Term]) throws -> Symbolic {
        precondition(!candidates.isEmpty && candidates.count == matches.count)
        if let hit = matches.firstIndex(where: { $0.boolConstant == true }) { return candidates[hit] }
        var result = candidates[candidates.count - 1]
        for i in stride(from: candidates.count - 2, through: 0, by: -1) where matches[i].boolConstant != false {
            result = try ite(matches[i], candidates[i], result)
        }
        return result
    }

    // MARK: Sets

    /// The elements of a set in guarded-list form; `elements` supplies the values of
    /// characteristic vectors.
    func listedEntries(_ set: Symbolic, elements: [Value]? = nil, _ elementSort: Sort? = nil) throws -> [(Term, Symbolic)] {
        switch set {
        case let .listed(entries): return entries
        case let .set(members):
            guard let elements, let elementSort else { throw EncodingError("internal error: set without universe") }
            var entries: [(Term, Symbolic)] = []
            for (i, m) in members.enumerated() where m.boolConstant != false {
                entries.append((m, try constant(elements[i], elementSort)))
            }
            return entries
        default: throw EncodingError("internal error: not a set: \(set)")
        }
    }

    /// Whether `element` is in `set`, a set of `sort`.
    func member(_ element: Symbolic, _ set: Symbolic, _ sort: Sort) throws -> Term {
        guard case let .set(elementSort) = sort else { throw EncodingError("internal error: not a set sort") }
        switch set {
        case let .set(members):
            if let known = literal(element, elementSort) {
                guard let r = rank(of: known, in: elementSort) else { return try z3.bool(false) }
                return members[r]
            }
            let universe = self.universe(elementSort)!
            return try z3.or(try members.indices.compactMap { i -> Term? in
                if members[i].boolConstant == false || !Encoding.mayEqual(element, universe[i], elementSort) { return nil }
                return try z3.and([members[i], try equal(element, try constant(universe[i], elementSort), elementSort)])
            })
        case let .listed(entries):
            return try z3.or(try entries.map { try z3.and([$0.0, try equal(element, $0.1, elementSort)]) })
        default: throw EncodingError("internal error: not a set")
        }
    }

    func isSubset(_ a: Symbolic, _ b: Symbolic, _ sort: Sort) throws -> Term {
        if case let .set(ma) = a, case let .set(mb) = b, ma.count == mb.count {
            return try z3.and(try ma.indices.map { try z3.implies(ma[$0], mb[$0]) })
        }
        guard case let .set(elementSort) = sort else { throw EncodingError("internal error: not a set sort") }
        let entries = try listedEntries(a, elements: universe(elementSort), elementSort)
        return try z3.and(try entries.map { try z3.implies($0.0, try member($0.1, b, sort)) })
    }

    // MARK: Decoding

    /// The value a model gives the terms.
    func decode(_ symbolic: Symbolic, _ sort: Sort, _ model: Model) throws -> Value {
        switch (symbolic, sort) {
        case let (.bool(t), _): return Value(try model.boolean(t))
        case let (.int(t), _), let (.finite(t), _): return .int(try model.integer(t))
        case let (.optional(present, value), .optional(wrapped)):
            return try model.boolean(present) ? .tuple([try decode(value, wrapped, model)]) : .empty
        case let (.record(fields), .record(_, declared)):
            return .tuple(try zip(fields, declared).map { try decode($0, $1.sort, model) })
        case let (.union(tag, variants), .union(_, declared)):
            let t = try model.integer(tag)
            return .tuple([.int(t)] + (try zip(variants[t], declared[t].fields).map { try decode($0, $1.sort, model) }))
        case let (.function(items), .function(_, codomain)):
            return .tuple(try items.map { try decode($0, codomain, model) })
        case let (.sequence(length, slots), .sequence(element, _)):
            let n = try model.integer(length)
            return .tuple(try slots.prefix(n).map { try decode($0, element, model) })
        case let (.set(members), .set(element)):
            let universe = self.universe(element)!
            var items: [Value] = []
            for (i, m) in members.enumerated() where try model.boolean(m) { items.append(universe[i]) }
            return .tuple(items.sorted())
        case let (.listed(entries), .set(element)):
            var items = Set<Value>()
            for (g, e) in entries where try model.boolean(g) { items.insert(try decode(e, element, model)) }
            return .tuple(items.sorted())
        case let (.slots(slots), .bag(element, _, _)):
            return try decodeSlots(slots, element, model)
        case let (.bag(counts), .bag(element, _, _)):
            let universe = self.universe(element)!
            var pairs: [Value] = []
            for (i, c) in counts.enumerated() {
                let n = try model.integer(c)
                if n > 0 { pairs.append(.tuple([universe[i], .int(n)])) }
            }
            return .tuple(pairs.sorted())
        default:
            throw EncodingError("internal error: cannot decode \(symbolic) as \(sort)")
        }
    }
}

/// A construct the symbolic engine cannot encode, or an internal inconsistency.
struct EncodingError: Error, CustomStringConvertible {
    var message: String
    var location: SourceLocation?
    var context: String?
    init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
    var description: String { message }
}
