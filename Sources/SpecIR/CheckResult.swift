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
    /// For bounded model checking: the number of steps every path was checked to.
    public var bound: Int?
    /// For bounded model checking: the seconds each depth took (depth 0 first).
    public var depthSeconds: [Double]?
    /// Why a check could not finish, when a solver said (its reason for `unknown`).
    public var note: String?

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
