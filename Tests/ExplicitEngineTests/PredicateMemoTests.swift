@testable import ExplicitEngine
import Quorum
import SpecIR
import Testing

/// Remembered predicate values, keyed by the exact bits of the variables a predicate reads.
@Suite("Predicate memo")
struct PredicateMemoTests {
    func layout(_ sorts: [Sort]) -> StateLayout {
        let shapes = ShapeCache()
        return StateLayout(sorts.map { shapes.shape($0) })
    }

    func encode(_ layout: StateLayout, _ values: [Int]) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: layout.wordCount)
        words.withUnsafeMutableBufferPointer { _ = layout.encode(values.map(Value.int), into: $0.baseAddress!) }
        return words
    }

    /// The memo's value in a state, counting how often the predicate is worked out.
    func value(_ memo: PredicateMemo, _ state: [UInt64], after: [UInt64]? = nil, worked: inout Int,
               _ predicate: () -> Bool) -> Bool {
        let key = state.withUnsafeBufferPointer { s in
            (after ?? state).withUnsafeBufferPointer { a in memo.key(s.baseAddress!, after: after == nil ? nil : a.baseAddress!) }
        }
        if let known = memo.remembered(key) { return known }
        worked += 1
        let holds = predicate()
        memo.remember(key, holds)
        return holds
    }

    @Test("a value is worked out once per key; a variable the predicate does not read is not part of the key")
    func direct() throws {
        let layout = layout([.range(0...3), .range(0...3)])
        let memo = try #require(PredicateMemo(layout: layout, reads: [0]))
        defer { memo.release() }
        var worked = 0
        #expect(value(memo, encode(layout, [1, 0]), worked: &worked) { true })
        #expect(value(memo, encode(layout, [1, 2]), worked: &worked) { false })
        #expect(worked == 1)
        #expect(!value(memo, encode(layout, [2, 2]), worked: &worked) { false })
        #expect(!value(memo, encode(layout, [2, 0]), worked: &worked) { true })
        #expect(worked == 2)
    }

    @Test("keys of more than 64 bits are compared whole, and slots that many keys share never give a wrong value")
    func hashed() throws {
        // Two variables of 41 bits: an 82-bit key, in the hashed table of 2^14 slots.
        let big = 1 << 40
        let layout = layout([.range(0...big), .range(0...big), .range(0...1)])
        let memo = try #require(PredicateMemo(layout: layout, reads: [0, 1]))
        defer { memo.release() }
        var worked = 0
        // States apart only in the top bit of the second variable, the key's high word.
        #expect(value(memo, encode(layout, [5, 0, 0]), worked: &worked) { true })
        #expect(!value(memo, encode(layout, [5, big, 0]), worked: &worked) { false })
        #expect(value(memo, encode(layout, [5, 0, 1]), worked: &worked) { false })
        #expect(worked == 2)
        // 50,000 keys, more than the slots: each value is the predicate's.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50000 {
            let a = Int.random(in: 0...big, using: &generator)
            let b = Int.random(in: 0...big, using: &generator)
            let truth = (a ^ b) % 3 == 0
            #expect(value(memo, encode(layout, [a, b, 0]), worked: &worked) { truth } == truth)
        }
    }

    @Test("a transition property's key holds the variables it reads in both states")
    func transition() throws {
        let layout = layout([.range(0...3), .range(0...3)])
        let memo = try #require(PredicateMemo(layout: layout, reads: [0], after: true))
        defer { memo.release() }
        var worked = 0
        #expect(value(memo, encode(layout, [1, 0]), after: encode(layout, [2, 0]), worked: &worked) { true })
        #expect(!value(memo, encode(layout, [1, 0]), after: encode(layout, [0, 0]), worked: &worked) { false })
        #expect(!value(memo, encode(layout, [2, 0]), after: encode(layout, [1, 0]), worked: &worked) { false })
        #expect(value(memo, encode(layout, [1, 3]), after: encode(layout, [2, 1]), worked: &worked) { false })
        #expect(worked == 3)
    }

    @Test("with irrelevance, an invariant is judged in the successor even after a mask judged its condition in the parent")
    func judgedInTheSuccessor() throws {
        // The step changes only c; the mask on `flag` (condition on a) is then worked out
        // in the parent, between the constraint and the invariant, both of which read c.
        let node = Sort.nodes("n", count: 1)
        let a = variable("a", .range(0...1))
        let flag = variable("flag", .function(node, .range(0...1)))
        let c = variable("c", .range(0...3))
        let spec = try Spec("Masked", variables: [a, flag, c]) {
            Irrelevant(flag) { _ in a == 1 }
            Initial {
                a <- 0
                flag <- function(node) { _ in 0 }
                c <- 0
            }
            Action("count") {
                Require(c < 3)
                c <- c + 1
            }
            Always("never at 2") { c != 2 }
            StateConstraint { c <= 3 }
        }.validated()
        for memos in [true, false] {
            var options = ExplorationOptions()
            options.irrelevance = true
            options.memos = memos
            let result = try Explorer(spec: spec).run(options)
            #expect(result.verdict == .violated)
            #expect(result.properties.first?.trace?.steps.count == 2)
        }
    }

    @Test("a predicate that reads more than 126 bits has no memo")
    func tooWide() {
        // 62 bits each: two make a key, three do not.
        let wide = layout([.range(0...(1 << 61)), .range(0...(1 << 61)), .range(0...(1 << 61))])
        let two = PredicateMemo(layout: wide, reads: [0, 2])
        #expect(two != nil)
        two?.release()
        #expect(PredicateMemo(layout: wide, reads: [0, 1, 2]) == nil)
    }
}
