import Foundation
import SpecIR

/// The explicit-state engine: breadth-first search over every reachable state.
///
/// Breadth-first order makes every counterexample a shortest one. States are
/// stored as fingerprints only; traces are rebuilt from the trace log by
/// replaying the spec.
public final class Explorer {
    public let spec: Spec
    let program: Program

    /// Compiles a validated spec.
    public init(spec: Spec) {
        self.spec = spec
        program = Program(spec)
    }

    /// Explores the spec's state space and judges every property.
    public func run(_ options: ExplorationOptions = ExplorationOptions()) throws(SpecError) -> CheckResult {
        let search = Search(program: program, options: options)
        defer { search.release() }
        do {
            try search.explore()
        } catch {
            if !error.isStop { throw SpecError([error.diagnostic]) }
        }
        return search.result()
    }

    /// The initial states of the spec, in the order the initial block produces them.
    public func initialStates() throws(SpecError) -> [[Value]] {
        do { return try program.initialStates().map(program.toIR) } catch { throw SpecError([error.diagnostic]) }
    }

    /// Every step enabled in a state: action, arguments and the state after.
    public func successors(of state: [Value], by action: String? = nil) throws(SpecError) -> [Step] {
        do { return try program.steps(from: program.toRuntime(state), only: action).map(\.step) } catch {
            throw SpecError([error.diagnostic])
        }
    }

    /// Whether a property's predicate holds in a state (and, for a transition property,
    /// the step from `state` to `next`). Reachability is not considered: this judges
    /// one state, as a counterexample to induction needs.
    public func holds(_ propertyName: String, in state: [Value], next: [Value]? = nil) throws(SpecError) -> Bool {
        guard let index = spec.properties.firstIndex(where: { $0.name == propertyName }) else {
            throw SpecError(spec.location, "no property named \"\(propertyName)\"")
        }
        let checks = program.invariants + program.reachability + program.transitions
        guard let check = checks.first(where: { $0.index == index })?.check else { return true }
        let frame = program.makeFrame()
        frame.state = program.toRuntime(state)
        if let next { frame.next = program.toRuntime(next) }
        do { return try check(frame).bool } catch {
            throw SpecError([error.inContext("property \"\(propertyName)\"").diagnostic])
        }
    }

    /// Whether a state satisfies the spec's state constraint: the explicit engine expands
    /// only such states, so a path through it is one of the bounded model.
    public func isInside(_ state: [Value]) throws(SpecError) -> Bool {
        let frame = program.makeFrame()
        frame.state = program.toRuntime(state)
        do {
            for bound in program.constraint where try !bound.check(frame).bool { return false }
            return true
        } catch {
            throw SpecError([error.inContext("the state constraint").diagnostic])
        }
    }

    /// Checks that a trace is a behaviour of the spec: its first state is initial (unless
    /// `fromInitial` is false, for paths from an arbitrary state) and each step is enabled
    /// and leads to the recorded state. Returns the first step that is not (0: the start).
    public func replay(_ trace: Trace, fromInitial: Bool = true) throws(SpecError) -> Int? {
        if fromInitial, !(try initialStates().contains(trace.initial)) { return 0 }
        var state = trace.initial
        for (index, step) in trace.steps.enumerated() {
            // Only the step's action runs: in a state that is not reachable (a counterexample
            // to induction) another action may fail to evaluate without it mattering.
            let possible = try successors(of: state, by: step.action)
            guard possible.contains(where: { $0.action == step.action && $0.arguments.map(\.value) == step.arguments.map(\.value) && $0.state == step.state }) else {
                return index + 1
            }
            state = step.state
        }
        return nil
    }
}
