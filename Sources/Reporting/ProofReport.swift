import Foundation
import SpecIR

/// The report of an induction proof, as text and as JSON (schema `quorum-prove/1`).
public enum ProofReport {
    public static let schema = "quorum-prove/1"

    public static func text(_ result: ProofResult, spec: Spec) -> String {
        let parameters = spec.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
        var out = "Proving \(spec.name)" + (parameters.isEmpty ? "" : " (\(parameters))")
            + (result.k > 1 ? " by \(result.k)-induction" : " by induction") + " with Z3\n\n"
        out += "  invariants:  " + list(result.invariants) + "\n"
        if !result.auxiliary.isEmpty { out += "  auxiliary:   " + list(result.auxiliary) + "\n" }
        if !result.transitions.isEmpty { out += "  transitions: " + list(result.transitions) + "\n" }
        if spec.constraint != nil {
            out += "  (the state constraint is assumed of every state a step starts from, as `check` expands only those)\n"
        }
        out += "\n"
        let width = result.obligations.map { label($0).count }.max() ?? 0
        for obligation in result.obligations {
            let mark = obligation.status == .proven ? "✓" : obligation.status == .failed ? "✗" : "?"
            out += "  \(mark) \(label(obligation).padding(toLength: width + 2, withPad: " ", startingAt: 0))"
                + String(format: "%@ (%.2f s)\n", obligation.status.rawValue, obligation.seconds)
        }
        if let c = result.counterexample { out += "\n" + counterexample(c, spec: spec) }
        out += "\n" + String(format: "%.2f s in all (%.2f s translating the spec into Z3 terms).\n", result.seconds, result.encodingSeconds)
        if let note = result.note, result.verdict == .unknown { out += "The solver stopped: \(note).\n" }
        out += verdictLine(result, parameters: parameters) + "\n"
        return out
    }

    static func list(_ names: [String]) -> String {
        names.isEmpty ? "(none)" : names.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    static func label(_ obligation: Obligation) -> String {
        obligation.name == "initiation" ? "initiation" : "consecution: \(obligation.name)"
    }

    static func counterexample(_ c: InductionCounterexample, spec: Spec) -> String {
        var out = ""
        switch c.kind {
        case .initiation:
            let title = c.prefix == nil ? "An initial state breaks \"\(c.property)\""
                : "A path from an initial state breaks \"\(c.property)\""
            out += TextReport.render(c.prefix ?? Trace(initial: c.state), spec: spec, title: title)
        case .consecution:
            out += "Counterexample to induction: one step of \(c.step?.action ?? "?") breaks \"\(c.property)\".\n"
            if let prefix = c.prefix {
                out += "The \(prefix.steps.count + 1) states before the last step satisfy every invariant listed above, all different (ghosts included), "
                    + "each a step from the one before, but need not be reachable.\n"
            } else {
                out += "The state before satisfies every invariant listed above but need not be reachable.\n"
            }
            var trace = c.prefix ?? Trace(initial: c.state)
            if let step = c.step { trace.steps.append(step) }
            out += TextReport.render(trace, spec: spec, title: "State before, then the step",
                                     firstState: c.prefix == nil ? "state before" : "first state assumed")
            out += "  \"\(c.property)\" fails in the last state.\n"
        case .evaluation:
            out += "Evaluation fails in a state satisfying every invariant: \(c.message ?? "")\n"
            out += TextReport.render(c.prefix ?? Trace(initial: c.state), spec: spec, title: "The state",
                                     firstState: c.prefix == nil ? "state" : "first state assumed")
        }
        return out
    }

    static func verdictLine(_ result: ProofResult, parameters: String) -> String {
        let instance = parameters.isEmpty ? "this spec" : "this instance (\(parameters))"
        switch result.verdict {
        case .proven:
            return "Verdict: PROVEN. In \(instance) the invariants hold in every reachable state, at every depth. "
                + "Other parameter values are not covered."
        case .notInductive:
            if result.counterexample?.kind == .initiation {
                return "Verdict: NOT PROVEN: an invariant fails in a reachable state (see above), so it does not hold."
            }
            return "Verdict: NOT INDUCTIVE. This alone does not mean an invariant fails: the state before may be "
                + "unreachable. Strengthen the invariants (Always(…, auxiliary: true)) or run `quorum check`."
        case .unknown:
            return "Verdict: UNKNOWN: the solver could not decide; nothing is claimed."
        }
    }

    public static func json(_ result: ProofResult, spec: Spec) -> String {
        var counterexample: JSON = .null
        if let c = result.counterexample {
            counterexample = .object([
                ("kind", .string(c.kind.rawValue)),
                ("property", .string(c.property)),
                ("message", c.message.map(JSON.string) ?? .null),
                ("prefix", c.prefix.map { JSONReport.trace(of: $0, spec: spec) } ?? .null),
                ("state", JSONReport.state(c.state, spec: spec)),
                ("step", c.step.map { step in
                    .object([
                        ("action", .string(step.action)),
                        ("arguments", .object(step.arguments.map { ($0.name, ValueFormat.json($0.value, $0.sort)) })),
                        ("state", JSONReport.state(step.state, spec: spec)),
                    ])
                } ?? .null),
            ])
        }
        let document = JSON.object([
            ("schema", .string(schema)),
            ("spec", .string(result.spec)),
            ("parameters", .object(spec.parameters.map { ($0.name, .number($0.value)) })),
            ("verdict", .string(result.verdict.rawValue)),
            ("exitCode", .number(Int(result.verdict.exitCode))),
            ("k", .number(result.k)),
            ("invariants", .array(result.invariants.map(JSON.string))),
            ("auxiliary", .array(result.auxiliary.map(JSON.string))),
            ("transitions", .array(result.transitions.map(JSON.string))),
            ("obligations", .array(result.obligations.map { o in
                .object([("name", .string(o.name)), ("status", .string(o.status.rawValue)), ("seconds", .double(o.seconds))])
            })),
            ("counterexample", counterexample),
            ("seconds", .double(result.seconds)),
            ("encodingSeconds", .double(result.encodingSeconds)),
            ("note", result.note.map(JSON.string) ?? .null),
        ])
        return JSONReport.encode(document)
    }
}
