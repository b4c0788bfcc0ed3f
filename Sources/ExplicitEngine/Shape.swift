import SpecIR

/// How the explicit engine carries the values of one sort at run time.
///
/// IR values are trees of arrays: general, but every record, message or per-node
/// function built or taken apart costs allocations and reference counting. Inside
/// the engine a value of a compound sort with at most 2⁶² values is instead its
/// *rank*, one `Int`: a message is a mixed-radix number over its fields, a set over
/// at most 62 elements a bit mask, a function over a small domain a number whose
/// digits are its results. Field access, function update and set membership become
/// integer arithmetic and bit operations. Sets over up to 65536 elements are
/// multi-word bitsets; everything else keeps the IR's tuple shape with parts in
/// their own run-time form. `toIR` and `toRuntime` convert at the edges (literals,
/// traces, replay).
final class Shape {
    enum Kind {
        /// Booleans, integers, enumeration cases and node identities: the integer itself.
        case scalar(lower: Int)
        /// A compound value as its rank among the sort's `count` values.
        case ranked
        /// A set over more than 62 enumerable elements: `.tuple` of 64-bit words (as `.int`).
        case bitset(words: Int)
        /// A set over elements too many to enumerate: its elements, sorted.
        case list
        /// A tuple of parts, as in the IR, each part in its own run-time form.
        case parts
        /// A bag of few distinct elements, packed in one integer (see `PackedBag`).
        case packedBag(PackedBag)
    }

    let sort: Sort
    let kind: Kind
    /// The number of values, when at most 2⁶² (needed for ranks).
    let count: Int?
    /// The element (sets, bags, sequences), wrapped (optionals) or codomain (functions) shape.
    let element: Shape?
    /// The domain of a function.
    let domain: Shape?
    /// Record fields.
    let fields: [Shape]
    /// Union variants' fields.
    let variants: [[Shape]]
    /// Ranked records and functions: the weight of each field or entry digit.
    let strides: [Int]
    /// Ranked unions: the first rank of each variant, and each variant's field weights.
    let offsets: [Int]
    let variantStrides: [[Int]]
    /// A sequence sort with few values: each value's run-time form, by rank.
    ///
    /// Sequences keep the tuple form, so a sequence read out of a ranked value (a log
    /// in a per-server function, a message's entries) was rebuilt through its IR value
    /// on every read: a third of a Raft run with two-entry logs. The table hands out
    /// the shared array instead.
    private(set) var sequenceTable: [Value] = []

    static let sequenceTableLimit = 1 << 12

    static let rankLimit = 1 << 62
    static let bitsetLimit = 1 << 16

    init(_ sort: Sort, _ make: (Sort) -> Shape) {
        self.sort = sort
        var element: Shape? = nil
        var domain: Shape? = nil
        var fields: [Shape] = []
        var variants: [[Shape]] = []
        var count: Int? = nil
        switch sort {
        case .bool: count = 2
        case let .int(lower, upper):
            let (width, overflow) = upper.subtractingReportingOverflow(lower)
            count = overflow || width >= Shape.rankLimit ? nil : width + 1
        case let .enumeration(_, cases): count = cases.count
        case let .node(_, n): count = n
        case let .optional(wrapped):
            element = make(wrapped)
            count = element!.count.flatMap { Shape.add($0, 1) }
        case let .record(_, list):
            fields = list.map { make($0.sort) }
            count = Shape.product(fields)
        case let .union(_, list):
            variants = list.map { $0.fields.map { make($0.sort) } }
            var total: Int? = 0
            for variant in variants {
                total = total.flatMap { t in Shape.product(variant).flatMap { Shape.add(t, $0) } }
            }
            count = total
        case let .function(d, c):
            domain = make(d)
            element = make(c)
            if let n = domain!.count, n <= Sort.enumerationLimit, let k = element!.count {
                var total: Int? = 1
                for _ in 0..<n { total = total.flatMap { Shape.multiply($0, k) } }
                count = total
            }
        case let .set(e):
            element = make(e)
            if let n = element!.count, n <= 62 { count = 1 << n }
        case let .sequence(e, capacity):
            element = make(e)
            if let k = element!.count, capacity >= 0 {
                var total: Int? = 0
                var power: Int? = 1
                for _ in 0...capacity {
                    total = total.flatMap { t in power.flatMap { Shape.add(t, $0) } }
                    power = power.flatMap { Shape.multiply($0, k) }
                }
                count = total
            }
        case let .bag(e, _, _):
            element = make(e)
        }
        self.element = element
        self.domain = domain
        self.fields = fields
        self.variants = variants
        self.count = count

        switch sort {
        case .bool, .enumeration, .node: kind = .scalar(lower: 0)
        case let .int(lower, _): kind = .scalar(lower: lower)
        case .set:
            if count != nil {
                kind = .ranked
            } else if let n = element!.count, n <= Shape.bitsetLimit {
                kind = .bitset(words: (n + 63) / 64)
            } else {
                kind = .list
            }
        case .optional, .record, .union, .function: kind = count != nil ? .ranked : .parts
        case .sequence: kind = .parts
        case .bag:
            if let packed = PackedBag(sort, element: element!) { kind = .packedBag(packed) } else { kind = .parts }
        }

        var strides: [Int] = []
        var offsets: [Int] = []
        var variantStrides: [[Int]] = []
        if case .ranked = kind {
            switch sort {
            case .record: strides = Shape.weights(fields.map { $0.count! })
            case .function: strides = Shape.weights(Array(repeating: element!.count!, count: domain!.count!))
            case .union:
                var offset = 0
                for variant in variants {
                    offsets.append(offset)
                    variantStrides.append(Shape.weights(variant.map { $0.count! }))
                    offset += Shape.product(variant)!
                }
                offsets.append(offset)
            default: break
            }
        }
        self.strides = strides
        self.offsets = offsets
        self.variantStrides = variantStrides
        // (With one element value, lengths up to 4,095 would fit; such tables stay short.)
        if case let .sequence(_, capacity) = sort, let count, count <= Shape.sequenceTableLimit,
           element!.count! >= 2 || capacity <= 64 {
            sequenceTable = (0..<count).map { toRuntime(valueIR(rank: $0)) }
        }
    }

    static func add(_ a: Int, _ b: Int) -> Int? {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow || result > rankLimit ? nil : result
    }

    static func multiply(_ a: Int, _ b: Int) -> Int? {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow || result > rankLimit ? nil : result
    }

    static func product(_ shapes: [Shape]) -> Int? {
        var total: Int? = 1
        for shape in shapes { total = total.flatMap { t in shape.count.flatMap { multiply(t, $0) } } }
        return total
    }

    /// Mixed-radix weights, the first digit most significant.
    static func weights(_ counts: [Int]) -> [Int] {
        var result = Array(repeating: 1, count: counts.count)
        var weight = 1
        for index in stride(from: counts.count - 1, through: 0, by: -1) {
            result[index] = weight
            weight *= counts[index]
        }
        return result
    }

    var isScalar: Bool {
        if case .scalar = kind { return true }
        return false
    }

    var isRanked: Bool {
        if case .ranked = kind { return true }
        return false
    }

    /// For values kept as integers (scalars and ranked values), the integer of rank 0.
    var integerLower: Int? {
        switch kind {
        case let .scalar(lower): return lower
        case .ranked: return 0
        default: return nil
        }
    }

    // MARK: - Ranks of run-time values

    /// The rank of a run-time value among this sort's values, or nil if it is outside the sort.
    @inline(__always)
    func rank(_ value: Value) -> Int? {
        switch kind {
        case let .scalar(lower):
            guard case let .int(n) = value else { return nil }
            let r = n &- lower
            return r >= 0 && r < count! ? r : nil
        case .ranked:
            guard case let .int(r) = value, r >= 0, r < count! else { return nil }
            return r
        default:
            guard count != nil else { return nil }
            if case let .sequence(_, capacity) = sort {
                // Directly from the run-time elements: the offset of the length, then the
                // elements' ranks as digits, the first most significant (as `rankIR`).
                guard case let .tuple(items) = value, items.count <= capacity else { return nil }
                let k = element!.count!
                var offset = 0
                var power = 1
                var digits = 0
                for item in items {
                    guard let r = element!.rank(item) else { return nil }
                    digits = digits * k + r
                    offset += power
                    power *= k
                }
                return offset + digits
            }
            let ir = toIR(value)
            return sort.contains(ir) ? rankIR(ir) : nil
        }
    }

    /// The run-time value with the given rank.
    @inline(__always)
    func value(rank: Int) -> Value {
        switch kind {
        case let .scalar(lower): return .int(lower + rank)
        case .ranked: return .int(rank)
        default:
            if rank >= 0 && rank < sequenceTable.count { return sequenceTable[rank] }
            if case .sequence = sort { return sequenceValue(rank: rank) }
            return toRuntime(valueIR(rank: rank))
        }
    }

    /// The run-time value of a sequence of a sort too large for its table, built from the
    /// elements' run-time values directly (the inverse of `rank` for sequences).
    private func sequenceValue(rank: Int) -> Value {
        let k = element!.count!
        var (length, rest) = Sort.sequenceLength(rank: rank, base: k)
        var items = [Value](repeating: .int(0), count: length)
        for index in stride(from: length - 1, through: 0, by: -1) {
            items[index] = element!.value(rank: rest % k)
            rest /= k
        }
        return .tuple(items)
    }

    // MARK: - Conversion from and to IR values

    /// The rank of an IR value of this sort (which must have a count).
    func rankIR(_ ir: Value) -> Int {
        switch sort {
        case .bool, .enumeration, .node: return ir.integer
        case let .int(lower, _): return ir.integer - lower
        case .optional:
            let items = ir.elements
            return items.isEmpty ? 0 : 1 + element!.rankIR(items[0])
        case .record:
            var rank = 0
            for (field, item) in zip(fields, ir.elements) { rank = rank * field.count! + field.rankIR(item) }
            return rank
        case .union:
            let items = ir.elements
            let tag = items[0].integer
            var rank = 0
            for (field, item) in zip(variants[tag], items.dropFirst()) { rank = rank * field.count! + field.rankIR(item) }
            return Shape.unionOffset(variants, tag) + rank
        case .function:
            var rank = 0
            for item in ir.elements { rank = rank * element!.count! + element!.rankIR(item) }
            return rank
        case .set:
            var mask = 0
            for item in ir.elements { mask |= 1 << element!.rankIR(item) }
            return mask
        case .sequence:
            let items = ir.elements
            let k = element!.count!
            var offset = 0
            var power = 1
            for _ in 0..<items.count {
                offset += power
                power *= k
            }
            var rank = 0
            for item in items { rank = rank * k + element!.rankIR(item) }
            return offset + rank
        case .bag:
            preconditionFailure("bags have no ranks")
        }
    }

    static func unionOffset(_ variants: [[Shape]], _ tag: Int) -> Int {
        variants[..<tag].reduce(0) { $0 + product($1)! }
    }

    /// The IR value with the given rank.
    func valueIR(rank: Int) -> Value {
        switch sort {
        case .bool, .enumeration, .node: return .int(rank)
        case let .int(lower, _): return .int(lower + rank)
        case .optional: return rank == 0 ? .empty : .tuple([element!.valueIR(rank: rank - 1)])
        case .record: return .tuple(Shape.digitsIR(rank, fields))
        case .union:
            var rest = rank
            for (tag, variant) in variants.enumerated() {
                let size = Shape.product(variant)!
                if rest < size { return .tuple([.int(tag)] + Shape.digitsIR(rest, variant)) }
                rest -= size
            }
            preconditionFailure("rank \(rank) outside \(sort)")
        case .function: return .tuple(Shape.digitsIR(rank, Array(repeating: element!, count: domain!.count!)))
        case .set:
            var items: [Value] = []
            var mask = rank
            var index = 0
            while mask != 0 {
                if mask & 1 != 0 { items.append(element!.valueIR(rank: index)) }
                mask >>= 1
                index += 1
            }
            return .tuple(items.sorted())
        case .sequence:
            let (length, rest) = Sort.sequenceLength(rank: rank, base: element!.count!)
            return .tuple(Shape.digitsIR(rest, Array(repeating: element!, count: length)))
        case .bag:
            preconditionFailure("bags have no ranks")
        }
    }

    static func digitsIR(_ rank: Int, _ shapes: [Shape]) -> [Value] {
        var items = [Value](repeating: .int(0), count: shapes.count)
        var rest = rank
        for index in stride(from: shapes.count - 1, through: 0, by: -1) {
            let k = shapes[index].count!
            items[index] = shapes[index].valueIR(rank: rest % k)
            rest /= k
        }
        return items
    }

    /// The run-time form of an IR value of this sort.
    func toRuntime(_ ir: Value) -> Value {
        switch kind {
        case .scalar: return ir
        case .ranked: return .int(rankIR(ir))
        case let .bitset(words):
            var bits = [Int](repeating: 0, count: words)
            for item in ir.elements {
                let r = element!.rankIR(item)
                bits[r >> 6] |= 1 << (r & 63)
            }
            return .tuple(bits.map { .int($0) })
        case .list:
            return .tuple(Compiler.canonical(ir.elements.map(element!.toRuntime)))
        case let .packedBag(packed):
            var pairs: [(rank: Int, copies: Int)] = []
            for pair in ir.elements {
                guard let rank = packed.rank(element!.toRuntime(pair.elements[0])) else { packed.beyond(ir) }
                pairs.append((rank, pair.elements[1].integer))
            }
            guard let bag = packed.pack(pairs) else { packed.beyond(ir) }
            return .int(bag)
        case .parts:
            let items = ir.elements
            switch sort {
            case .optional, .sequence: return .tuple(items.map(element!.toRuntime))
            case .record: return .tuple(zip(fields, items).map { $0.toRuntime($1) })
            case .union:
                let tag = items[0].integer
                return .tuple([items[0]] + zip(variants[tag], items.dropFirst()).map { $0.toRuntime($1) })
            case .function: return .tuple(items.map(element!.toRuntime))
            case .bag:
                return .tuple(Compiler.canonical(items.map { pair in
                    .tuple([element!.toRuntime(pair.elements[0]), pair.elements[1]])
                }))
            default: return ir
            }
        }
    }

    /// The IR value of a run-time value of this sort.
    func toIR(_ value: Value) -> Value {
        switch kind {
        case .scalar: return value
        case .ranked: return valueIR(rank: value.integer)
        case .bitset:
            var items: [Value] = []
            for (w, word) in value.elements.enumerated() {
                var bits = UInt64(bitPattern: Int64(word.integer))
                while bits != 0 {
                    items.append(element!.valueIR(rank: w * 64 + bits.trailingZeroBitCount))
                    bits &= bits - 1
                }
            }
            return .tuple(element!.sort.ranksFollowValueOrder ? items : items.sorted())
        case .list:
            return .tuple(value.elements.map(element!.toIR).sorted())
        case let .packedBag(packed):
            return .tuple(packed.unpack(value.integer).map { pair in
                .tuple([element!.toIR(element!.value(rank: pair.rank)), .int(pair.copies)])
            }.sorted())
        case .parts:
            let items = value.elements
            switch sort {
            case .optional, .sequence: return .tuple(items.map(element!.toIR))
            case .record: return .tuple(zip(fields, items).map { $0.toIR($1) })
            case .union:
                let tag = items[0].integer
                return .tuple([items[0]] + zip(variants[tag], items.dropFirst()).map { $0.toIR($1) })
            case .function: return .tuple(items.map(element!.toIR))
            case .bag:
                return .tuple(items.map { pair in .tuple([element!.toIR(pair.elements[0]), pair.elements[1]]) }.sorted())
            default: return value
            }
        }
    }

    /// Whether values of `other` can be used as values of this sort without conversion.
    func sharesRepresentation(with other: Shape) -> Bool {
        if sort == other.sort { return true }
        switch (kind, other.kind) {
        case (.scalar, .scalar): return true
        case (.list, .list): return element!.sharesRepresentation(with: other.element!)
        case let (.packedBag(a), .packedBag(b)):
            return a.slots == b.slots && a.rankWidth == b.rankWidth && a.copiesWidth == b.copiesWidth
                && a.lower == b.lower && a.count == b.count && element!.sharesRepresentation(with: other.element!)
        case (.parts, .parts):
            switch (sort, other.sort) {
            case (.optional, .optional), (.sequence, .sequence), (.bag, .bag):
                return element!.sharesRepresentation(with: other.element!)
            case (.function, .function):
                return domain!.sort == other.domain!.sort && element!.sharesRepresentation(with: other.element!)
            case (.record, .record):
                return fields.count == other.fields.count && zip(fields, other.fields).allSatisfy { $0.sharesRepresentation(with: $1) }
            case (.union, .union):
                return variants.count == other.variants.count && zip(variants, other.variants).allSatisfy { a, b in
                    a.count == b.count && zip(a, b).allSatisfy { $0.sharesRepresentation(with: $1) }
                }
            default: return false
            }
        default: return false
        }
    }
}
