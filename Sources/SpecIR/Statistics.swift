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
    /// The node sorts whose identities were treated as interchangeable (symmetry
    /// reduction): distinct states are then counted up to renaming them.
    public var symmetry: [String]?
    /// The variables some of whose entries were left out of state identity where
    /// irrelevant (`Irrelevant`), nil when none were.
    public var irrelevant: [String]?
    /// Seconds Z3 took to confirm the irrelevance declarations, beside the search (not
    /// counted in `seconds`), when it did: in this run, or in the earlier run it was
    /// remembered from.
    public var irrelevanceCheckSeconds: Double?
    /// Whether that confirmation was made in an earlier run of the same spec and checker
    /// and remembered, rather than in this run (nil when nothing was confirmed).
    public var irrelevanceCheckCached: Bool?

    public init() {}

    public var statesPerSecond: Double { seconds > 0 ? Double(distinctStates) / seconds : 0 }
}
