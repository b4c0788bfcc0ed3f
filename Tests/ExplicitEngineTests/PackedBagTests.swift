@testable import ExplicitEngine
import Quorum
import SpecIR
import Testing

/// Bags of few distinct elements packed in one integer, against a plain model of a bag.
@Suite("Packed bag")
struct PackedBagTests {
    func packed(_ sort: Sort) throws -> PackedBag {
        let shapes = ShapeCache()
        guard case let .packedBag(packed) = shapes.shape(sort).kind else {
            Issue.record("\(sort) is not packed")
            throw SpecError([])
        }
        return packed
    }

    @Test("random adds and removes give the model's copies, in rank order, and refuse exactly what does not fit")
    func againstModel() throws {
        // 10 elements, at most 2 copies and 3 distinct: 4 bits of rank, 2 of copies (up to 3),
        // and 10 slots in 63 bits.
        let bag = try packed(.bag(element: .range(0...9), maxCopies: 2, maxDistinct: 3))
        #expect(bag.slots == 10)
        #expect(bag.maxCopies == 3)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var value = 0
            var model: [Int: Int] = [:]
            for _ in 0..<60 {
                let rank = Int.random(in: 0...9, using: &generator)
                let delta = Bool.random(using: &generator) ? 1 : -1
                let expected = (model[rank] ?? 0) + delta
                let fits = expected <= bag.maxCopies && (model[rank] != nil || delta < 0 || model.count < bag.slots)
                let adjusted = bag.adjust(value, rank: rank, by: delta)
                #expect((adjusted != nil) == fits)
                guard let adjusted else { continue }
                value = adjusted
                if expected <= 0 { model[rank] = nil } else { model[rank] = expected }
                for r in 0...9 { #expect(bag.copies(value, rank: r) == model[r] ?? 0) }
                #expect(bag.unpack(value).map(\.rank) == model.keys.sorted())
                #expect(bag.distinct(value) == model.count)
                #expect(bag.total(value) == model.values.reduce(0, +))
                #expect(bag.pack(model.map { ($0.key, $0.value) }) == value)
            }
        }
    }

    @Test("a bag's run-time form goes to IR values and back, and the state encoding refuses one beyond its sort")
    func conversions() throws {
        let sort = Sort.bag(element: .range(2...5), maxCopies: 1, maxDistinct: 2)
        let shape = ShapeCache().shape(sort)
        let ir = Value.tuple([.tuple([.int(2), .int(1)]), .tuple([.int(5), .int(1)])])
        let runtime = shape.toRuntime(ir)
        #expect(shape.toIR(runtime) == ir)
        let layout = StateLayout([shape])
        var words = [UInt64](repeating: 0, count: layout.wordCount)
        #expect(words.withUnsafeMutableBufferPointer { layout.encode([runtime], into: $0.baseAddress!) } == nil)
        #expect(words.withUnsafeBufferPointer { layout.decode($0.baseAddress!) } == [runtime])
        // Three distinct elements fit the packed form for a moment, not the sort.
        let packed = try packed(sort)
        let three = try #require(packed.adjust(runtime.integer, rank: 1, by: 1))
        words = [UInt64](repeating: 0, count: layout.wordCount)
        #expect(words.withUnsafeMutableBufferPointer { layout.encode([.int(three)], into: $0.baseAddress!) } == 0)
        // Two copies of one element: beyond maxCopies 1.
        let doubled = try #require(packed.adjust(runtime.integer, rank: 0, by: 1))
        words = [UInt64](repeating: 0, count: layout.wordCount)
        #expect(words.withUnsafeMutableBufferPointer { layout.encode([.int(doubled)], into: $0.baseAddress!) } == 0)
    }

    @Test("overfilling a bag beyond its packed form within one expression is an evaluation error naming the bag")
    func overfilled() throws {
        let message = Sort.enumeration("Message", "a", "b")
        let bag = variable("bag", Sort.bag(element: message.sort, maxCopies: 1, maxDistinct: 1))
        let spec = try Spec("Overfilled", variables: [bag]) {
            Initial { bag <- Term(.literal(.tuple([]), .bag(element: message.sort, maxCopies: 1, maxDistinct: 1))) }
            Action("pile") {
                // Four copies of "a" for a moment: the packed form counts up to 3.
                bag <- bag.adding("a").adding("a").adding("a").adding("a").removingCopy("a").removingCopy("a")
                    .removingCopy("a")
            }
        }.validated()
        do {
            _ = try Explorer(spec: spec).run()
            Issue.record("expected an evaluation error")
        } catch let error as SpecError {
            #expect(error.diagnostics.first?.message.contains("the bag would hold more than") == true)
            #expect(error.diagnostics.first?.context == "action pile")
        }
    }
}
