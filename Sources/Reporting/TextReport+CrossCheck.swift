import SpecIR

extension TextReport {
    /// The comparison of the explicit engine and bounded model checking, property by property.
    public static func crossCheck(_ explicit: CheckResult, _ bounded: CheckResult, _ discrepancies: [CrossCheck.Discrepancy],
                                  depth: Int) -> String {
        var out = "Cross-check: the explicit engine and bounded model checking (Z3), paths of up to \(steps(depth))\n"
        let width = (explicit.properties.map(\.name.count).max() ?? 0) + 2
        for property in explicit.properties {
            let other = bounded.properties.first { $0.name == property.name }
            let agrees = !discrepancies.contains { $0.property == property.name }
            let name = "\"\(property.name)\"".padding(toLength: width + 2, withPad: " ", startingAt: 0)
            let mine = CrossCheck.finding(property)
            let theirs = other.map(CrossCheck.finding) ?? "not checked"
            out += "  \(agrees ? "=" : "≠") \(name)" + (agrees ? mine : "explicit: \(mine); bmc: \(theirs)") + "\n"
        }
        if explicit.deadlock != nil || bounded.deadlock != nil || discrepancies.contains(where: { $0.property == "deadlock" }) {
            let agrees = !discrepancies.contains { $0.property == "deadlock" }
            let mine = CrossCheck.deadlockFinding(explicit.deadlock)
            out += "  \(agrees ? "=" : "≠") " + "deadlock".padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + (agrees ? mine : "explicit: \(mine); bmc: \(CrossCheck.deadlockFinding(bounded.deadlock))") + "\n"
        }
        out += String(format: "  bmc took %.2f s; the process's peak memory was %@\n", bounded.statistics.seconds, formatBytes(bounded.statistics.peakMemoryBytes))
        if discrepancies.isEmpty {
            out += "Engines agree on every property.\n"
        } else {
            out += "ENGINES DISAGREE on \(discrepancies.count) propert\(discrepancies.count == 1 ? "y" : "ies"). "
                + "This is a bug in Quorum; please report it with the spec file.\n"
        }
        return out
    }
}
