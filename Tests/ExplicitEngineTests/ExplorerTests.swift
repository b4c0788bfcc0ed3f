import Foundation
import ExplicitEngine
import Quorum
import TestSupport
import Testing

/// The exploration loop on toy specs whose counts are worked out by hand.
@Suite("Explorer")
struct ExplorerTests {
    func run(_ spec: Spec, _ configure: (inout ExplorationOptions) -> Void = { _ in }) throws -> CheckResult {
        var options = ExplorationOptions()
        configure(&options)
        return try Explorer(spec: spec.validated()).run(options)
    }

    @Test("a counter to 3 has 4 states, 4 generated, depth 4")
    func counter() throws {
        let result = try run(ToySpecs.counter(limit: 3))
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 4)
        #expect(result.statistics.generatedStates == 4)
        #expect(result.statistics.depth == 4)
    }

    @Test("three independent toggles reach 2³ states in 4 levels, 1 + 8·3 generated")
    func toggles() throws {
        let result = try run(ToySpecs.toggles(bits: 3))
        #expect(result.statistics.distinctStates == 8)
        #expect(result.statistics.generatedStates == 25)
        #expect(result.statistics.depth == 4)
    }

    @Test("several initial states from a choice in the initial block")
    func initialChoices() throws {
        let result = try run(ToySpecs.choices(count: 3))
        #expect(result.statistics.distinctStates == 3)
        #expect(result.statistics.depth == 1)
    }

    @Test("a successor outside the constraint is generated but neither counted nor expanded")
    func constraintSemantics() throws {
        let result = try run(ToySpecs.counter(limit: 10, constraintAtMost: 3))
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 4)
        #expect(result.statistics.generatedStates == 5)
        #expect(result.statistics.depth == 4)
    }

    @Test("a state outside the constraint is still checked against the invariants")
    func constraintStillChecked() throws {
        let result = try run(ToySpecs.counter(limit: 10, invariantBelow: 4, constraintAtMost: 3))
        #expect(result.verdict == .violated)
        let property = try #require(result.properties.first { $0.name == "x is small" })
        #expect(property.status == .violated)
        #expect(property.trace?.steps.count == 4)
        #expect(property.trace?.last == [.int(4)])
    }

    /// Invariants on each counter and a witness; the constraint bounds only y.
    func twoCounters(xBelow: Int, yBelow: Int) -> Spec {
        ToySpecs.twoCounters { x, y in
            Always("x is small") { x < .int(xBelow) }
            Always("y is small") { y < .int(yBelow) }
            Sometimes("x and y are 2") { x == 2 && y == 2 }
            StateConstraint { y <= 1 }
        }
    }

    @Test("a property is judged again only when a step changes what it reads, and no verdict is lost")
    func unchangedVariablesSkipped() throws {
        let holds = try run(twoCounters(xBelow: 5, yBelow: 5)) { $0.stopAtFirstViolation = false }
        // x 0...4 with y 0...1 inside the constraint, 10 states; the witness x = y = 2 lies outside it.
        #expect(holds.statistics.distinctStates == 10)
        #expect(holds.properties.map(\.status) == [.holds, .holds, .witnessFound])
        #expect(holds.properties[2].trace?.steps.count == 4)

        let violated = try run(twoCounters(xBelow: 3, yBelow: 2)) { $0.stopAtFirstViolation = false }
        #expect(violated.properties.map(\.status) == [.violated, .violated, .witnessFound])
        // x reaches 3 after three steps that change x; y reaches 2 (outside) after two that change y.
        #expect(violated.properties[0].trace?.last == [.int(3), .int(0)])
        #expect(violated.properties[1].trace?.last == [.int(0), .int(2)])
        let explorer = Explorer(spec: try twoCounters(xBelow: 3, yBelow: 2).validated())
        for property in violated.properties {
            #expect(try explorer.replay(try #require(property.trace)) == nil)
        }
    }

    /// Transition properties under a constraint of two bounds: the search judges a step
    /// again only by the bounds it may have moved, and a transition property that reads
    /// nothing the step changed by its value on the parent's stuttering step.
    func stepping(stepsMoveX: Bool) -> Spec {
        ToySpecs.twoCounters { x, y in
            Transition("x never decreases") { x.next >= x }
            if stepsMoveX { Transition("every step moves x") { x.next != x } }
            StateConstraint { x <= 3 && y <= 1 }
        }
    }

    @Test("constraint bounds and transition properties are judged again only when a step moves what they read")
    func boundsAndStutteringSteps() throws {
        // x 0...3 and y 0...1 inside the constraint: 8 states, each bound crossed on its own.
        let holds = try run(stepping(stepsMoveX: false)) { $0.stopAtFirstViolation = false }
        #expect(holds.verdict == .holds)
        #expect(holds.statistics.distinctStates == 8)
        #expect(holds.statistics.generatedStates == 1 + 2 * 8)
        // incrementY changes nothing "every step moves x" reads: its verdict is the stuttering
        // step's, false, so the first incrementY is the violation.
        let violated = try run(stepping(stepsMoveX: true)) { $0.stopAtFirstViolation = false }
        #expect(violated.properties.map(\.status) == [.holds, .violated])
        #expect(violated.properties[1].trace?.steps.map(\.action) == ["incrementY"])
        #expect(violated.statistics.distinctStates == 8)
        let explorer = Explorer(spec: try stepping(stepsMoveX: true).validated())
        #expect(try explorer.replay(try #require(violated.properties[1].trace)) == nil)
        #expect(try explorer.isInside([.int(3), .int(1)]))
        #expect(try !explorer.isInside([.int(4), .int(1)]))
        #expect(try !explorer.isInside([.int(3), .int(2)]))
    }

    @Test("a transition property is violated by the shortest decreasing step")
    func transitionProperty() throws {
        let result = try run(ToySpecs.counter(limit: 3, canDecrement: true))
        let property = try #require(result.properties.first { $0.kind == .transition })
        #expect(property.status == .violated)
        #expect(property.trace?.steps.map(\.action) == ["increment", "decrement"])
    }

    @Test("deadlock checking finds the state with no enabled action")
    func deadlock() throws {
        let without = try run(ToySpecs.counter(limit: 2))
        #expect(without.deadlock == nil)
        let with = try run(ToySpecs.counter(limit: 2)) { $0.checkDeadlock = true }
        #expect(with.verdict == .violated)
        #expect(with.deadlock?.steps.count == 2)
    }

    @Test("a sometimes property without a reachable witness fails the check")
    func missingWitness() throws {
        let result = try run(ToySpecs.toggles(bits: 3))
        #expect(result.verdict == .violated)
        #expect(result.properties.map(\.status) == [.witnessFound, .witnessNotFound])
        #expect(result.properties[0].trace?.steps.count == 3)
    }

    @Test("hitting max-states ends the run as incomplete, never as a pass")
    func maxStates() throws {
        let result = try run(ToySpecs.counter(limit: 100)) { $0.maxStates = 10 }
        #expect(result.verdict == .incomplete(.maxStates))
        #expect(result.statistics.distinctStates == 10)
        #expect(result.properties.allSatisfy { $0.status == .unviolated })
    }

    @Test("hitting max-depth ends the run as incomplete")
    func maxDepth() throws {
        let result = try run(ToySpecs.counter(limit: 100)) { $0.maxDepth = 5 }
        #expect(result.verdict == .incomplete(.maxDepth))
        #expect(result.statistics.depth == 5)
        let complete = try run(ToySpecs.counter(limit: 3)) { $0.maxDepth = 4 }
        #expect(complete.verdict == .holds)
    }

    @Test("memory and time limits end the run as incomplete")
    func memoryAndTime() throws {
        let memory = try run(ToySpecs.toggles(bits: 14)) { $0.maxMemoryBytes = 1 }
        #expect(memory.verdict == .incomplete(.maxMemory))
        let time = try run(ToySpecs.toggles(bits: 14)) { $0.timeoutSeconds = 0 }
        #expect(time.verdict == .incomplete(.timeout))
        #expect(time.statistics.distinctStates < 1 << 14)
    }

    @Test("the command line's default memory limit is three quarters of physical memory, above what a run starts with")
    func defaultMemoryLimit() throws {
        let limit = try #require(ExplorationOptions.defaultMaxMemoryBytes)
        let meminfo = try String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
        let total = try #require(meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }?
            .split(separator: " ").dropFirst().first.flatMap { Int($0) })
        #expect(limit == total * 1024 / 4 * 3)
        #expect(limit > 256 << 20)
    }

    @Test("an interrupted run is incomplete")
    func interrupted() throws {
        let result = try run(ToySpecs.toggles(bits: 14)) { $0.isInterrupted = { true } }
        #expect(result.verdict == .incomplete(.interrupted))
    }

    @Test("continue finds the shortest violation of every property")
    func continueAfterViolation() throws {
        let spec = ToySpecs.counter(limit: 5, invariantBelow: 3, canDecrement: true)
        let first = try run(spec)
        #expect(first.properties.filter { $0.status == .violated }.count == 1)
        let all = try run(spec) { $0.stopAtFirstViolation = false }
        #expect(all.properties.map(\.status) == [.violated, .violated])
        #expect(all.properties.map { $0.trace?.steps.count } == [3, 2])
    }

    @Test("counts are the same run to run")
    func deterministic() throws {
        let a = try run(ToySpecs.toggles(bits: 6))
        let b = try run(ToySpecs.toggles(bits: 6))
        #expect(a.statistics.distinctStates == b.statistics.distinctStates)
        #expect(a.statistics.generatedStates == b.statistics.generatedStates)
        #expect(a.properties == b.properties)
    }

    @Test("every reported trace replays step by step")
    func tracesReplay() throws {
        let spec = try ToySpecs.counter(limit: 5, invariantBelow: 3, canDecrement: true).validated()
        let explorer = Explorer(spec: spec)
        var options = ExplorationOptions()
        options.stopAtFirstViolation = false
        for property in try explorer.run(options).properties {
            let trace = try #require(property.trace)
            #expect(try explorer.replay(trace) == nil)
        }
        var forged = try #require(try explorer.run(options).properties[0].trace)
        forged.steps[0].state = [.int(2)]
        #expect(try explorer.replay(forged) == 1)
    }
}

/// The built-in network and fault models.
@Suite("Network and faults")
struct FaultModelTests {
    func run(_ spec: Spec) throws -> CheckResult {
        try Explorer(spec: spec.validated()).run()
    }

    @Test("set semantics: a delivered message stays, 10 states in 5 levels")
    func setNetwork() throws {
        let result = try run(ToySpecs.pingPong(.set, lossy: false))
        #expect(result.statistics.distinctStates == 10)
        #expect(result.statistics.depth == 5)
    }

    @Test("bag semantics: delivery consumes the message, 8 states")
    func bagNetwork() throws {
        let result = try run(ToySpecs.pingPong(.bag(maxCopies: 1), lossy: false))
        #expect(result.statistics.distinctStates == 8)
    }

    @Test("FIFO channels deliver in order; a bag may reorder")
    func ordering() throws {
        #expect(try run(ToySpecs.ordering(fifo: true)).verdict == .holds)
        let reordered = try run(ToySpecs.ordering(fifo: false))
        #expect(reordered.verdict == .violated)
        #expect(reordered.properties[0].trace?.steps.map(\.action) == ["send", "send", "deliver"])
    }

    @Test("a lossy network may drop a message in flight; a duplicating one may copy it")
    func lossAndDuplication() throws {
        let spec = try ToySpecs.pingPong(.bag(maxCopies: 2), lossy: true, duplicating: true).validated()
        let explorer = Explorer(spec: spec)
        let initial = try #require(try explorer.initialStates().first)
        let pinged = try #require(try explorer.successors(of: initial).first { $0.action == "ping" })
        let next = try explorer.successors(of: pinged.state).map(\.action)
        #expect(next.contains("net.drop"))
        #expect(next.contains("net.duplicate"))
        let lossless = try Explorer(spec: ToySpecs.pingPong(.bag(maxCopies: 1), lossy: false).validated())
        let first = try #require(try lossless.successors(of: try lossless.initialStates()[0]).first)
        #expect(!(try lossless.successors(of: first.state).map(\.action)).contains("net.drop"))
    }

    @Test("crash-restart keeps durable state and resets the rest")
    func crashRestart() throws {
        let result = try run(ToySpecs.crashRestart(maxCrashes: 1))
        #expect(result.properties[0].status == .witnessFound)
        #expect(result.properties[0].trace?.steps.map(\.action) == ["count", "count", "crash", "restart"])
        let stop = try run(ToySpecs.crashRestart(maxCrashes: 1, restart: false))
        #expect(stop.properties[0].status == .witnessNotFound)
    }
}

/// Ghost variables: in states and traces, out of state identity, never read by the protocol.
@Suite("Ghost variables")
struct GhostTests {
    /// A bit that flips, and a ghost counting the flips (up to 5).
    static func flips(readGhost: Bool = false) -> Spec {
        let bit = variable("bit", .range(0...1))
        let count = ghost("flips", .range(0...5))
        return Spec("Flips", variables: [bit, count]) {
            Initial {
                bit <- 0
                count <- 0
            }
            Action("Flip") {
                if readGhost { Require(count < 5) }
                bit <- 1 - bit
                count <- ite(count < 5, count + 1, 5)
            }
            Always("at most five flips recorded") { count <= 5 }
            Sometimes("a flip") { count == 1 }
        }
    }

    @Test("two states, not twelve: the ghost does not make states distinct")
    func identity() throws {
        let result = try Explorer(spec: Self.flips().validated()).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 2)
        // The witness trace carries the ghost.
        let witness = try #require(result.properties.last?.trace)
        #expect(witness.steps.first?.state == [.int(1), .int(1)])
    }

    @Test("an action that reads a ghost to decide is rejected with its line")
    func readsRejected() throws {
        #expect(throws: SpecError.self) { try Self.flips(readGhost: true).validated() }
        do { _ = try Self.flips(readGhost: true).validated() } catch {
            #expect(error.description.contains("ghost"))
            #expect(error.description.contains("ExplorerTests.swift"))
        }
    }
}
