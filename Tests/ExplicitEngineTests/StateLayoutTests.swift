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
        let layout = StateLayout(sorts)
        for values in samples {
            let words = UnsafeMutablePointer<UInt64>.allocate(capacity: layout.wordCount)
            defer { words.deallocate() }
            words.initialize(repeating: 0, count: layout.wordCount)
            #expect(layout.encode(values, into: words) == nil)
            #expect(layout.decode(words) == values)
        }
    }

    @Test("a value outside its sort is refused, not stored as another value")
    func outOfBounds() {
        let layout = StateLayout([.int(lower: 0, upper: 2), .set(element: message)])
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: layout.wordCount)
        defer { words.deallocate() }
        words.initialize(repeating: 0, count: layout.wordCount)
        #expect(layout.encode([.int(3), .empty], into: words) == 0)
        words.initialize(repeating: 0, count: layout.wordCount)
        #expect(layout.encode([.int(0), .tuple([.tuple([.int(0), .int(0), .int(2)])])], into: words) == 1)
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
