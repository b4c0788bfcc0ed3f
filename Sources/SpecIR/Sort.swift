/// The type of a value in a spec: every sort is finite, so every state has a fixed-width encoding.
///
/// Sorts are grouped by theory (booleans, integers, symbols, records, functions,
/// sequences, sets, bags) so that each engine can translate them case by case.
public indirect enum Sort: Hashable, Codable, Sendable {
    /// `false` or `true`.
    case bool
    /// An integer in `lower...upper`.
    case int(lower: Int, upper: Int)
    /// One of a fixed list of named cases.
    case enumeration(name: String, cases: [String])
    /// A set of `count` interchangeable identities (servers, replicas) named `name1`, `name2`, ….
    case node(name: String, count: Int)
    /// A value of the wrapped sort, or none.
    case optional(Sort)
    /// Named fields, each of its own sort.
    case record(name: String, fields: [Field])
    /// One of several variants, each with its own fields (message types).
    case union(name: String, variants: [Variant])
    /// A total function from a finite domain to a codomain (per-node state).
    case function(domain: Sort, codomain: Sort)
    /// A sequence of at most `capacity` elements (a log); indices start at 1.
    case sequence(element: Sort, capacity: Int)
    /// A finite set of elements.
    case set(element: Sort)
    /// A multiset holding each element at most `maxCopies` times and, when `maxDistinct`
    /// is given, at most that many distinct elements (a network with a bounded number of
    /// messages in flight, stored as that many slots rather than a counter per possible message).
    case bag(element: Sort, maxCopies: Int, maxDistinct: Int? = nil)

    /// A named field of a record or variant.
    public struct Field: Hashable, Codable, Sendable {
        public var name: String
        public var sort: Sort
        public init(_ name: String, _ sort: Sort) {
            self.name = name
            self.sort = sort
        }
    }

    /// One variant of a union: a tag name and its fields.
    public struct Variant: Hashable, Codable, Sendable {
        public var name: String
        public var fields: [Field]
        public init(_ name: String, _ fields: [Field]) {
            self.name = name
            self.fields = fields
        }
    }

    /// The sort of integer expressions before they are stored anywhere.
    public static let anyInt = Sort.int(lower: Int.min, upper: Int.max)
}

extension Sort: CustomStringConvertible {
    public var description: String {
        switch self {
        case .bool: return "Bool"
        case let .int(lower, upper):
            if lower == Int.min && upper == Int.max { return "Int" }
            return "\(lower)...\(upper)"
        case let .enumeration(name, _): return name
        case let .node(name, _): return name
        case let .optional(wrapped): return "\(wrapped)?"
        case let .record(name, _): return name
        case let .union(name, _): return name
        case let .function(domain, codomain): return "[\(domain) → \(codomain)]"
        case let .sequence(element, capacity): return "Seq(\(element), ≤\(capacity))"
        case let .set(element): return "Set(\(element))"
        case let .bag(element, maxCopies, maxDistinct):
            if let maxDistinct { return "Bag(\(element), ≤\(maxCopies) copies, ≤\(maxDistinct) distinct)" }
            return "Bag(\(element), ≤\(maxCopies) copies)"
        }
    }
}

extension Sort {
    /// Whether two sorts hold the same kind of values, ignoring integer bounds.
    ///
    /// Integer bounds are checked when a value is stored, not when expressions are
    /// combined: `x + 1` may leave `x`'s range and come back with `- 1`.
    public func isCompatible(with other: Sort) -> Bool {
        switch (self, other) {
        case (.bool, .bool): return true
        case (.int, .int): return true
        case let (.enumeration(a, ac), .enumeration(b, bc)): return a == b && ac == bc
        case let (.node(a, an), .node(b, bn)): return a == b && an == bn
        case let (.optional(a), .optional(b)): return a.isCompatible(with: b)
        case let (.record(a, af), .record(b, bf)):
            return a == b && af.count == bf.count
                && zip(af, bf).allSatisfy { $0.name == $1.name && $0.sort.isCompatible(with: $1.sort) }
        case let (.union(a, av), .union(b, bv)):
            return a == b && av.count == bv.count
                && zip(av, bv).allSatisfy { x, y in
                    x.name == y.name && x.fields.count == y.fields.count
                        && zip(x.fields, y.fields).allSatisfy { $0.name == $1.name && $0.sort.isCompatible(with: $1.sort) }
                }
        case let (.function(ad, ac), .function(bd, bc)):
            return ad.isCompatible(with: bd) && ac.isCompatible(with: bc)
        case let (.sequence(a, _), .sequence(b, _)): return a.isCompatible(with: b)
        case let (.set(a), .set(b)): return a.isCompatible(with: b)
        case let (.bag(a, _, _), .bag(b, _, _)): return a.isCompatible(with: b)
        default: return false
        }
    }

    /// The number of values of this sort, or nil when it is too large to enumerate.
    ///
    /// Sorts with a cardinality can be quantified over, used as function domains and
    /// stored as elements of sets and bags.
    public var cardinality: Int? {
        func product(_ sorts: [Sort]) -> Int? {
            var total = 1
            for sort in sorts {
                guard let c = sort.cardinality else { return nil }
                let (p, overflow) = total.multipliedReportingOverflow(by: c)
                if overflow || p > Sort.enumerationLimit { return nil }
                total = p
            }
            return total
        }
        switch self {
        case .bool: return 2
        case let .int(lower, upper):
            let (width, overflow) = upper.subtractingReportingOverflow(lower)
            if overflow || width >= Sort.enumerationLimit { return nil }
            return width + 1
        case let .enumeration(_, cases): return cases.count
        case let .node(_, count): return count
        case let .optional(wrapped): return wrapped.cardinality.map { $0 + 1 }
        case let .record(_, fields): return product(fields.map(\.sort))
        case let .union(_, variants):
            var total = 0
            for variant in variants {
                guard let c = product(variant.fields.map(\.sort)) else { return nil }
                total += c
                if total > Sort.enumerationLimit { return nil }
            }
            return total
        case let .function(domain, codomain):
            guard let d = domain.cardinality, let c = codomain.cardinality else { return nil }
            var total = 1
            for _ in 0..<d {
                let (p, overflow) = total.multipliedReportingOverflow(by: c)
                if overflow || p > Sort.enumerationLimit { return nil }
                total = p
            }
            return total
        case let .set(element):
            guard let e = element.cardinality, e < 40 else { return nil }
            let total = 1 << e
            return total > Sort.enumerationLimit ? nil : total
        case let .sequence(element, capacity):
            // Sequences of length 0, 1, …, capacity.
            guard capacity >= 0, let c = element.cardinality else { return nil }
            var total = 0
            var power = 1
            for _ in 0...capacity {
                total += power
                if total > Sort.enumerationLimit { return nil }
                let (p, overflow) = power.multipliedReportingOverflow(by: c)
                if overflow { return capacity == 0 ? total : nil }
                power = p
            }
            return total
        case .bag:
            return nil
        }
    }

    /// The largest sort that may be enumerated (quantified over or used as a set's universe).
    public static let enumerationLimit = 1 << 24
}
