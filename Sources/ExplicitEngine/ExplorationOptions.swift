import SpecIR

/// How a run is bounded and reported; a spec never says how it is checked.
public struct ExplorationOptions: Sendable {
    /// Stop at the first violated property (false: find the shortest violation of each).
    public var stopAtFirstViolation = true
    /// Report reachable states in which no action is enabled.
    public var checkDeadlock = false
    public var maxStates: Int?
    /// The deepest breadth-first level to explore (initial states are level 1).
    public var maxDepth: Int?
    public var maxMemoryBytes: Int?
    public var timeoutSeconds: Double?
    /// Called about once a second with the statistics so far.
    public var progress: (@Sendable (Statistics) -> Void)?
    /// Symmetry reduction: nil reduces over the node sorts the spec declares symmetric
    /// (`Symmetric`), true over every node sort the spec treats alike
    /// (`Spec.symmetricSorts`), false over none.
    public var symmetry: Bool?
    /// Polled during the run; true ends it as interrupted.
    public var isInterrupted: (@Sendable () -> Bool)?

    public init() {}
}
