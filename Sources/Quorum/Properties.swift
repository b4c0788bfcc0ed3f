/// A named property declared in a spec body; `Always`, `Sometimes` and `Transition` differ only in kind.
public protocol PropertyDeclaration: SpecComponent {
    var property: Property { get }
}

extension PropertyDeclaration {
    public func add(to parts: inout SpecParts) { parts.properties.append(property) }
}

extension Property {
    init(_ kind: Kind, _ name: String, _ file: String, _ line: Int, _ predicate: () -> Term) {
        self.init(name: name, kind: kind, predicate: predicate().expr, location: SourceLocation(file: file, line: line))
    }
}

/// An invariant: the predicate holds in every reachable state.
///
/// With `auxiliary: true` it is a strengthening invariant: one that `quorum prove`
/// assumes and proves together with the others, to make them inductive. `check`
/// treats it like any other invariant, so a wrong one is caught.
public struct Always: PropertyDeclaration {
    public let property: Property
    public init(_ name: String, auxiliary: Bool = false, file: String = #filePath, line: Int = #line,
                _ predicate: () -> Term) {
        var made = Property(.always, name, file, line, predicate)
        made.isAuxiliary = auxiliary
        property = made
    }
}

/// A reachability property: some reachable state satisfies the predicate (else the check fails).
public struct Sometimes: PropertyDeclaration {
    public let property: Property
    public init(_ name: String, file: String = #filePath, line: Int = #line, _ predicate: () -> Term) {
        property = Property(.sometimes, name, file, line, predicate)
    }
}

/// A step property over the state before a step and, with `.next`, the state after it.
public struct Transition: PropertyDeclaration {
    public let property: Property
    public init(_ name: String, file: String = #filePath, line: Int = #line, _ predicate: () -> Term) {
        property = Property(.transition, name, file, line, predicate)
    }
}

/// Declares node sorts symmetric: their identities are interchangeable, so the explicit
/// engine counts states up to renaming them (as TLC's SYMMETRY does) unless run with
/// `--no-symmetry`.
///
/// Validation rejects the declaration if the spec singles out a node of the sort by a
/// constant (`server.id(0)`), since renaming would then change what the spec means.
/// Every property must be indifferent to the renaming too, which holds for a property
/// that names no node by a constant.
public struct Symmetric: SpecComponent {
    let declaration: SymmetryDeclaration
    public init(_ sorts: Sort..., file: String = #filePath, line: Int = #line) {
        declaration = SymmetryDeclaration(sorts: sorts, location: SourceLocation(file: file, line: line))
    }
    public func add(to parts: inout SpecParts) {
        if var existing = parts.symmetry {
            existing.sorts += declaration.sorts.filter { !existing.sorts.contains($0) }
            parts.symmetry = existing
        } else {
            parts.symmetry = declaration
        }
    }
}

/// Declares the entries of a per-node variable that nothing reads while a condition
/// holds: `Irrelevant(nextIndex) { i in state[i] != "leader" }`.
///
/// States that differ only in such entries then count as one (each irrelevant entry is
/// taken to be the least value of its sort), unless the check runs with
/// `--no-irrelevance`. Z3 confirms the declaration before the search relies on it, so a
/// wrong one is an error, never a missed state.
public struct Irrelevant: SpecComponent {
    let irrelevance: Irrelevance
    public init(_ variable: Term, file: String = #filePath, line: Int = #line, where condition: (Term) -> Term) {
        let location = SourceLocation(file: file, line: line)
        guard let declaration = variable.declaration else {
            irrelevance = Irrelevance(variable: "?", condition: .invalid("Irrelevant names a term not made by variable(_:_:)"),
                                      location: location)
            return
        }
        guard case let .function(domain, _) = declaration.sort else {
            irrelevance = Irrelevance(variable: declaration.name, condition: .literal(.false, .bool), location: location)
            return
        }
        irrelevance = Irrelevance(variable: declaration.name, condition: function(domain, condition).expr, location: location)
    }
    public func add(to parts: inout SpecParts) { parts.irrelevance.append(irrelevance) }
}

/// A state constraint: successors outside it are checked but neither counted nor expanded.
public struct StateConstraint: SpecComponent {
    let constraint: Constraint
    public init(file: String = #filePath, line: Int = #line, _ predicate: () -> Term) {
        constraint = Constraint(predicate: predicate().expr, location: SourceLocation(file: file, line: line))
    }
    public func add(to parts: inout SpecParts) { parts.constraints.append(constraint) }
}
