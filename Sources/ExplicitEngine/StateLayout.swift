import SpecIR

/// The fixed-width bit encoding of states: each variable at its own bit offset.
///
/// A value is stored as its run-time form (see `Shape`): scalars and ranked values
/// take the bits of their rank, bitsets their bits, and tuples lay their parts side
/// by side (bags as a counter per element). A state of a small spec fits in one
/// or two machine words, and two states are equal exactly when their words are.
struct StateLayout {
    let codecs: [Codec]
    /// The same codecs, unretained: read for every written variable of every successor,
    /// where retaining and releasing each codec cost more than writing its bits.
    private let unretained: [Unmanaged<Codec>]
    /// The bit offset of each variable.
    let offsets: [Int]
    /// The bit width of each variable.
    let widths: [Int]
    let wordCount: Int
    /// The leading words that give a state its identity: ghost variables are laid out after
    /// them, from a word boundary, so fingerprints and canonical forms leave them out.
    let identityWordCount: Int

    init(_ shapes: [Shape], ghosts: Set<Int> = []) {
        codecs = shapes.map(Codec.init)
        unretained = codecs.map { Unmanaged.passUnretained($0) }
        widths = codecs.map(\.width)
        var offsets = Array(repeating: 0, count: codecs.count)
        var bit = 0
        for (index, codec) in codecs.enumerated() where !ghosts.contains(index) {
            offsets[index] = bit
            bit += codec.width
        }
        identityWordCount = Swift.max(1, (bit + 63) / 64)
        if !ghosts.isEmpty { bit = identityWordCount * 64 }
        for (index, codec) in codecs.enumerated() where ghosts.contains(index) {
            offsets[index] = bit
            bit += codec.width
        }
        self.offsets = offsets
        wordCount = Swift.max(1, (bit + 63) / 64)
    }

    /// Writes every variable into zeroed words; returns the first variable whose value is outside its sort.
    func encode(_ values: [Value], into words: UnsafeMutablePointer<UInt64>) -> Int? {
        for (index, codec) in codecs.enumerated() where !codec.write(values[index], words, offsets[index]) {
            return index
        }
        return nil
    }

    /// Writes one variable into words where its bits are zero; false if the value is outside its sort.
    func write(_ index: Int, _ value: Value, into words: UnsafeMutablePointer<UInt64>) -> Bool {
        codecs[index].write(value, words, offsets[index])
    }

    /// Rewrites one variable in place.
    func reencode(_ index: Int, _ value: Value, into words: UnsafeMutablePointer<UInt64>) -> Bool {
        let offset = offsets[index]
        Bits.clear(words, offset, widths[index])
        // `codecs` keeps every codec alive as long as the layout.
        return unretained[index]._withUnsafeGuaranteedRef { $0.write(value, words, offset) }
    }

    /// Whether a variable has the same bits in two encoded states.
    func sameBits(_ index: Int, _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>) -> Bool {
        var bit = offsets[index]
        let end = bit + widths[index]
        while bit < end {
            let chunk = Swift.min(64 - (bit & 63), end - bit)
            let mask: UInt64 = chunk == 64 ? ~0 : ((1 << UInt64(chunk)) - 1) << UInt64(bit & 63)
            if (a[bit >> 6] ^ b[bit >> 6]) & mask != 0 { return false }
            bit += chunk
        }
        return true
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

/// How one sort is laid out in bits.
final class Codec {
    enum Kind {
        case rank(count: Int, lower: Int)
        case bitset(universe: Int)
        case optional(Codec)
        case record([Codec])
        case union(tagWidth: Int, variants: [[Codec]])
        case function(count: Int, Codec)
        case sequence(lengthWidth: Int, capacity: Int, Codec)
        case bag(universe: Int, copiesWidth: Int, maxCopies: Int, element: Shape)
        /// A bag of at most `slots` distinct elements: per slot the element's rank + 1 (0 when
        /// empty) and its copies, filled in the run-time order of the elements.
        case slots(slots: Int, rankWidth: Int, copiesWidth: Int, maxCopies: Int, element: Shape)
        /// A bag packed at run time (`PackedBag`), stored in the layout of `slots`.
        case packed(PackedBag, slots: Int, copiesWidth: Int, maxCopies: Int)
    }

    let kind: Kind
    let width: Int

    init(_ shape: Shape) {
        switch (shape.kind, shape.sort) {
        case let (.scalar(lower), _): kind = .rank(count: shape.count ?? 1, lower: lower)
        case (.ranked, _): kind = .rank(count: shape.count!, lower: 0)
        case (.bitset, _): kind = .bitset(universe: shape.element!.count!)
        case let (.packedBag(packed), .bag(_, maxCopies, maxDistinct?)):
            kind = .packed(packed, slots: maxDistinct, copiesWidth: Bits.width(for: maxCopies + 1), maxCopies: maxCopies)
        case (_, .optional): kind = .optional(Codec(shape.element!))
        case (_, .record): kind = .record(shape.fields.map(Codec.init))
        case let (_, .union(_, variants)):
            kind = .union(tagWidth: Bits.width(for: variants.count), variants: shape.variants.map { $0.map(Codec.init) })
        case (_, .function): kind = .function(count: shape.domain!.count!, Codec(shape.element!))
        case let (_, .sequence(_, capacity)):
            kind = .sequence(lengthWidth: Bits.width(for: capacity + 1), capacity: capacity, Codec(shape.element!))
        case let (_, .bag(_, maxCopies, maxDistinct?)):
            kind = .slots(slots: maxDistinct, rankWidth: Bits.width(for: shape.element!.count! + 1),
                          copiesWidth: Bits.width(for: maxCopies + 1), maxCopies: maxCopies, element: shape.element!)
        case let (_, .bag(_, maxCopies, nil)):
            kind = .bag(universe: shape.element!.count ?? 0, copiesWidth: Bits.width(for: maxCopies + 1),
                        maxCopies: maxCopies, element: shape.element!)
        default:
            preconditionFailure("\(shape.sort) cannot be stored (validation rules it out)")
        }
        switch kind {
        case let .rank(count, _): width = Bits.width(for: count)
        case let .bitset(universe): width = universe
        case let .optional(inner): width = 1 + inner.width
        case let .record(fields): width = fields.reduce(0) { $0 + $1.width }
        case let .union(tagWidth, variants):
            width = tagWidth + (variants.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0)
        case let .function(count, inner): width = count * inner.width
        case let .sequence(lengthWidth, capacity, inner): width = lengthWidth + capacity * inner.width
        case let .bag(universe, copiesWidth, _, _): width = universe * copiesWidth
        case let .slots(slots, rankWidth, copiesWidth, _, _): width = slots * (rankWidth + copiesWidth)
        case let .packed(packed, slots, copiesWidth, _): width = slots * (packed.rankWidth + copiesWidth)
        }
    }

    /// Writes a run-time value at `offset`; false if it is not a value of the sort.
    func write(_ value: Value, _ words: UnsafeMutablePointer<UInt64>, _ offset: Int) -> Bool {
        switch kind {
        case let .rank(count, lower):
            guard case let .int(n) = value else { return false }
            let r = n &- lower
            guard r >= 0, r < count else { return false }
            Bits.write(UInt64(r), words, offset, width)
            return true
        case let .bitset(universe):
            guard case let .tuple(items) = value else { return false }
            for (w, item) in items.enumerated() {
                let bits = UInt64(bitPattern: Int64(item.integer))
                let take = Swift.min(64, universe - w * 64)
                guard take > 0 else { return bits == 0 }
                if take < 64 && bits >> UInt64(take) != 0 { return false }
                Bits.write(bits, words, offset + w * 64, take)
            }
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
        case let .bag(_, copiesWidth, maxCopies, element):
            guard case let .tuple(items) = value else { return false }
            for pair in items {
                guard case let .tuple(p) = pair, p.count == 2, let r = element.rank(p[0]),
                      case let .int(copies) = p[1], copies >= 1, copies <= maxCopies else { return false }
                Bits.write(UInt64(copies), words, offset + r * copiesWidth, copiesWidth)
            }
            return true
        case let .slots(slots, rankWidth, copiesWidth, maxCopies, element):
            guard case let .tuple(items) = value, items.count <= slots else { return false }
            var bit = offset
            for pair in items {
                guard case let .tuple(p) = pair, p.count == 2, let r = element.rank(p[0]),
                      case let .int(copies) = p[1], copies >= 1, copies <= maxCopies else { return false }
                Bits.write(UInt64(r + 1), words, bit, rankWidth)
                Bits.write(UInt64(copies), words, bit + rankWidth, copiesWidth)
                bit += rankWidth + copiesWidth
            }
            return true
        case let .packed(packed, slots, copiesWidth, maxCopies):
            // Canonical (no used slot after an empty one) and within the sort's bounds.
            guard case let .int(bag) = value, bag >= 0 else { return false }
            var bit = offset
            var used = 0
            var rest = UInt64(bag)
            let slotMask: UInt64 = (1 << UInt64(packed.slotWidth)) - 1
            let rankMask: UInt64 = (1 << UInt64(packed.rankWidth)) - 1
            while rest != 0 {
                let field = rest & slotMask
                let rank = Int(field & rankMask) - 1
                let copies = Int(field >> UInt64(packed.rankWidth))
                guard used < slots, rank >= 0, rank < packed.count, copies >= 1, copies <= maxCopies else { return false }
                Bits.write(UInt64(rank + 1), words, bit, packed.rankWidth)
                Bits.write(UInt64(copies), words, bit + packed.rankWidth, copiesWidth)
                bit += packed.rankWidth + copiesWidth
                used += 1
                rest >>= UInt64(packed.slotWidth)
            }
            return true
        }
    }

    func read(_ words: UnsafePointer<UInt64>, _ offset: Int) -> Value {
        switch kind {
        case let .rank(_, lower):
            return .int(lower + Int(Bits.read(words, offset, width)))
        case let .bitset(universe):
            var items: [Value] = []
            items.reserveCapacity((universe + 63) / 64)
            var bit = 0
            while bit < universe {
                let take = Swift.min(64, universe - bit)
                items.append(.int(Int(Int64(bitPattern: Bits.read(words, offset + bit, take)))))
                bit += take
            }
            return .tuple(items)
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
        case let .bag(universe, copiesWidth, _, element):
            var items: [Value] = []
            for r in 0..<universe {
                let copies = Bits.read(words, offset + r * copiesWidth, copiesWidth)
                if copies > 0 { items.append(.tuple([element.value(rank: r), .int(Int(copies))])) }
            }
            // Run-time forms of ranked and scalar elements sort as their ranks do; tuples may not.
            if case .parts = element.kind { items.sort() }
            return .tuple(items)
        case let .slots(slots, rankWidth, copiesWidth, _, element):
            var items: [Value] = []
            var bit = offset
            for _ in 0..<slots {
                let r = Int(Bits.read(words, bit, rankWidth))
                if r == 0 { break }
                items.append(.tuple([element.value(rank: r - 1), .int(Int(Bits.read(words, bit + rankWidth, copiesWidth)))]))
                bit += rankWidth + copiesWidth
            }
            return .tuple(items)
        case let .packed(packed, slots, copiesWidth, _):
            var bag: UInt64 = 0
            var bit = offset
            for slot in 0..<slots {
                let rank = Bits.read(words, bit, packed.rankWidth)
                if rank == 0 { break }
                let copies = Bits.read(words, bit + packed.rankWidth, copiesWidth)
                bag |= (rank | copies << UInt64(packed.rankWidth)) << UInt64(slot * packed.slotWidth)
                bit += packed.rankWidth + copiesWidth
            }
            return .int(Int(bitPattern: UInt(bag)))
        }
    }
}
