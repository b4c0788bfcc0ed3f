import SpecIR

/// The fixed-width bit encoding of states: each variable at its own bit offset.
///
/// Scalars take the bits of their rank; sets and bags are bitsets (or counters)
/// over their element sort's ranks; functions, records and sequences lay their
/// parts side by side. A state of a small spec fits in one or two machine words,
/// and two states are equal exactly when their words are.
struct StateLayout {
    let codecs: [Codec]
    /// The bit offset of each variable.
    let offsets: [Int]
    let wordCount: Int

    init(_ sorts: [Sort]) {
        codecs = sorts.map(Codec.init)
        var offsets: [Int] = []
        var bit = 0
        for codec in codecs {
            offsets.append(bit)
            bit += codec.width
        }
        self.offsets = offsets
        wordCount = Swift.max(1, (bit + 63) / 64)
    }

    /// Writes every variable; the words must start zeroed.
    func encode(_ values: [Value], into words: UnsafeMutablePointer<UInt64>) -> Int? {
        for (index, codec) in codecs.enumerated() where !codec.write(values[index], words, offsets[index]) {
            return index
        }
        return nil
    }

    /// Rewrites one variable in place.
    func reencode(_ index: Int, _ value: Value, into words: UnsafeMutablePointer<UInt64>) -> Bool {
        Bits.clear(words, offsets[index], codecs[index].width)
        return codecs[index].write(value, words, offsets[index])
    }

    func decode(_ words: UnsafePointer<UInt64>) -> [Value] {
        codecs.indices.map { codecs[$0].read(words, offsets[$0]) }
    }
}

/// Reading and writing bit fields in an array of words.
enum Bits {
    @inline(__always)
    static func write(_ value: UInt64, _ words: UnsafeMutablePointer<UInt64>, _ offset: Int, _ width: Int) {
        guard width > 0 else { return }
        let word = offset >> 6
        let shift = offset & 63
        words[word] |= value << UInt64(shift)
        if shift + width > 64 { words[word + 1] |= value >> UInt64(64 - shift) }
    }

    @inline(__always)
    static func read(_ words: UnsafePointer<UInt64>, _ offset: Int, _ width: Int) -> UInt64 {
        guard width > 0 else { return 0 }
        let word = offset >> 6
        let shift = offset & 63
        var value = words[word] >> UInt64(shift)
        if shift + width > 64 { value |= words[word + 1] << UInt64(64 - shift) }
        return width == 64 ? value : value & ((1 << UInt64(width)) - 1)
    }

    static func clear(_ words: UnsafeMutablePointer<UInt64>, _ offset: Int, _ width: Int) {
        var bit = offset
        let end = offset + width
        while bit < end {
            let chunk = Swift.min(64 - (bit & 63), end - bit)
            let mask: UInt64 = chunk == 64 ? ~0 : ((1 << UInt64(chunk)) - 1) << UInt64(bit & 63)
            words[bit >> 6] &= ~mask
            bit += chunk
        }
    }

    /// The bits needed for `count` distinct values.
    static func width(for count: Int) -> Int {
        count <= 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount
    }
}

/// How one sort is laid out in bits, with lookup tables for its elements.
final class Codec {
    enum Kind {
        case scalar(lower: Int, count: Int)
        case optional(Codec)
        case record([Codec])
        case union(tagWidth: Int, variants: [[Codec]])
        case function(count: Int, Codec)
        case sequence(lengthWidth: Int, capacity: Int, Codec)
        case set(universe: [Value], ordered: Bool, rank: (Value) -> Int?)
        case bag(universe: [Value], copiesWidth: Int, maxCopies: Int, rank: (Value) -> Int?)
    }

    let kind: Kind
    let width: Int

    init(_ sort: Sort) {
        switch sort {
        case .bool:
            kind = .scalar(lower: 0, count: 2)
        case let .int(lower, upper):
            kind = .scalar(lower: lower, count: upper - lower + 1)
        case let .enumeration(_, cases):
            kind = .scalar(lower: 0, count: cases.count)
        case let .node(_, count):
            kind = .scalar(lower: 0, count: count)
        case let .optional(wrapped):
            kind = .optional(Codec(wrapped))
        case let .record(_, fields):
            kind = .record(fields.map { Codec($0.sort) })
        case let .union(_, variants):
            kind = .union(tagWidth: Bits.width(for: variants.count),
                          variants: variants.map { $0.fields.map { Codec($0.sort) } })
        case let .function(domain, codomain):
            kind = .function(count: domain.cardinality!, Codec(codomain))
        case let .sequence(element, capacity):
            kind = .sequence(lengthWidth: Bits.width(for: capacity + 1), capacity: capacity, Codec(element))
        case let .set(element):
            kind = .set(universe: element.allValues, ordered: element.ranksFollowValueOrder,
                        rank: Codec.checkedRank(element))
        case let .bag(element, maxCopies):
            kind = .bag(universe: element.allValues, copiesWidth: Bits.width(for: maxCopies + 1),
                        maxCopies: maxCopies, rank: Codec.checkedRank(element))
        }
        switch kind {
        case let .scalar(_, count): width = Bits.width(for: count)
        case let .optional(inner): width = 1 + inner.width
        case let .record(fields): width = fields.reduce(0) { $0 + $1.width }
        case let .union(tagWidth, variants):
            width = tagWidth + (variants.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0)
        case let .function(count, inner): width = count * inner.width
        case let .sequence(lengthWidth, capacity, inner): width = lengthWidth + capacity * inner.width
        case let .set(universe, _, _): width = universe.count
        case let .bag(universe, copiesWidth, _, _): width = universe.count * copiesWidth
        }
    }

    /// Writes `value` at `offset`; false if the value is not of this sort (out of its bounds).
    func write(_ value: Value, _ words: UnsafeMutablePointer<UInt64>, _ offset: Int) -> Bool {
        switch kind {
        case let .scalar(lower, count):
            guard case let .int(n) = value, n >= lower, n - lower < count else { return false }
            Bits.write(UInt64(n - lower), words, offset, width)
            return true
        case let .optional(inner):
            guard case let .tuple(items) = value, items.count <= 1 else { return false }
            guard let item = items.first else { return true }
            Bits.write(1, words, offset, 1)
            return inner.write(item, words, offset + 1)
        case let .record(fields):
            guard case let .tuple(items) = value, items.count == fields.count else { return false }
            var bit = offset
            for (field, item) in zip(fields, items) {
                guard field.write(item, words, bit) else { return false }
                bit += field.width
            }
            return true
        case let .union(tagWidth, variants):
            guard case let .tuple(items) = value, case let .int(tag)? = items.first,
                  tag >= 0, tag < variants.count, items.count == variants[tag].count + 1 else { return false }
            Bits.write(UInt64(tag), words, offset, tagWidth)
            var bit = offset + tagWidth
            for (field, item) in zip(variants[tag], items.dropFirst()) {
                guard field.write(item, words, bit) else { return false }
                bit += field.width
            }
            return true
        case let .function(count, inner):
            guard case let .tuple(items) = value, items.count == count else { return false }
            for (i, item) in items.enumerated() where !inner.write(item, words, offset + i * inner.width) {
                return false
            }
            return true
        case let .sequence(lengthWidth, capacity, inner):
            guard case let .tuple(items) = value, items.count <= capacity else { return false }
            Bits.write(UInt64(items.count), words, offset, lengthWidth)
            for (i, item) in items.enumerated() where !inner.write(item, words, offset + lengthWidth + i * inner.width) {
                return false
            }
            return true
        case let .set(_, _, rank):
            guard case let .tuple(items) = value else { return false }
            for item in items {
                guard let r = rank(item) else { return false }
                Bits.write(1, words, offset + r, 1)
            }
            return true
        case let .bag(_, copiesWidth, maxCopies, rank):
            guard case let .tuple(items) = value else { return false }
            for pair in items {
                guard case let .tuple(p) = pair, p.count == 2, let r = rank(p[0]),
                      case let .int(copies) = p[1], copies >= 1, copies <= maxCopies else { return false }
                Bits.write(UInt64(copies), words, offset + r * copiesWidth, copiesWidth)
            }
            return true
        }
    }

    func read(_ words: UnsafePointer<UInt64>, _ offset: Int) -> Value {
        switch kind {
        case let .scalar(lower, _):
            return .int(lower + Int(Bits.read(words, offset, width)))
        case let .optional(inner):
            return Bits.read(words, offset, 1) == 0 ? .empty : .tuple([inner.read(words, offset + 1)])
        case let .record(fields):
            var bit = offset
            return .tuple(fields.map { field in
                defer { bit += field.width }
                return field.read(words, bit)
            })
        case let .union(tagWidth, variants):
            let tag = Int(Bits.read(words, offset, tagWidth))
            var bit = offset + tagWidth
            return .tuple([.int(tag)] + variants[tag].map { field in
                defer { bit += field.width }
                return field.read(words, bit)
            })
        case let .function(count, inner):
            return .tuple((0..<count).map { inner.read(words, offset + $0 * inner.width) })
        case let .sequence(lengthWidth, _, inner):
            let length = Int(Bits.read(words, offset, lengthWidth))
            return .tuple((0..<length).map { inner.read(words, offset + lengthWidth + $0 * inner.width) })
        case let .set(universe, ordered, _):
            var items: [Value] = []
            var wordIndex = offset >> 6
            var bit = 0
            // Walk the set bits word by word.
            while bit < universe.count {
                let shift = (offset + bit) & 63
                let take = Swift.min(64 - shift, universe.count - bit)
                var chunk = Bits.read(words, offset + bit, take)
                while chunk != 0 {
                    let low = chunk.trailingZeroBitCount
                    items.append(universe[bit + low])
                    chunk &= chunk - 1
                }
                bit += take
                wordIndex += 1
            }
            return .tuple(ordered ? items : items.sorted())
        case let .bag(universe, copiesWidth, _, _):
            var items: [Value] = []
            for (r, element) in universe.enumerated() {
                let copies = Bits.read(words, offset + r * copiesWidth, copiesWidth)
                if copies > 0 { items.append(.tuple([element, .int(Int(copies))])) }
            }
            return .tuple(items)
        }
    }

    /// A rank function that rejects values outside the sort instead of miscounting them.
    ///
    /// Built once per sort as a tree of closures with the strides precomputed, since
    /// it runs for every element of every set written into a state.
    static func checkedRank(_ sort: Sort) -> (Value) -> Int? {
        switch sort {
        case .bool, .enumeration, .node, .int:
            let count = sort.cardinality!
            let lower: Int
            if case let .int(l, _) = sort { lower = l } else { lower = 0 }
            return { value in
                guard case let .int(n) = value, n - lower >= 0, n - lower < count else { return nil }
                return n - lower
            }
        case let .optional(wrapped):
            let inner = checkedRank(wrapped)
            return { value in
                guard case let .tuple(items) = value, items.count <= 1 else { return nil }
                guard let item = items.first else { return 0 }
                return inner(item).map { $0 + 1 }
            }
        case let .record(_, fields):
            let fieldRank = fieldRanker(fields)
            return { value in
                guard case let .tuple(items) = value else { return nil }
                return fieldRank(items[...])
            }
        case let .union(_, variants):
            var offsets: [Int] = []
            var offset = 0
            for variant in variants {
                offsets.append(offset)
                offset += Sort.product(variant.fields)
            }
            let variantRanks = variants.map { fieldRanker($0.fields) }
            return { value in
                guard case let .tuple(items) = value, case let .int(tag)? = items.first,
                      tag >= 0, tag < variantRanks.count, let rank = variantRanks[tag](items.dropFirst()) else { return nil }
                return offsets[tag] + rank
            }
        default:
            return { value in sort.contains(value) ? sort.rank(of: value) : nil }
        }
    }

    /// Mixed-radix rank of a list of fields, the first most significant.
    private static func fieldRanker(_ fields: [Sort.Field]) -> (ArraySlice<Value>) -> Int? {
        let ranks = fields.map { checkedRank($0.sort) }
        let counts = fields.map { $0.sort.cardinality! }
        return { items in
            guard items.count == ranks.count else { return nil }
            var rank = 0
            var i = 0
            for item in items {
                guard let r = ranks[i](item) else { return nil }
                rank = rank * counts[i] + r
                i += 1
            }
            return rank
        }
    }
}
