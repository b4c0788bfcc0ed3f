/// The result of an induction proof (`quorum prove`) of a spec instance's invariants.
///
/// A proof covers this instance only (its parameter values), at every depth: the
/// invariants hold initially and every action preserves them, so they hold in every
/// reachable state however long the run. It says nothing about other sizes.
public struct ProofResult: Hashable, Codable, Sendable {
    public var spec: String
    public var parameters: [String: Int]
    public var verdict: Verdict
    /// The invariants to prove, and the auxiliary ones proven with them.
    public var invariants: [String]
    public var auxiliary: [String]
    /// Transition properties proven for every step from a state satisfying the invariants.
    public var transitions: [String]
    /// Each obligation discharged (or not), in order.
    public var obligations: [Obligation]
    /// Why the invariants are not inductive, when they are not.
    public var counterexample: InductionCounterexample?
    /// With k-induction: the number of steps assumed (1 is plain induction).
    public var k: Int
    /// Seconds in all, and of them the seconds spent translating the spec into Z3 terms.
    public var seconds: Double
    public var encodingSeconds: Double
    /// The solver's reason when it could not decide an obligation.
    public var note: String?

    public enum Verdict: String, Hashable, Codable, Sendable {
        case proven
        /// Initiation or consecution fails (see the counterexample).
        case notInductive = "not inductive"
        /// The solver answered unknown or ran out of time.
        case unknown

        public var exitCode: Int32 {
            switch self {
            case .proven: return 0
            case .notInductive: return 1
            case .unknown: return 3
            }
        }
    }

    public init(spec: String, parameters: [String: Int], verdict: Verdict, invariants: [String], auxiliary: [String],
                transitions: [String], obligations: [Obligation], counterexample: InductionCounterexample?, k: Int,
                seconds: Double, encodingSeconds: Double = 0, note: String? = nil) {
        self.spec = spec
        self.parameters = parameters
        self.verdict = verdict
        self.invariants = invariants
        self.auxiliary = auxiliary
        self.transitions = transitions
        self.obligations = obligations
        self.counterexample = counterexample
        self.k = k
        self.seconds = seconds
        self.encodingSeconds = encodingSeconds
        self.note = note
    }
}

/// One proof obligation: initiation, or consecution over one action.
public struct Obligation: Hashable, Codable, Sendable {
    /// "initiation", or the action's name for consecution.
    public var name: String
    public var status: Status
    public var seconds: Double

    public enum Status: String, Hashable, Codable, Sendable {
        case proven, failed, unknown
    }

    public init(name: String, status: Status, seconds: Double) {
        self.name = name
        self.status = status
        self.seconds = seconds
    }
}

/// Why a set of invariants is not inductive: an initial state that breaks one, or a
/// state satisfying all of them from which one step breaks one (a counterexample to
/// induction). The state before need not be reachable: that is what makes the
/// invariants too weak, or the protocol wrong.
public struct InductionCounterexample: Hashable, Codable, Sendable {
    public var kind: Kind
    /// The initial state (initiation) or the state before the step (consecution).
    public var state: [Value]
    /// The states assumed before `state` with k-induction (oldest first), with the steps between.
    public var prefix: Trace?
    /// The step taken from `state`, with the state after it (consecution only).
    public var step: Step?
    /// The invariant or transition property that breaks.
    public var property: String
    /// For an evaluation error: what fails.
    public var message: String?

    public enum Kind: String, Hashable, Codable, Sendable {
        case initiation, consecution
        /// Evaluating an action or property fails in a state satisfying the invariants.
        case evaluation
    }

    public init(kind: Kind, state: [Value], prefix: Trace? = nil, step: Step?, property: String, message: String? = nil) {
        self.kind = kind
        self.state = state
        self.prefix = prefix
        self.step = step
        self.property = property
        self.message = message
    }
}
