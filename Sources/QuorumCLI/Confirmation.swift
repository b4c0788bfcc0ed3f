import ExplicitEngine
import SpecIR

/// Replays what the symbolic engine found through the explicit engine before it is shown.
///
/// A symbolic trace must be a behaviour of the spec and must end where the symbolic
/// engine says it does; a counterexample to induction must be a real step between
/// states with the claimed properties. Anything else is a bug in Quorum, reported
/// loudly rather than printed as a finding.
struct Confirmation {
    let explorer: Explorer

    init(spec: Spec) { explorer = Explorer(spec: spec) }

    func confirm(_ result: CheckResult) throws(CLIError) {
        if let deadlock = result.deadlock {
            try replay(deadlock, "the trace to the deadlock")
            let next: [Step]
            do { next = try explorer.successors(of: deadlock.last) } catch { throw .diagnostics(error) }
            if !next.isEmpty {
                throw .internal("the bmc deadlock trace ends in a state where the explicit engine has \(next.count) enabled steps")
            }
        }
        for property in result.properties {
            guard let trace = property.trace else { continue }
            try replay(trace, "the trace for \"\(property.name)\"")
            let last = trace.last
            let previous = trace.steps.count >= 1 ? (trace.steps.count >= 2 ? trace.steps[trace.steps.count - 2].state : trace.initial) : nil
            let holds = try evaluate(property.name, last, previous: property.kind == .transition ? previous : nil)
            let expected = property.kind == .sometimes
            if holds != expected {
                throw .internal("the bmc trace for \"\(property.name)\" (\(trace.steps.count) steps) ends in a state where the explicit engine finds the property \(holds ? "holds" : "fails")")
            }
        }
    }

    /// Confirms an evaluation error found symbolically: the trace replays and the explicit
    /// engine also fails when it evaluates its last state. Returns the explicit engine's error.
    func confirmFailure(_ trace: Trace) throws(CLIError) -> SpecError {
        try replay(trace, "the trace to the evaluation error")
        do {
            _ = try explorer.successors(of: trace.last)
            for property in explorer.spec.properties where property.kind != .transition {
                _ = try explorer.holds(property.name, in: trace.last)
            }
        } catch {
            return error
        }
        throw .internal("the symbolic engine reports an evaluation error after \(trace.steps.count) steps, but the explicit engine evaluates that state without one")
    }

    func confirm(_ proof: ProofResult) throws(CLIError) {
        guard let c = proof.counterexample else { return }
        switch c.kind {
        case .initiation:
            // A path from an initial state (just the initial state with plain induction).
            try replay(c.prefix ?? Trace(initial: c.state), "the path to the state breaking \"\(c.property)\"")
            if try evaluate(c.property, c.state) { throw .internal("the explicit engine finds \"\(c.property)\" holds in the counterexample's state") }
        case .consecution:
            // With k-induction, the states assumed before are joined by real steps.
            if let prefix = c.prefix { try replay(prefix, "the path of the counterexample", fromInitial: false) }
            for name in proof.invariants + proof.auxiliary where !(try evaluate(name, c.state)) {
                throw .internal("the state before the counterexample step breaks \"\(name)\" in the explicit engine")
            }
            guard let step = c.step else { throw .internal("a counterexample to induction without its step") }
            try replay(Trace(initial: c.state, steps: [step]), "the counterexample's step", fromInitial: false)
            let kind = explorer.spec.properties.first { $0.name == c.property }?.kind
            if try evaluate(c.property, step.state, previous: kind == .transition ? c.state : nil) {
                throw .internal("the explicit engine finds \"\(c.property)\" holds after the counterexample step")
            }
        case .evaluation:
            if let prefix = c.prefix { try replay(prefix, "the path to the failing state", fromInitial: false) }
            // Expanding the state, or evaluating a property in it or after the step, fails.
            do {
                _ = try explorer.successors(of: c.state)
                for property in explorer.spec.properties where property.kind != .transition {
                    _ = try explorer.holds(property.name, in: c.state)
                    if let step = c.step { _ = try explorer.holds(property.name, in: step.state) }
                }
                if let step = c.step {
                    for property in explorer.spec.properties where property.kind == .transition {
                        _ = try explorer.holds(property.name, in: c.state, next: step.state)
                    }
                }
            } catch {
                return
            }
            throw .internal("the explicit engine evaluates the counterexample's states without error")
        }
    }

    private func evaluate(_ name: String, _ state: [Value], previous: [Value]? = nil) throws(CLIError) -> Bool {
        do {
            if let previous { return try explorer.holds(name, in: previous, next: state) }
            return try explorer.holds(name, in: state)
        } catch {
            throw .diagnostics(error)
        }
    }

    private func replay(_ trace: Trace, _ what: String, fromInitial: Bool = true) throws(CLIError) {
        let failing: Int?
        do { failing = try explorer.replay(trace, fromInitial: fromInitial) } catch { throw .diagnostics(error) }
        if let failing {
            throw .internal(failing == 0 ? "\(what) does not start in an initial state"
                : "step \(failing) of \(what) (\(trace.steps[failing - 1].action)) is not a step of the spec")
        }
    }
}
