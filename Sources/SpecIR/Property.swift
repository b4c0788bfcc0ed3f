/// A named property and how it is judged.
public struct Property: Hashable, Codable, Sendable {
    public var name: String
    public var kind: Kind
    /// A predicate over a state (or over a step, for `.transition`).
    public var predicate: Expr
    public var location: SourceLocation
    /// An invariant stated to strengthen others in induction proofs (`quorum prove`).
    /// Every engine still checks it like any other invariant.
    public var isAuxiliary: Bool

    public enum Kind: String, Hashable, Codable, Sendable {
        /// Holds in every reachable state (an invariant).
        case always
        /// Holds in at least one reachable state; failing to find one is a failure.
        case sometimes
        /// Holds for every step, over the state before it and (primed) after it.
        case transition
    }

    public init(name: String, kind: Kind, predicate: Expr, location: SourceLocation = .unknown, isAuxiliary: Bool = false) {
        self.name = name
        self.kind = kind
        self.predicate = predicate
        self.location = location
        self.isAuxiliary = isAuxiliary
    }
}

/// Node sorts whose identities the spec declares interchangeable: the explicit engine
/// then counts states up to renaming them (symmetry reduction), unless asked not to.
public struct SymmetryDeclaration: Hashable, Codable, Sendable {
    public var sorts: [Sort]
    public var location: SourceLocation

    public init(sorts: [Sort], location: SourceLocation) {
        self.sorts = sorts
        self.location = location
    }
}

/// A state constraint bounding the explored part of an unbounded protocol.
public struct Constraint: Hashable, Codable, Sendable {
    public var predicate: Expr
    public var location: SourceLocation

    public init(predicate: Expr, location: SourceLocation = .unknown) {
        self.predicate = predicate
        self.location = location
    }
}

/// Entries of a per-node variable that no step reads while a condition holds: the
/// explicit engine leaves them out of state identity (dead-variable reduction).
///
/// raft.tla keeps a follower's nextIndex, matchIndex and vote tallies from its last
/// term as leader or candidate, although nothing reads them before they are set
/// again. States that differ only there behave alike, step for step, yet are counted
/// apart, and multiply the state space. Declaring `variable[i]` irrelevant wherever
/// `condition[i]` holds makes such states one state, whose entry is taken to be the
/// codomain's least value. The declaration must be true: `quorum check` first has Z3
/// show that states equal outside irrelevant entries enable the same steps, lead to
/// states equal outside them again, and give every property and the constraint the
/// same value, and refuses the reduction otherwise.
public struct Irrelevance: Hashable, Codable, Sendable {
    /// The variable: a function over the nodes (or another finite domain).
    public var variable: String
    /// A function from the variable's domain to booleans: where its entries are irrelevant.
    public var condition: Expr
    public var location: SourceLocation

    public init(variable: String, condition: Expr, location: SourceLocation = .unknown) {
        self.variable = variable
        self.condition = condition
        self.location = location
    }
}
