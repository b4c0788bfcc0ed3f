import Foundation
import SpecIR

/// The human-readable report of a check: per-property results, traces, statistics, verdict.
public enum TextReport {
    public static func render(_ result: CheckResult, spec: Spec) -> String {
        var out = ""
        let parameters = spec.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
        out += "Checking \(spec.name)" + (parameters.isEmpty ? "" : " (\(parameters))") + " with the \(result.engine) engine"
        if let bound = result.bound { out += " (bounded model checking with Z3, paths of up to \(steps(bound)))" }
        out += "\n\n"
        let width = (result.properties.map(\.name.count).max() ?? 0) + 2
        for property in result.properties {
            let name = "\"\(property.name)\""
            out += "  \(symbol(property.status)) \(name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(describe(property, bound: result.bound))\n"
        }
        if result.deadlock != nil { out += "  ✗ deadlock: a reachable state has no enabled action\n" }
        for property in result.properties where property.status == .violated {
            if let trace = property.trace {
                out += "\n" + render(trace, spec: spec, title: "Shortest trace violating \"\(property.name)\"")
                out += property.kind == .transition
                    ? "  \"\(property.name)\" fails on step \(trace.steps.count).\n"
                    : "  \"\(property.name)\" fails in the last state.\n"
            }
        }
        if let deadlock = result.deadlock {
            out += "\n" + render(deadlock, spec: spec, title: "Shortest trace to a deadlock")
            out += "  No action is enabled in the last state.\n"
        }
        if let bound = result.bound {
            let searched = result.verdict == .violated ? "Searched paths of up to %@" : "Checked every path of up to %@"
            // With symmetry breaking, only paths naming the identities in order were asked for.
            let renaming = result.statistics.symmetry.map { " (up to renaming \($0.joined(separator: ", ")))" } ?? ""
            out += "\n" + String(format: searched + renaming + ", %.2f s, peak memory %@", steps(bound),
                                 result.statistics.seconds, formatBytes(result.statistics.peakMemoryBytes)) + "\n"
            if let note = result.note { out += "The solver stopped: \(note).\n" }
        } else {
            out += "\n" + statistics(result.statistics) + "\n"
        }
        if let p = result.statistics.collisionProbability, p >= 1e-9 {
            out += String(format: "States are stored as 64-bit fingerprints: the chance that one was wrongly taken as seen is about %.1e.\n", p)
        }
        out += verdictLine(result) + "\n"
        return out
    }

    static func steps(_ count: Int) -> String { count == 1 ? "1 step" : "\(count) steps" }

    static func symbol(_ status: PropertyResult.Status) -> String {
        switch status {
        case .holds, .witnessFound: return "✓"
        case .violated, .witnessNotFound: return "✗"
        case .unviolated, .witnessNotYetFound: return "?"
        }
    }

    static func describe(_ property: PropertyResult, bound: Int? = nil) -> String {
        switch property.status {
        case .unviolated where bound != nil:
            return "no violation within \(steps(bound!))"
        case .witnessNotYetFound where bound != nil:
            return "no witness within \(steps(bound!))"
        case .violated:
            return "violated" + (property.trace.map { " (shortest trace: \(steps($0.steps.count)))" } ?? "")
        case .witnessFound:
            return "witness found" + (property.trace.map { " (after \(steps($0.steps.count)))" } ?? "")
        default:
            return property.status.rawValue
        }
    }

    /// A trace: the initial state in full, then each step with only what changed.
    public static func render(_ trace: Trace, spec: Spec, title: String, firstState: String = "initial state") -> String {
        var out = "\(title) (\(steps(trace.steps.count))):\n"
        let width = spec.variables.map(\.name.count).max() ?? 0
        out += "  \(firstState)\n"
        for (variable, value) in zip(spec.variables, trace.initial) {
            out += "      \(variable.name.padding(toLength: width, withPad: " ", startingAt: 0)) = \(ValueFormat.text(value, variable.sort))\n"
        }
        var state = trace.initial
        for (number, step) in trace.steps.enumerated() {
            let arguments = step.arguments.map { "\($0.name): \(ValueFormat.text($0.value, $0.sort))" }.joined(separator: ", ")
            out += "  \(number + 1). \(step.action)(\(arguments))\n"
            var changes: [(String, String)] = []
            for (index, variable) in spec.variables.enumerated() where state[index] != step.state[index] {
                changes += self.changes(variable.name, variable.sort, state[index], step.state[index])
            }
            if changes.isEmpty { out += "      (no variable changes)\n" }
            let changeWidth = changes.map(\.0.count).max() ?? 0
            for (place, change) in changes {
                out += "      \(place.padding(toLength: changeWidth, withPad: " ", startingAt: 0))  \(change)\n"
            }
            state = step.state
        }
        return out
    }

    /// What changed in one variable: per entry for functions, added and removed elements for sets.
    static func changes(_ name: String, _ sort: Sort, _ old: Value, _ new: Value) -> [(String, String)] {
        switch sort {
        case let .function(domain, codomain):
            let keys = domain.allValues
            return zip(keys, zip(old.elements, new.elements)).flatMap { key, pair -> [(String, String)] in
                pair.0 == pair.1 ? [] : changes("\(name)[\(ValueFormat.text(key, domain))]", codomain, pair.0, pair.1)
            }
        case let .set(element):
            let before = Set(old.elements)
            let after = Set(new.elements)
            let added = new.elements.filter { !before.contains($0) }.map { "+ " + ValueFormat.text($0, element) }
            let removed = old.elements.filter { !after.contains($0) }.map { "- " + ValueFormat.text($0, element) }
            return (added + removed).map { (name, $0) }
        default:
            return [(name, "\(ValueFormat.text(old, sort)) → \(ValueFormat.text(new, sort))")]
        }
    }

    public static func statistics(_ s: Statistics) -> String {
        let rate = s.seconds > 0 ? Double(s.distinctStates) / s.seconds : 0
        let qualifiers = [s.symmetry.map { "up to renaming \($0.joined(separator: ", "))" },
                          s.irrelevant.map { "irrelevant entries of \($0.joined(separator: ", ")) ignored" }
                              .map { text in s.irrelevanceCheckSeconds.map { text + String(format: ", as Z3 confirmed in %.2f s", $0)
                                  + (s.irrelevanceCheckCached == true ? " in an earlier run" : "") } ?? text }]
            .compactMap { $0 }
        let identity = qualifiers.isEmpty ? "" : " (\(qualifiers.joined(separator: "; ")))"
        return "\(s.distinctStates) distinct states\(identity), \(s.generatedStates) generated, depth \(s.depth)"
            + (s.frontier > 0 ? ", \(s.frontier) left unexplored" : "")
            + String(format: ", %.2f s (%@ states/s), peak memory %@", s.seconds, formatCount(rate), formatBytes(s.peakMemoryBytes))
    }

    static func verdictLine(_ result: CheckResult) -> String {
        if let bound = result.bound {
            switch result.verdict {
            case .holds:
                return "Verdict: every property holds: no path is longer than \(steps(bound)), so every reachable state was checked."
            case .incomplete(.depth):
                return "Verdict: NO VIOLATION within \(steps(bound)). Bounded: longer paths were not checked, so nothing is claimed about them."
            default: break
            }
        }
        switch result.verdict {
        case .holds:
            return "Verdict: every property holds within the spec's bounds."
        case .violated:
            return "Verdict: VIOLATED."
        case .incomplete(.interrupted):
            return "Verdict: INCOMPLETE: the run was interrupted; nothing is claimed beyond the states explored."
        case .incomplete(.solverUnknown):
            return "Verdict: INCOMPLETE: the solver could not decide; nothing is claimed beyond the depths it decided."
        case let .incomplete(limit):
            return "Verdict: INCOMPLETE: the run stopped at the \(limit.rawValue) limit; nothing is claimed beyond the states explored."
        }
    }

    static func formatCount(_ value: Double) -> String {
        if value >= 1_000_000 { return String(format: "%.2fM", value / 1_000_000) }
        if value >= 1_000 { return String(format: "%.1fk", value / 1_000) }
        return String(format: "%.0f", value)
    }

    static func formatBytes(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1_048_576
        return mb >= 1024 ? String(format: "%.2f GiB", mb / 1024) : String(format: "%.1f MiB", mb)
    }
}
