@testable import ExplicitEngine
import SpecIR
import Testing

/// The fixed-width encoding: every value of a variable's sort survives encode then decode.
@Suite("State encoding")
struct StateLayoutTests {
    let node = Sort.node(name: "n", count: 3)
    var message: Sort {
        .union(name: "M", variants: [.init("ping", [.init("from", node), .init("round", .int(lower: -1, upper: 1))]), .init("ack", [])])
    }

    @Test("small compound sorts are carried as ranks, large sets as bitsets, the rest as tuples")
    func shapes() {
        let cache = ShapeCache()
        #expect(cache.shape(message).isRanked)
        #expect(cache.shape(.function(domain: node, codomain: .int(lower: 0, upper: 2))).isRanked)
        #expect(cache.shape(.set(element: node)).isRanked)
        if case .bitset(words: 1) = cache.shape(.set(element: .int(lower: 0, upper: 63))).kind {} else { Issue.record("expected a bitset") }
        if case .parts = cache.shape(.sequence(element: message, capacity: 2)).kind {} else { Issue.record("expected parts") }
        for sort in [message, .sequence(element: message, capacity: 2), .set(element: node), .optional(message)] {
            let shape = cache.shape(sort)
            let ranks = (0..<shape.count!).filter { shape.rankIR(shape.valueIR(rank: $0)) == $0 }
            #expect(ranks.count == shape.count!)
            #expect((0..<shape.count!).map(shape.valueIR).allSatisfy(sort.contains))
        }
    }

    @Test("a sequence's run-time values and ranks agree with its IR values, in and out of the table")
    func sequenceRanks() {
        let cache = ShapeCache()
        // 1 + 10 + 100 values: within the table; up to five messages, 111,111 values: outside it.
        for capacity in [2, 5] {
            let shape = cache.shape(.sequence(element: message, capacity: capacity))
            #expect((shape.count! <= Shape.sequenceTableLimit) == (shape.sequenceTable.count == shape.count!))
            for r in stride(from: 0, to: shape.count!, by: max(1, shape.count! / 500)) {
                let value = shape.value(rank: r)
                #expect(value == shape.toRuntime(shape.valueIR(rank: r)))
                #expect(shape.rank(value) == r)
            }
        }
        let short = cache.shape(.sequence(element: message, capacity: 2))
        let ping = short.element!.toRuntime(.tuple([.int(0), .int(1), .int(0)]))
        #expect(short.rank(.tuple([ping, ping, ping])) == nil)
        #expect(short.rank(.tuple([.int(99)])) == nil)
        #expect(short.rank(.tuple([])) == 0)
    }

    @Test("values of every kind of sort round-trip through the bit layout")
    func roundTrip() {
        let sorts: [Sort] = [
            .bool, .int(lower: -1, upper: 5), node, .optional(node), message,
            .function(domain: node, codomain: .int(lower: 0, upper: 2)),
            .set(element: message), .sequence(element: message, capacity: 2), .bag(element: node, maxCopies: 3),
        ]
        let samples: [[Value]] = [
            [.int(1), .int(-1), .int(2), .tuple([.int(1)]), .tuple([.int(0), .int(2), .int(-1)]),
             .tuple([.int(2), .int(0), .int(1)]), .tuple([.tuple([.int(0), .int(0), .int(1)]), .tuple([.int(1)])]),
             .tuple([.tuple([.int(1)]), .tuple([.int(0), .int(1), .int(0)])]), .tuple([.tuple([.int(2), .int(3)])])],
            [.int(0), .int(5), .int(0), .empty, .tuple([.int(1)]),
             .tuple([.int(0), .int(0), .int(0)]), .empty, .empty, .empty],
        ]
        let cache = ShapeCache()
        let shapes = sorts.map(cache.shape)
        let layout = StateLayout(shapes)
        for values in samples {
            let runtime = zip(shapes, values).map { $0.toRuntime($1) }
            let words = UnsafeMutablePointer<UInt64>.allocate(capacity: layout.wordCount)
            defer { words.deallocate() }
            words.initialize(repeating: 0, count: layout.wordCount)
            #expect(layout.encode(runtime, into: words) == nil)
            #expect(layout.decode(words) == runtime)
            #expect(zip(shapes, layout.decode(words)).map { $0.toIR($1) } == values)
        }
    }

    @Test("a value outside its sort is refused, not stored as another value")
    func outOfBounds() {
        let cache = ShapeCache()
        let layout = StateLayout([cache.shape(.int(lower: 0, upper: 2)), cache.shape(.sequence(element: .bool, capacity: 1))])
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: layout.wordCount)
        defer { words.deallocate() }
        words.initialize(repeating: 0, count: layout.wordCount)
        #expect(layout.encode([.int(3), .empty], into: words) == 0)
        words.initialize(repeating: 0, count: layout.wordCount)
        #expect(layout.encode([.int(0), .tuple([.int(1), .int(0)])], into: words) == 1)
    }

    @Test("fingerprints differ for states that differ in one bit")
    func fingerprints() {
        var a: [UInt64] = [0, 0]
        var b: [UInt64] = [0, 1 << 63]
        let fa = a.withUnsafeMutableBufferPointer { Fingerprint.of($0.baseAddress!, count: 2) }
        let fb = b.withUnsafeMutableBufferPointer { Fingerprint.of($0.baseAddress!, count: 2) }
        #expect(fa != fb)
        #expect(fa != 0 && fb != 0)
    }

    @Test("the fingerprint set reports new and repeated fingerprints across growth")
    func fingerprintSet() {
        var set = FingerprintSet()
        let fresh = (1...100_000).filter { set.insert(Fingerprint.mix(UInt64($0))) }.count
        let repeated = stride(from: 1, through: 100_000, by: 997).filter { set.insert(Fingerprint.mix(UInt64($0))) }.count
        #expect(fresh == 100_000)
        #expect(repeated == 0)
        #expect(set.count == 100_000)
    }
}
