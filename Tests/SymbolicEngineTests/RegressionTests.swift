import ExplicitEngine
import Quorum
import SymbolicEngine
import Testing

/// Specs that once made the symbolic engine disagree with the explicit one (found in
/// review), each checked against the explicit engine.
@Suite("Symbolic engine regressions")
struct SymbolicRegressionTests {
    /// Both engines, every path; the findings must agree.
    func agree(_ spec: Spec, depth: Int = 6) throws {
        var explicitOptions = ExplorationOptions()
        explicitOptions.stopAtFirstViolation = false
        let explicit = try Explorer(spec: spec).run(explicitOptions)
        var options = BoundedOptions()
        options.stopAtFirstViolation = false
        options.depth = depth
        let bounded = try BoundedModelChecker(spec: spec).run(options)
        #expect(CrossCheck.compare(explicit: explicit, bounded: bounded).isEmpty,
                "\(CrossCheck.compare(explicit: explicit, bounded: bounded))")
    }

    @Test("values left in unused slots do not block real successors")
    func leftovers() throws {
        let s = variable("s", .sequence(of: .range(0...7), capacity: 2))
        let log = variable("log", .sequence(of: .range(0...3), capacity: 2))
        let a = variable("a", Sort.bool)
        let done = variable("done", Sort.bool)
        let spec = try Spec("Leftovers", variables: [s, log, a, done]) {
            Initial {
                s <- .sequence(1, 5)
                log <- []
                a <- false
                done <- false
            }
            Action("shorten") {
                Require(!a)
                s <- s.prefix(1)
                a <- true
            }
            Action("copy") {
                Require(a && !done)
                log <- s.dropping(1)
                done <- true
            }
            Always("not done") { !done }
        }.validated()
        try agree(spec)
    }

    @Test("literal sets and inferred function codomains hold any integer")
    func widening() throws {
        let node = Sort.nodes("n", count: 2)
        let x = variable("x", .range(0...3))
        let spec = try Spec("Widening", variables: [x]) {
            Initial { x <- 2 }
            Action("down") {
                Require(x > 0)
                x <- x - 1
            }
            Always("in a literal set or zero") { ([1, 2] as Term).contains(x) || x == 0 }
            Always("a function literal takes other values") {
                define(function(node) { _ in 0 }) { f in f.updating(.node(0, of: node), to: 1)[.node(0, of: node)] == 1 }
            }
            Always("an integer outside a set's sort is just not in it") { !Sort.range(0...3).members.contains(x + 4) }
        }.validated()
        try agree(spec)
    }

    @Test("a quantifier over computed integers fails where the explicit engine, visiting them in order, fails")
    func listedOrder() throws {
        let y = variable("y", .range(0...0))
        let spec = try Spec("Order", variables: [y]) {
            Initial { y <- 0 }
            Always("three or six over") {
                exists(Term(.setOf(nil, [(y + 3).expr, (y + 1).expr])).named("v")) { v in v == 3 || Term.int(6) / (v - 1) == 0 }
            }
        }.validated()
        #expect(throws: SpecError.self) { try Explorer(spec: spec).run() }
        var options = BoundedOptions()
        options.depth = 2
        var failed = false
        do { _ = try BoundedModelChecker(spec: spec).run(options) } catch {
            if case let .evaluation(diagnostic, _) = error { failed = diagnostic.message == "division by zero" }
        }
        #expect(failed)
    }

    @Test("k-induction checks expanding the first states too (division by zero at x = 0)")
    func kInductionBase() throws {
        let x = variable("x", .range(0...2))
        let spec = try Spec("Base", variables: [x]) {
            Initial { x <- 0 }
            Action("inc") {
                Require(x < 2)
                x <- x + 1 + 0 * (Term.int(1) / x)
            }
            Always("at most 2") { x <= 2 }
        }.validated()
        var options = ProofOptions()
        options.k = 2
        let result = try InductionProver(spec: spec).run(options)
        #expect(result.verdict == .notInductive)
        #expect(result.counterexample?.kind == .evaluation)
        #expect(result.counterexample?.state == [.int(0)])
    }

    @Test("an invariant that fails to evaluate only outside the auxiliary invariants does not break the proof")
    func guardedByAuxiliary() throws {
        let o = variable("o", .optional(.range(0...3)))
        let spec = try Spec("Guarded", variables: [o]) {
            Initial { o <- some(0) }
            Action("inc") {
                Require(o.unwrapped < 3)
                o <- some(o.unwrapped + 1)
            }
            Always("present", auxiliary: true) { o.isSome }
            Always("non-negative") { o.unwrapped >= 0 }
        }.validated()
        let result = try InductionProver(spec: spec).run()
        #expect(result.verdict == .proven)
    }
}
