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
}

/// What a run found about one property.
public struct PropertyResult: Hashable, Codable, Sendable {
    public var name: String
    public var kind: Property.Kind
    public var status: Status
    /// The shortest trace to the violation or to the witness, when there is one.
    public var trace: Trace?

    public enum Status: String, Hashable, Codable, Sendable {
        /// Always or transition property with no violation in a complete run.
        case holds
        /// A reachable state (or step) breaks it.
        case violated
        /// No violation found, but the run stopped early.
        case unviolated = "not violated (incomplete)"
        /// A sometimes property with a reachable witness.
        case witnessFound = "witness found"
        /// A sometimes property with no reachable witness in a complete run.
        case witnessNotFound = "witness not found"
        /// No witness found before the run stopped early.
        case witnessNotYetFound = "witness not found (incomplete)"
    }

    public init(name: String, kind: Property.Kind, status: Status, trace: Trace? = nil) {
        self.name = name
        self.kind = kind
        self.status = status
        self.trace = trace
    }

    /// Whether this result makes the run fail.
    public var isFailure: Bool { status == .violated || status == .witnessNotFound }
}

/// Counters of a run.
public struct Statistics: Hashable, Codable, Sendable {
    /// Distinct states inside the constraint (stored and expanded).
    public var distinctStates: Int = 0
    /// Successor states computed, including repeats and states outside the constraint.
    public var generatedStates: Int = 0
    /// Breadth-first levels explored, counting the initial states as level 1 (as TLC does).
    public var depth: Int = 0
    /// States waiting to be expanded when the run ended.
    public var frontier: Int = 0
    public var seconds: Double = 0
    public var peakMemoryBytes: Int = 0
    /// For engines that store states as fingerprints: the chance that two distinct
    /// states shared one, so that a state was taken as seen when it was not.
    public var collisionProbability: Double?

    public init() {}

    public var statesPerSecond: Double { seconds > 0 ? Double(distinctStates) / seconds : 0 }
}

/// The result of checking a spec: its verdict, each property's result, and statistics.
public struct CheckResult: Hashable, Codable, Sendable {
    public var spec: String
    public var engine: String
    public var parameters: [String: Int]
    public var verdict: Verdict
    public var properties: [PropertyResult]
    /// A reachable state with no enabled action, when deadlocks are checked.
    public var deadlock: Trace?
    public var statistics: Statistics

    public init(spec: String, engine: String, parameters: [String: Int], verdict: Verdict,
                properties: [PropertyResult], deadlock: Trace? = nil, statistics: Statistics) {
        self.spec = spec
        self.engine = engine
        self.parameters = parameters
        self.verdict = verdict
        self.properties = properties
        self.deadlock = deadlock
        self.statistics = statistics
    }
}
