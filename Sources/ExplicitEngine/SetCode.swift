import SpecIR

/// Set operations on the run-time forms of one set sort: bit masks, bitsets or sorted lists.
struct SetCode {
    let shape: Shape
    let element: Shape

    init(_ shape: Shape) {
        self.shape = shape
        element = shape.element!
    }

    var empty: Value {
        switch shape.kind {
        case .ranked: return .int(0)
        case let .bitset(words): return .tuple(Array(repeating: .int(0), count: words))
        default: return .empty
        }
    }

    /// Calls `body` with each element and its rank (-1 for lists), in rank order, until it returns false.
    ///
    /// With `ranks`, only elements whose rank lies in the range are visited (lists visit all).
    @inline(__always)
    func forEach(_ set: Value, ranks: Range<Int>? = nil,
                 _ body: (Value, Int) throws(EvaluationError) -> Bool) throws(EvaluationError) {
        switch shape.kind {
        case .ranked:
            var mask = UInt64(bitPattern: Int64(set.integer))
            if let ranks { mask &= SetCode.mask(ranks, word: 0) }
            while mask != 0 {
                let r = mask.trailingZeroBitCount
                if try !body(element.value(rank: r), r) { return }
                mask &= mask - 1
            }
        case .bitset:
            let words = set.elements
            let first = ranks.map { $0.lowerBound >> 6 } ?? 0
            let last = ranks.map { ($0.upperBound - 1) >> 6 } ?? words.count - 1
            guard first <= last else { return }
            for w in first...last {
                var bits = UInt64(bitPattern: Int64(words[w].integer))
                if let ranks { bits &= SetCode.mask(ranks, word: w) }
                while bits != 0 {
                    let r = w * 64 + bits.trailingZeroBitCount
                    if try !body(element.value(rank: r), r) { return }
                    bits &= bits - 1
                }
            }
        default:
            for item in set.elements where try !body(item, -1) { return }
        }
    }

    /// The bits of word `w` whose ranks lie in the range.
    @inline(__always)
    static func mask(_ ranks: Range<Int>, word w: Int) -> UInt64 {
        let low = Swift.max(ranks.lowerBound - w * 64, 0)
        let high = Swift.min(ranks.upperBound - w * 64, 64)
        guard low < high else { return 0 }
        let upper: UInt64 = high == 64 ? ~0 : (1 << UInt64(high)) - 1
        return upper & ~((1 << UInt64(low)) - 1)
    }

    func elements(_ set: Value) -> [Value] {
        var items: [Value] = []
        try? forEach(set) { value, _ in
            items.append(value)
            return true
        }
        return items
    }

    @inline(__always)
    func contains(_ set: Value, _ item: Value) -> Bool {
        switch shape.kind {
        case .ranked:
            guard let r = element.rank(item) else { return false }
            return set.integer >> r & 1 != 0
        case .bitset:
            guard let r = element.rank(item) else { return false }
            return set.elements[r >> 6].integer >> (r & 63) & 1 != 0
        default:
            return Compiler.search(set.elements, item) >= 0
        }
    }

    /// The set of the given elements, or nil if one is outside the element sort.
    func make(_ items: [Value]) -> Value? {
        switch shape.kind {
        case .ranked:
            var mask = 0
            for item in items {
                guard let r = element.rank(item) else { return nil }
                mask |= 1 << r
            }
            return .int(mask)
        case let .bitset(words):
            var bits = [Int](repeating: 0, count: words)
            for item in items {
                guard let r = element.rank(item) else { return nil }
                bits[r >> 6] |= 1 << (r & 63)
            }
            return .tuple(bits.map { .int($0) })
        default:
            return .tuple(Compiler.canonical(items))
        }
    }

    /// The set of the elements with the given ranks (as `forEach` reports them).
    func make(ranks: [Int]) -> Value {
        guard case let .bitset(words) = shape.kind else {
            return .int(ranks.reduce(0) { $0 | 1 << $1 })
        }
        var bits = [Int](repeating: 0, count: words)
        for r in ranks { bits[r >> 6] |= 1 << (r & 63) }
        return .tuple(bits.map { .int($0) })
    }

    func combine(_ op: SetOperator, _ a: Value, _ b: Value) -> Value {
        switch shape.kind {
        case .ranked:
            return .int(SetCode.bits(op, a.integer, b.integer))
        case .bitset:
            return .tuple(zip(a.elements, b.elements).map { .int(SetCode.bits(op, $0.integer, $1.integer)) })
        default:
            return .tuple(Compiler.combine(op, a.elements, b.elements))
        }
    }

    static func bits(_ op: SetOperator, _ a: Int, _ b: Int) -> Int {
        switch op {
        case .union: return a | b
        case .intersection: return a & b
        case .difference: return a & ~b
        }
    }

    func isSubset(_ a: Value, _ b: Value) -> Bool {
        switch shape.kind {
        case .ranked: return a.integer & ~b.integer == 0
        case .bitset: return zip(a.elements, b.elements).allSatisfy { $0.integer & ~$1.integer == 0 }
        default:
            let big = b.elements
            return a.elements.allSatisfy { Compiler.search(big, $0) >= 0 }
        }
    }

    func count(_ set: Value) -> Int {
        switch shape.kind {
        case .ranked: return set.integer.nonzeroBitCount
        case .bitset: return set.elements.reduce(0) { $0 + $1.integer.nonzeroBitCount }
        default: return set.elements.count
        }
    }
}
