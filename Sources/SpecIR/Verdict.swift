/// The overall outcome of checking a spec.
public enum Verdict: Hashable, Codable, Sendable {
    /// Every property holds in the explored bounds (and every witness was found).
    case holds
    /// A property is violated, a witness is missing, or a deadlock was found.
    case violated
    /// A limit stopped the run before it finished: nothing is claimed beyond what was found.
    case incomplete(Limit)

    /// The process exit code documented for this verdict.
    public var exitCode: Int32 {
        switch self {
        case .holds: return 0
        case .violated: return 1
        case .incomplete: return 3
        }
    }
}

/// A bound that ends a run early.
public enum Limit: String, Hashable, Codable, Sendable {
    case maxStates = "max-states"
    case maxDepth = "max-depth"
    case maxMemory = "max-memory"
    case timeout
    case interrupted
    /// Bounded model checking reached its depth: deeper states were not checked.
    case depth
    /// The solver answered neither satisfiable nor unsatisfiable.
    case solverUnknown = "solver-unknown"
}
