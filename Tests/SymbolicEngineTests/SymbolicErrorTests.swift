import ExplicitEngine
import Quorum
import QuorumSpecs
import SymbolicEngine
import Testing
import TestSupport

/// Bad specs, unsupported constructs and solver limits: clear errors, never a pass.
@Suite("Symbolic engine errors")
struct SymbolicErrorTests {
    /// The evaluation error a bounded run reports, if any.
    func evaluationError(_ spec: Spec, depth: Int) -> (Diagnostic, Trace)? {
        var options = BoundedOptions()
        options.depth = depth
        do {
            _ = try BoundedModelChecker(spec: spec).run(options)
        } catch {
            if case let .evaluation(diagnostic, trace) = error { return (diagnostic, trace) }
        }
        return nil
    }

    /// A counter whose action divides by (2 - x): evaluation fails once x reaches 2.
    func dividing() throws -> Spec {
        let x = variable("x", .range(0...5))
        return try Spec("Dividing", variables: [x]) {
            Initial { x <- 0 }
            Action("step") {
                Require(x < 5)
                x <- x + 4 / (Term.int(2) - x) - 4 / (Term.int(2) - x) + 1
            }
            Always("small") { x <= 5 }
        }.validated()
    }

    @Test("an evaluation error in a reachable state is reported with a trace to it")
    func evaluationError() throws {
        let spec = try dividing()
        let (diagnostic, trace) = try #require(evaluationError(spec, depth: 5))
        #expect(diagnostic.message == "division by zero")
        #expect(diagnostic.context == "action step")
        #expect(trace.steps.count == 2)
        // The explicit engine fails in the same state.
        let explorer = Explorer(spec: spec)
        #expect(try explorer.replay(trace) == nil)
        #expect(throws: SpecError.self) { try explorer.successors(of: trace.last) }
        // And the explicit engine finds it on its own.
        #expect(throws: SpecError.self) { try Explorer(spec: spec).run() }
    }

    @Test("storing a value outside a variable's sort is an evaluation error")
    func outOfRange() throws {
        let x = variable("x", .range(0...2))
        let spec = try Spec("Overflow", variables: [x]) {
            Initial { x <- 0 }
            Action("up") { x <- x + 1 }
        }.validated()
        let (diagnostic, trace) = try #require(evaluationError(spec, depth: 5))
        #expect(diagnostic.message == "a value assigned to x is outside its sort 0...2")
        #expect(trace.steps.count == 2)
    }

    @Test("a bag stored as slots that would hold too many distinct elements is an evaluation error in both engines")
    func slotOverflow() throws {
        // Two pings in flight at once need two slots; the bag has one.
        let spec = try ToySpecs.pingPong(.bag(maxCopies: 1, maxDistinct: 1), lossy: false).validated()
        let (diagnostic, trace) = try #require(evaluationError(spec, depth: 4))
        #expect(diagnostic.message.contains("outside its sort"))
        #expect(trace.steps.count == 1)
        #expect(try Explorer(spec: spec).replay(trace) == nil)
        // The explicit engine checks storage bounds when it stores the successor.
        #expect(throws: SpecError.self) { try Explorer(spec: spec).run() }
    }

    @Test("a full slot bag may take a new element in an expression that also frees one, in both engines")
    func slotSwap() throws {
        let message = Sort.enumeration("Message", "a", "b")
        let bag = variable("bag", Sort.bag(element: message.sort, maxCopies: 1, maxDistinct: 1))
        let spec = try Spec("Swap", variables: [bag]) {
            Initial { bag <- Term(.literal(.tuple([.tuple([.int(0), .int(1)])]), .bag(element: message.sort, maxCopies: 1, maxDistinct: 1))) }
            Action("swap", over: message.named("m")) { m in
                Require(bag.contains(m))
                // Adding first needs a second slot for a moment; removing frees the first.
                bag <- bag.adding(ite(m == "a", "b", "a")).removingCopy(m)
            }
            Always("one message") { bag.count == 1 }
        }.validated()
        let explicit = try Explorer(spec: spec).run()
        #expect(explicit.verdict == .holds)
        #expect(explicit.statistics.distinctStates == 2)
        var options = BoundedOptions()
        options.depth = 3
        // No evaluation error (the run returns), and the swaps go on for ever: bounded.
        let bounded = try BoundedModelChecker(spec: spec).run(options)
        #expect(bounded.verdict == .incomplete(.depth))
        #expect(bounded.properties.first?.status == .unviolated)
    }

    @Test("a quantifier over a slot bag's elements whose body can fail is ordered as the explicit engine visits them")
    func slotQuantifierOrder() throws {
        // "every message in flight is a ping from p1" reads `from` only after the variant
        // test, so it never fails (the symbolic engine must still order the elements to
        // know it); both engines find the one-step path sending a ping from p2.
        let node = Sort.nodes("p", count: 2)
        let message = Union("Message", ["ping": ["from": node], "pong": ["to": node]])
        let net = Network("net", of: message, .bag(maxCopies: 1, maxDistinct: 2))
        let spec = try Spec("Quantified", variables: []) {
            net
            Initial {}
            Action("ping", over: node) { p in
                Require(net.messages.isEmpty)
                net.send(message.ping(from: p))
            }
            Action("answer") {
                net.receive(where: { m in m.is("ping") }) { m in net.send(message.pong(to: m.from)) }
            }
            Always("only pings from p1") {
                forAll(net.messages.named("m")) { m in m.is("ping") && m.from == node.id(0) }
            }
        }.validated()
        var options = BoundedOptions()
        options.depth = 3
        let bounded = try BoundedModelChecker(spec: spec).run(options)
        let explicit = try Explorer(spec: spec).run()
        #expect(bounded.verdict == .violated)
        #expect(bounded.properties[0].trace?.steps.count == explicit.properties[0].trace?.steps.count)
        #expect(bounded.properties[0].trace?.steps.count == 1)
    }

    @Test("ordering elements holding sequences of two (which the explicit engine ranks shorter first) is refused, not guessed")
    func slotQuantifierUnordered() throws {
        let node = Sort.nodes("p", count: 2)
        let message = Union("Message", ["ping": ["path": Sort.sequence(of: node, capacity: 2)], "pong": ["to": node]])
        let net = Network("net", of: message, .bag(maxCopies: 1, maxDistinct: 2))
        let spec = try Spec("Unordered", variables: []) {
            net
            Initial {}
            Action("ping", over: node) { p in
                Require(net.messages.isEmpty)
                net.send(message.ping(path: .sequence(p)))
            }
            Always("pings go one hop") {
                forAll(net.messages.named("m")) { m in m.is("ping") ==> (m.path.length <= 1) }
            }
        }.validated()
        let diagnostic = try rejection(of: spec)
        #expect(diagnostic.message.contains("cannot order values"))
        #expect(diagnostic.location.file.hasSuffix("SymbolicErrorTests.swift"))
    }

    /// The first diagnostic of the symbolic engine's refusal to encode a spec.
    func rejection(of spec: Spec) throws -> Diagnostic {
        var rejection: SpecError? = nil
        do { _ = try BoundedModelChecker(spec: spec) } catch {
            if case let .unsupported(specError) = error { rejection = specError }
        }
        return try #require(rejection?.diagnostics.first)
    }

    @Test("a construct the engine cannot encode is rejected with its location")
    func unsupported() throws {
        let x = variable("x", .range(0...3))
        let total = variable("total", .range(0...100))
        let spec = try Spec("Loop", variables: [x, total]) {
            Initial {
                x <- 0
                total <- 0
            }
            Action("sum") {
                // Iterating a set of computed integers: the symbolic engine cannot order it.
                ForEach(Term(.map("i", Sort.range(0...3).members.expr, (Term(.bound("i")) + x).expr))) { i in
                    total <- total + i
                }
            }
        }.validated()
        let diagnostic = try rejection(of: spec)
        #expect(diagnostic.message.contains("does not support ForEach"))
        #expect(diagnostic.location.file.hasSuffix("SymbolicErrorTests.swift"))
    }

    @Test("a solver timeout makes the run incomplete, never a pass")
    func timeout() throws {
        var options = BoundedOptions()
        options.depth = 30
        options.timeoutSeconds = 0.2
        let result = try BoundedModelChecker(spec: Paxos.instantiate(["acceptors": 3, "values": 3, "maxBallot": 2])).run(options)
        #expect(result.verdict == .incomplete(.timeout))
        #expect(result.properties.allSatisfy { $0.status != .holds })
        var proof = ProofOptions()
        proof.timeoutSeconds = 0.000_001
        let proved = try InductionProver(spec: Paxos.instantiate([:])).run(proof)
        #expect(proved.verdict == .unknown)
    }
}
