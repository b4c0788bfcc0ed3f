/// An invariant: the predicate holds in every reachable state.
public struct Always: SpecComponent {
    let property: Property
    public init(_ name: String, file: String = #filePath, line: Int = #line, _ predicate: () -> Term) {
        property = Property(name: name, kind: .always, predicate: predicate().expr,
                            location: SourceLocation(file: file, line: line))
    }
    public func add(to parts: inout SpecParts) { parts.properties.append(property) }
}

/// A reachability property: some reachable state satisfies the predicate (else the check fails).
public struct Sometimes: SpecComponent {
    let property: Property
    public init(_ name: String, file: String = #filePath, line: Int = #line, _ predicate: () -> Term) {
        property = Property(name: name, kind: .sometimes, predicate: predicate().expr,
                            location: SourceLocation(file: file, line: line))
    }
    public func add(to parts: inout SpecParts) { parts.properties.append(property) }
}

/// A step property over the state before a step and, with `.next`, the state after it.
public struct Transition: SpecComponent {
    let property: Property
    public init(_ name: String, file: String = #filePath, line: Int = #line, _ predicate: () -> Term) {
        property = Property(name: name, kind: .transition, predicate: predicate().expr,
                            location: SourceLocation(file: file, line: line))
    }
    public func add(to parts: inout SpecParts) { parts.properties.append(property) }
}

/// A state constraint: successors outside it are checked but neither counted nor expanded.
public struct StateConstraint: SpecComponent {
    let constraint: Constraint
    public init(file: String = #filePath, line: Int = #line, _ predicate: () -> Term) {
        constraint = Constraint(predicate: predicate().expr, location: SourceLocation(file: file, line: line))
    }
    public func add(to parts: inout SpecParts) { parts.constraints.append(constraint) }
}
