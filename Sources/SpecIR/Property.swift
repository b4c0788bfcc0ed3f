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
