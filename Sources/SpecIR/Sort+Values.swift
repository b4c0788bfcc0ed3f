/// Enumeration of a finite sort's values, by rank, and membership.
///
/// Ranks number a sort's values from zero in the order `Value`'s `<` sorts them (for
/// sorts without nested sets or sequences). The explicit engine has its own ranks
/// of wider range (see its `Shape`); these serve reports and domains.
extension Sort {
    /// The value of this sort with the given rank (requires a cardinality).
    public func value(atRank rank: Int) -> Value {
        switch self {
        case .bool, .enumeration, .node:
            return .int(rank)
        case let .int(lower, _):
            return .int(lower + rank)
        case let .optional(wrapped):
            return rank == 0 ? .empty : .tuple([wrapped.value(atRank: rank - 1)])
        case let .record(_, fields):
            return .tuple(Sort.values(atRank: rank, fields: fields))
        case let .union(_, variants):
            var rest = rank
            for (tag, variant) in variants.enumerated() {
                let size = Sort.product(variant.fields)
                if rest < size {
                    return .tuple([.int(tag)] + Sort.values(atRank: rest, fields: variant.fields))
                }
                rest -= size
            }
            preconditionFailure("rank \(rank) out of range for \(self)")
        case let .function(domain, codomain):
            let c = codomain.cardinality!
            let d = domain.cardinality!
            var items = [Value](repeating: .int(0), count: d)
            var rest = rank
            for index in stride(from: d - 1, through: 0, by: -1) {
                items[index] = codomain.value(atRank: rest % c)
                rest /= c
            }
            return .tuple(items)
        case let .set(element):
            var items: [Value] = []
            var index = 0
            var mask = rank
            while mask != 0 {
                if mask & 1 != 0 { items.append(element.value(atRank: index)) }
                mask >>= 1
                index += 1
            }
            return .tuple(items.sorted())
        case let .sequence(element, _):
            let c = element.cardinality!
            var (length, rest) = Sort.sequenceLength(rank: rank, base: c)
            var items = [Value](repeating: .int(0), count: length)
            for index in stride(from: length - 1, through: 0, by: -1) {
                items[index] = element.value(atRank: rest % c)
                rest /= c
            }
            return .tuple(items)
        case .bag:
            preconditionFailure("\(self) has no ranks")
        }
    }

    /// The length of the sequence of the given rank, over elements of `base` values, and
    /// the rank among sequences of that length (its elements as digits): sequences are
    /// ranked shortest first, so the lengths before take 1, base, base², … ranks.
    public static func sequenceLength(rank: Int, base: Int) -> (length: Int, rest: Int) {
        var rest = rank
        var length = 0
        var power = 1
        while rest >= power {
            rest -= power
            power *= base
            length += 1
        }
        return (length, rest)
    }

    /// Every value of this sort in rank order (requires a cardinality).
    public var allValues: [Value] {
        (0..<(cardinality ?? 0)).map { value(atRank: $0) }
    }

    /// Whether `value` is a well-formed value of this sort, within every bound.
    public func contains(_ value: Value) -> Bool {
        switch (self, value) {
        case let (.bool, .int(n)): return n == 0 || n == 1
        case let (.int(lower, upper), .int(n)): return lower <= n && n <= upper
        case let (.enumeration(_, cases), .int(n)): return 0 <= n && n < cases.count
        case let (.node(_, count), .int(n)): return 0 <= n && n < count
        case let (.optional(wrapped), .tuple(items)):
            return items.isEmpty || (items.count == 1 && wrapped.contains(items[0]))
        case let (.record(_, fields), .tuple(items)):
            return items.count == fields.count && zip(fields, items).allSatisfy { $0.sort.contains($1) }
        case let (.union(_, variants), .tuple(items)):
            guard case let .int(tag)? = items.first, 0 <= tag, tag < variants.count else { return false }
            let fields = variants[tag].fields
            return items.count == fields.count + 1 && zip(fields, items.dropFirst()).allSatisfy { $0.sort.contains($1) }
        case let (.function(domain, codomain), .tuple(items)):
            return items.count == domain.cardinality && items.allSatisfy(codomain.contains)
        case let (.sequence(element, capacity), .tuple(items)):
            return items.count <= capacity && items.allSatisfy(element.contains)
        case let (.set(element), .tuple(items)):
            // Sets are sorted without repeats: their one canonical form.
            return zip(items, items.dropFirst()).allSatisfy { $0 < $1 } && items.allSatisfy(element.contains)
        case let (.bag(element, maxCopies, maxDistinct), .tuple(items)):
            if let maxDistinct, items.count > maxDistinct { return false }
            return zip(items, items.dropFirst()).allSatisfy { $0 < $1 } && items.allSatisfy { pair in
                guard case let .tuple(p) = pair, p.count == 2, case let .int(copies) = p[1] else { return false }
                return element.contains(p[0]) && copies >= 1 && copies <= maxCopies
            }
        default: return false
        }
    }

    /// Whether ranks order values as `Value`'s `<` does (false when sets are nested inside).
    public var ranksFollowValueOrder: Bool {
        switch self {
        case .bool, .int, .enumeration, .node: return true
        case let .optional(wrapped): return wrapped.ranksFollowValueOrder
        case let .record(_, fields): return fields.allSatisfy(\.sort.ranksFollowValueOrder)
        case let .union(_, variants): return variants.allSatisfy { $0.fields.allSatisfy(\.sort.ranksFollowValueOrder) }
        case let .function(_, codomain): return codomain.ranksFollowValueOrder
        case .set, .bag: return false
        case .sequence: return false
        }
    }

    static func product(_ fields: [Field]) -> Int {
        fields.reduce(1) { $0 * $1.sort.cardinality! }
    }

    static func values(atRank rank: Int, fields: [Field]) -> [Value] {
        var items = [Value](repeating: .int(0), count: fields.count)
        var rest = rank
        for index in stride(from: fields.count - 1, through: 0, by: -1) {
            let c = fields[index].sort.cardinality!
            items[index] = fields[index].sort.value(atRank: rest % c)
            rest /= c
        }
        return items
    }
}
