@testable import ExplicitEngine
import Quorum
import Testing
import TestSupport

/// The table of states outside the constraint already judged, and the search's use of it.
@Suite("Judged cache")
struct JudgedCacheTests {
    @Test("a fingerprint is new once; a slot keeps only its last fingerprint, so a forgotten one is new again")
    func slots() {
        let cache = JudgedCache()
        defer { cache.release() }
        // The slot is the top 20 bits: 5 and 6 share slot 0, the third is in the last slot.
        let third = UInt64.max
        #expect(cache.insert(5))
        #expect(!cache.insert(5))
        #expect(cache.insert(third))
        #expect(!cache.insert(5))
        #expect(cache.insert(6))
        #expect(!cache.insert(6))
        #expect(!cache.insert(third))
        #expect(cache.insert(5))
    }

    /// Runs the search itself, to read how many states outside the constraint it judged.
    /// Without memos unless asked: with them, a state whose properties are all remembered
    /// skips the cache (see `rememberedNotCached`).
    func search(_ spec: Spec, memos: Bool = false) throws -> (CheckResult, judged: Int) {
        var options = ExplorationOptions()
        options.stopAtFirstViolation = false
        options.memos = memos
        let search = Search(program: Program(try spec.validated()), options: options)
        defer { search.release() }
        try search.explore()
        return (search.result(), search.judgedOutside)
    }

    /// Two counters, each property decided outside the constraint x + y <= 2.
    let outside = ToySpecs.twoCounters { x, y in
        Always("never at 1, 2") { !(x == 1 && y == 2) }
        Sometimes("at 2, 1") { x == 2 && y == 1 }
        StateConstraint { x + y <= 2 }
    }

    @Test("outside the constraint, a state reached again is judged once, and a step that moves no open property not at all")
    func judgedOnce() throws {
        let spec = outside
        let (result, judged) = try search(spec)
        #expect(result.properties.map(\.status) == [.violated, .witnessFound])
        #expect(result.properties[0].trace?.last == [.int(1), .int(2)])
        #expect(result.properties[1].trace?.last == [.int(2), .int(1)])
        // Outside x + y <= 2, in the order generated: (3, 0) and (2, 1) from (2, 0), judged;
        // (2, 1) again from (1, 1), remembered; (1, 2), judged; from (0, 2), (1, 2) and (0, 3)
        // after both properties are decided, not judged.
        #expect(judged == 3)
    }

    @Test("with memos, a state outside the constraint whose properties are all remembered is judged by them, not looked up")
    func rememberedNotCached() throws {
        let spec = outside
        let (without, _) = try search(spec)
        let (result, judged) = try search(spec, memos: true)
        #expect(result.properties.map(\.status) == without.properties.map(\.status))
        #expect(result.properties.map(\.trace) == without.properties.map(\.trace))
        #expect(result.statistics.distinctStates == without.statistics.distinctStates)
        #expect(result.statistics.generatedStates == without.statistics.generatedStates)
        // (2, 1) reached again from (1, 1) is judged again (by the memos), so 4, not 3.
        #expect(judged == 4)
    }

    @Test("two states outside the constraint that differ only in a ghost are judged apart")
    func ghostsCount() throws {
        let x = variable("x", .range(0...3))
        let mark = ghost("mark", .range(0...1))
        let spec = Spec("Marked", variables: [x, mark]) {
            Initial {
                x <- 0
                mark <- 0
            }
            Action("step", over: Sort.range(0...1).named("m")) { m in
                Require(x < 3)
                x <- x + 1
                mark <- m
            }
            Always("never at 2 marked") { !(x == 2 && mark == 1) }
            StateConstraint { x <= 1 }
        }
        let (result, judged) = try search(spec)
        // (2, 0) and then (2, 1), one state of the protocol, are both judged; the second fails.
        #expect(result.properties[0].status == .violated)
        #expect(result.properties[0].trace?.last == [.int(2), .int(1)])
        #expect(judged == 2)
    }
}
