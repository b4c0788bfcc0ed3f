import ExplicitEngine
import Quorum
import Testing

/// Cases found in review: branches inside loops, binders live across later statements,
/// values whose inferred sort is widened, and partial updates in the initial block.
@Suite("Compiler regressions")
struct RegressionTests {
    func run(_ spec: Spec) throws -> CheckResult {
        try Explorer(spec: spec.validated()).run()
    }

    @Test("a branch inside ForEach resumes with its own iteration: 2 × 2 successors")
    func branchInsideLoop() throws {
        let node = Sort.nodes("n", count: 2)
        let x = variable("x", .function(node, Sort.range(0...2)))
        let spec = Spec("Loop", variables: [x]) {
            Initial { x <- function(node) { _ in 0 } }
            Action("set") {
                Require(x[node.id(0)] == 0)
                ForEach(node) { n in
                    Either { x[n] <- 1 } or: { x[n] <- 2 }
                }
            }
        }
        let explorer = Explorer(spec: try spec.validated())
        let successors = try explorer.successors(of: try explorer.initialStates()[0]).map(\.state)
        #expect(Set(successors) == [[.tuple([.int(1), .int(1)])], [.tuple([.int(1), .int(2)])],
                                    [.tuple([.int(2), .int(1)])], [.tuple([.int(2), .int(2)])]])
        #expect(try run(spec).statistics.distinctStates == 5)
    }

    @Test("a choice stays bound while later statements quantify")
    func choiceLiveAcrossQuantifier() throws {
        let bit = Sort.range(0...1)
        let last = variable("last", .range(0...3))
        let spec = Spec("Choices", variables: [last]) {
            Initial { last <- 0 }
            Action("pick") {
                Choose(bit) { a in
                    Choose(bit) { b in
                        last <- a * 2 + b
                    }
                }
                Require(forAll(bit) { n in n + last >= 0 })
            }
        }
        #expect(try run(spec).statistics.distinctStates == 4)
    }

    @Test("values of widened sorts are converted, not reinterpreted")
    func widenedSorts() throws {
        let x = variable("x", .setOf(Sort.range(0...3)))
        let spec = Spec("Widened", variables: [x]) {
            Initial { x <- [1, 3] }
            Always("an optional of a set equals itself") { some(x) == some(x) }
            Always("unwrapping keeps the set") { define(some(x)) { o in o.unwrapped.count == 2 } }
            Always("mapping sets of sets") { ([x] as Term).map { s in s.count }.contains(2) }
        }
        #expect(try run(spec).verdict == .holds)
    }

    @Test("updating part of a variable before the initial block sets it is an error, not a crash")
    func partialInitialUpdate() throws {
        let node = Sort.nodes("n", count: 2)
        let log = variable("log", .function(node, Sort.sequence(of: Sort.bool, capacity: 1)))
        let spec = Spec("Partial", variables: [log]) {
            Initial {
                ForEach(node) { n in log[n] <- [] }
            }
        }
        #expect {
            try run(spec)
        } throws: { error in
            (error as? SpecError)?.diagnostics.first?.message.contains("updated before the initial block sets all of it") == true
        }
    }

    @Test("quantifiers and filters that require a message type visit only that type, across bitset words")
    func variantRestrictedIteration() throws {
        let message = Union("Message", ["small": ["x": Sort.range(0...3)], "big": ["y": Sort.range(0...99)]])
        let msgs = variable("msgs", .setOf(message))
        let spec = Spec("Variants", variables: [msgs]) {
            Initial { msgs <- [message.small(x: 1), message.big(y: 70), message.big(y: 5)] }
            Always("every big message is below 80") { forAll(msgs.named("m")) { m in m.is("big") ==> m.y < 80 } }
            Always("a big message carries 70") { exists(msgs.named("m")) { m in m.is("big") && m.y == 70 } }
            Always("two big messages above 1") { msgs.filter { m in m.is("big") && m.y > 1 }.count == 2 }
            Always("a small message carries 1") { exists(msgs.named("m")) { m in m.is("small") && m.x == 1 } }
            Always("every big message is below 60") { forAll(msgs.named("m")) { m in m.is("big") ==> m.y < 60 } }
        }
        var options = ExplorationOptions()
        options.stopAtFirstViolation = false
        let result = try Explorer(spec: spec.validated()).run(options)
        #expect(result.properties.map(\.status) == [.holds, .holds, .holds, .holds, .violated])
    }

    @Test("a subterm hoisted out of a quantifier is computed only when the body reaches it")
    func lazyHoisting() throws {
        let x = variable("x", .range(0...1))
        let values = variable("values", .setOf(Sort.range(0...3)))
        let spec = Spec("Lazy", variables: [x, values]) {
            Initial {
                x <- 0
                values <- []
            }
            // `values.filter {…}.max` does not depend on n, so it is hoisted; it would fail
            // on the empty set, but `x == 0` always decides first.
            Always("short-circuit") {
                forAll(Sort.range(0...1).named("n")) { n in
                    n == 5 || x == 0 || values.filter { v in v > 0 }.max > 0
                }
            }
        }
        #expect(try run(spec).verdict == .holds)
    }

    @Test("sets of different bounds compare by their elements")
    func differentBounds() throws {
        let small = variable("small", .setOf(Sort.range(0...3)))
        let large = variable("large", .setOf(Sort.range(0...7)))
        let spec = Spec("Bounds", variables: [small, large]) {
            Initial {
                small <- [1, 2]
                large <- [1, 2, 5]
            }
            Always("small within large") { small.isSubset(of: large) }
            Always("not equal") { small != large }
        }
        #expect(try run(spec).verdict == .holds)
    }
}
