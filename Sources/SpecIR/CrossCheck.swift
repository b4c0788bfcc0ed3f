/// Compares what two engines found about one spec to the same depth.
///
/// The explicit engine explores breadth-first, so its traces are shortest; bounded
/// model checking checks depth by depth, so its are too. Run to the same number of
/// steps, they must therefore agree on every property: violated or not, witness or
/// not, and on the length of each trace. Any difference is a bug in one engine.
public enum CrossCheck {
    /// One property on which the engines differ.
    public struct Discrepancy: Hashable, Codable, Sendable, CustomStringConvertible {
        public var property: String
        public var explicit: String
        public var bounded: String

        public var description: String { "\"\(property)\": explicit engine: \(explicit); bmc: \(bounded)" }
    }

    /// What one engine found about a property, in terms both engines share.
    public static func finding(_ result: PropertyResult) -> String {
        let length = result.trace?.steps.count ?? -1
        let steps = length == 1 ? "1 step" : "\(length) steps"
        switch result.status {
        case .violated: return "violated after \(steps)"
        case .witnessFound: return "witness after \(steps)"
        case .holds, .unviolated: return "no violation"
        case .witnessNotFound, .witnessNotYetFound: return "no witness"
        }
    }

    /// What one engine found about deadlocks.
    public static func deadlockFinding(_ trace: Trace?) -> String {
        guard let trace else { return "no deadlock" }
        return "deadlock after \(trace.steps.count == 1 ? "1 step" : "\(trace.steps.count) steps")"
    }

    /// The properties on which the two results differ; both runs must have covered
    /// every path of up to the same number of steps and must not have stopped early.
    public static func compare(explicit: CheckResult, bounded: CheckResult) -> [Discrepancy] {
        var found: [Discrepancy] = []
        for property in explicit.properties {
            guard let other = bounded.properties.first(where: { $0.name == property.name }) else {
                found.append(Discrepancy(property: property.name, explicit: finding(property), bounded: "not checked"))
                continue
            }
            let (a, b) = (finding(property), finding(other))
            if a != b { found.append(Discrepancy(property: property.name, explicit: a, bounded: b)) }
        }
        let (a, b) = (deadlockFinding(explicit.deadlock), deadlockFinding(bounded.deadlock))
        if a != b { found.append(Discrepancy(property: "deadlock", explicit: a, bounded: b)) }
        return found
    }
}
