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
    /// Resident memory at which the run stops, incomplete.
    public var maxMemoryBytes: Int?
    public var timeoutSeconds: Double?
    /// Called about once a second with the statistics so far.
    public var progress: (@Sendable (Statistics) -> Void)?
    /// Symmetry reduction: nil reduces over the node sorts the spec declares symmetric
    /// (`Symmetric`), true over every node sort the spec treats alike
    /// (`Spec.symmetricSorts`), false over none.
    public var symmetry: Bool?
    /// Whether the spec's irrelevance declarations (`Irrelevant`) leave entries out of
    /// state identity. Only for a spec whose declarations Z3 has confirmed
    /// (`IrrelevanceCheck` in the symbolic engine); the command line sees to that.
    public var irrelevance = false
    /// Whether predicates are remembered by the bits of the variables they read
    /// (`PredicateMemo`). Verdicts and counts are the same either way; off, every
    /// judgement is worked out, for tests and measurements.
    var memos = true
    /// Whether actions' runs are remembered by the bits of the variables they touch
    /// (`ActionMemo`). Counts, successor numbers and verdicts are the same either way.
    var actionMemos = true
    /// The bytes the action memos may hold (tests shrink it).
    var memoBudget = ActionMemo.Budget()
    /// Polled during the run; true ends it as interrupted.
    public var isInterrupted: (@Sendable () -> Bool)?

    public init() {}

    /// The memory limit a command-line run gets when none is given: three quarters of
    /// physical memory, so that a search too large for the machine ends incomplete at a
    /// limit instead of being killed by the kernel (nil where /proc does not say).
    public static var defaultMaxMemoryBytes: Int? {
        Memory.physicalBytes().map { $0 / 4 * 3 }
    }
}
