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
        if let prefix = c.prefix { try replaySteps(prefix, "the path of the counterexample") }
        switch c.kind {
        case .initiation:
            if c.prefix == nil {
                let initial: [[Value]]
                do { initial = try explorer.initialStates() } catch { throw .diagnostics(error) }
                guard initial.contains(c.state) else { throw .internal("the counterexample's initial state is not an initial state of the spec") }
            } else {
                try replay(c.prefix!, "the path to the state breaking \"\(c.property)\"")
            }
            if try evaluate(c.property, c.state) { throw .internal("the explicit engine finds \"\(c.property)\" holds in the counterexample's state") }
        case .consecution:
            for name in proof.invariants + proof.auxiliary where !(try evaluate(name, c.state)) {
                throw .internal("the state before the counterexample step breaks \"\(name)\" in the explicit engine")
            }
            guard let step = c.step else { throw .internal("a counterexample to induction without its step") }
            let steps: [Step]
            do { steps = try explorer.successors(of: c.state) } catch { throw .diagnostics(error) }
            guard steps.contains(where: { same($0, step) }) else {
                throw .internal("the explicit engine has no step \(step.action) from the counterexample's state to the state after it")
            }
            let kind = explorer.spec.properties.first { $0.name == c.property }?.kind
            if try evaluate(c.property, step.state, previous: kind == .transition ? c.state : nil) {
                throw .internal("the explicit engine finds \"\(c.property)\" holds after the counterexample step")
            }
        case .evaluation:
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

    private func replay(_ trace: Trace, _ what: String) throws(CLIError) {
        let failing: Int?
        do { failing = try explorer.replay(trace) } catch { throw .diagnostics(error) }
        if let failing {
            throw .internal(failing == 0 ? "\(what) does not start in an initial state"
                : "step \(failing) of \(what) (\(trace.steps[failing - 1].action)) is not a step of the spec")
        }
    }

    /// Checks the steps of a path that need not start in an initial state.
    private func replaySteps(_ trace: Trace, _ what: String) throws(CLIError) {
        var state = trace.initial
        for (index, step) in trace.steps.enumerated() {
            let possible: [Step]
            do { possible = try explorer.successors(of: state) } catch { throw .diagnostics(error) }
            guard possible.contains(where: { same($0, step) }) else {
                throw .internal("step \(index + 1) of \(what) (\(step.action)) is not a step of the spec")
            }
            state = step.state
        }
    }

    private func same(_ a: Step, _ b: Step) -> Bool {
        a.action == b.action && a.arguments.map(\.value) == b.arguments.map(\.value) && a.state == b.state
    }
}
