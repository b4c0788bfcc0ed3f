/// One instance of a protocol: its variables, initial states, actions and properties.
///
/// A `Spec` is plain data built by the DSL for fixed parameter values; engines
/// receive it after `validated()` has resolved names and checked sorts.
public struct Spec: Hashable, Codable, Sendable {
    public var name: String
    public var parameters: [Spec.Parameter]
    public var variables: [Spec.Variable]
    /// Runs from a state with no variable set; must set every variable on every branch.
    public var initial: Statement
    public var initialLocation: SourceLocation
    public var actions: [Action]
    public var properties: [Property]
    /// States outside the constraint are checked but neither counted nor expanded.
    public var constraint: Constraint?
    /// The node sorts declared symmetric, if any (symmetry reduction by default).
    public var symmetry: SymmetryDeclaration?
    /// Entries of variables left out of state identity where a condition holds.
    public var irrelevance: [Irrelevance]
    /// Where the spec was declared.
    public var location: SourceLocation

    public init(
        name: String, parameters: [Spec.Parameter] = [], variables: [Spec.Variable], initial: Statement,
        initialLocation: SourceLocation = .unknown, actions: [Action], properties: [Property],
        constraint: Constraint? = nil, symmetry: SymmetryDeclaration? = nil, irrelevance: [Irrelevance] = [],
        location: SourceLocation = .unknown
    ) {
        self.name = name
        self.parameters = parameters
        self.variables = variables
        self.initial = initial
        self.initialLocation = initialLocation
        self.actions = actions
        self.properties = properties
        self.constraint = constraint
        self.symmetry = symmetry
        self.irrelevance = irrelevance
        self.location = location
    }

    /// The index of the named variable.
    public func variableIndex(_ name: String) -> Int? {
        variables.firstIndex { $0.name == name }
    }
}

extension Spec {
    /// A named integer setting of a spec, with its default and allowed range.
    public struct Parameter: Hashable, Codable, Sendable {
        public var name: String
        public var value: Int
        public var defaultValue: Int
        public var range: ClosedRange<Int>
        public var summary: String

        public init(name: String, value: Int, defaultValue: Int, range: ClosedRange<Int>, summary: String) {
            self.name = name
            self.value = value
            self.defaultValue = defaultValue
            self.range = range
            self.summary = summary
        }
    }

    /// A state variable.
    public struct Variable: Hashable, Codable, Sendable {
        public var name: String
        public var sort: Sort
        /// Survives a crash-restart (stable storage); other per-node state is reset.
        public var isDurable: Bool
        /// History kept for properties only (TLC's VIEW leaves it out): it is part of every
        /// state and trace, but two states that differ only in ghost variables are one state.
        /// Actions may write ghost variables but never read them, except to compute a new
        /// ghost value, so a ghost can never change what the protocol does.
        public var isGhost: Bool
        public var location: SourceLocation

        public init(name: String, sort: Sort, isDurable: Bool = false, isGhost: Bool = false,
                    location: SourceLocation = .unknown) {
            self.name = name
            self.sort = sort
            self.isDurable = isDurable
            self.isGhost = isGhost
            self.location = location
        }
    }

}
