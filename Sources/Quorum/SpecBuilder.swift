/// The parts of a spec collected by `@SpecBuilder`.
public struct SpecParts: Sendable {
    public var initial: [Statement] = []
    public var initialLocation: SourceLocation = .unknown
    public var actions: [Action] = []
    public var properties: [Property] = []
    public var constraints: [Constraint] = []
    public var symmetry: SymmetryDeclaration?
    public var irrelevance: [Irrelevance] = []
    /// Variables added by built-in models (network, faults), after the spec's own.
    public var extraVariables: [Spec.Variable] = []
    /// Rewrites applied after all parts are collected (fault models wrap actions).
    public var transforms: [@Sendable (inout Spec) -> Void] = []
}

/// A declaration in a spec body: initial block, action, property, constraint, or built-in model.
public protocol SpecComponent {
    func add(to parts: inout SpecParts)
}

@resultBuilder
public enum SpecBuilder {
    public static func buildExpression(_ component: some SpecComponent) -> [any SpecComponent] { [component] }
    public static func buildExpression(_ components: [any SpecComponent]) -> [any SpecComponent] { components }
    public static func buildBlock(_ parts: [any SpecComponent]...) -> [any SpecComponent] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any SpecComponent]?) -> [any SpecComponent] { part ?? [] }
    public static func buildEither(first: [any SpecComponent]) -> [any SpecComponent] { first }
    public static func buildEither(second: [any SpecComponent]) -> [any SpecComponent] { second }
    public static func buildArray(_ parts: [[any SpecComponent]]) -> [any SpecComponent] { parts.flatMap { $0 } }
}

extension Spec {
    /// A spec with the given state variables and body.
    ///
    /// `variables` lists terms made by `variable(_:_:)`, in the order traces show them.
    public init(_ name: String, variables: [Term], file: String = #filePath, line: Int = #line,
                @SpecBuilder _ body: () -> [any SpecComponent]) {
        var parts = SpecParts()
        for component in body() { component.add(to: &parts) }
        let location = SourceLocation(file: file, line: line)
        let declared = variables.compactMap(\.declaration)
        if declared.count < variables.count {
            parts.initial.insert(.require(.invalid("the variables list holds a term not made by variable(_:_:)"), location), at: 0)
        }
        self.init(
            name: name, variables: declared + parts.extraVariables, initial: parts.initial.block,
            initialLocation: parts.initialLocation, actions: parts.actions, properties: parts.properties,
            constraint: parts.constraints.isEmpty ? nil : Constraint(
                predicate: parts.constraints.count == 1 ? parts.constraints[0].predicate
                    : .and(parts.constraints.map { .located($0.predicate, $0.location) }),
                location: parts.constraints[0].location),
            symmetry: parts.symmetry, irrelevance: parts.irrelevance, location: location)
        for transform in parts.transforms { transform(&self) }
    }
}

/// The initial states: statements run from an empty state; each `Choose` branch is an initial state.
public struct Initial: SpecComponent {
    let statements: [Statement]
    let location: SourceLocation

    public init(file: String = #filePath, line: Int = #line, @StatementBuilder _ body: () -> [Statement]) {
        statements = body()
        location = SourceLocation(file: file, line: line)
    }

    public func add(to parts: inout SpecParts) {
        parts.initial += statements
        if parts.initialLocation == .unknown { parts.initialLocation = location }
    }
}
