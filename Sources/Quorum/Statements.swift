/// Statements of action bodies and initial blocks, written as readable Swift.
///
/// Each statement form is a value that becomes an IR `Statement`; the builder
/// stamps it with the line it was written on, so evaluation errors can point there.
public protocol StatementConvertible {
    /// The IR statement, written at `location`.
    func statement(at location: SourceLocation) -> Statement
}

extension Statement: StatementConvertible {
    public func statement(at location: SourceLocation) -> Statement { self }
}

/// Builds a block of statements; Swift `if`, `for` and `if let` run while the spec is
/// built (they unroll over Swift values), IR conditionals are written `If`, `Choose`, ….
@resultBuilder
public enum StatementBuilder {
    /// A statement, stamped with the file and line it was written on.
    public static func buildExpression(_ statement: some StatementConvertible,
                                       file: String = #filePath, line: Int = #line) -> [Statement] {
        [statement.statement(at: SourceLocation(file: file, line: line))]
    }

    public static func buildExpression(_ statements: [Statement]) -> [Statement] { statements }
    public static func buildBlock(_ parts: [Statement]...) -> [Statement] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Statement]?) -> [Statement] { part ?? [] }
    public static func buildEither(first: [Statement]) -> [Statement] { first }
    public static func buildEither(second: [Statement]) -> [Statement] { second }
    /// A Swift `for` loop in a block unrolls into one statement per iteration.
    public static func buildArray(_ parts: [[Statement]]) -> [Statement] { parts.flatMap { $0 } }
}

extension Array where Element == Statement {
    var block: Statement { count == 1 ? self[0] : .block(self) }
}

infix operator <- : AssignmentPrecedence

/// `place <- value`: store a value in a variable, or at `f[x]`, `s[i]` or `r.field` inside one.
public struct Assignment: StatementConvertible {
    let target: Term
    let value: Term

    public func statement(at location: SourceLocation) -> Statement {
        guard let place = target.expr.place else {
            var message = "the left side of <- must be a variable, or an element or field of one"
            if case let .invalid(reason) = target.expr.unlocated { message = reason }
            return .require(.invalid(message), location)
        }
        return .assign(place, value.expr, location)
    }
}

extension Term {
    /// Assignment of a value to a variable or to part of one.
    public static func <- (target: Term, value: Term) -> Assignment {
        Assignment(target: target, value: value)
    }
}

extension Expr {
    /// The storage location this expression denotes, if it is a variable or a path into one.
    var place: Place? {
        switch self {
        case let .variable(name): return Place(variable: name)
        case let .apply(inner, index):
            guard var place = inner.place else { return nil }
            place.path.append(.index(index))
            return place
        case let .field(inner, name):
            guard var place = inner.place else { return nil }
            place.path.append(.field(name))
            return place
        case let .located(inner, _): return inner.place
        default: return nil
        }
    }
}

/// Continue only if the condition holds; otherwise the action is not enabled on this branch.
public struct Require: StatementConvertible {
    let condition: Term
    public init(_ condition: Term) { self.condition = condition }
    public func statement(at location: SourceLocation) -> Statement { .require(condition.expr, location) }
}

/// `If(condition) { … } else: { … }`: one branch or the other, by a condition on the state.
public struct If: StatementConvertible {
    let condition: Term
    let then: [Statement]
    let otherwise: [Statement]

    public init(_ condition: Term, @StatementBuilder _ then: () -> [Statement],
                @StatementBuilder else otherwise: () -> [Statement] = { [] }) {
        self.condition = condition
        self.then = then()
        self.otherwise = otherwise()
    }

    public func statement(at location: SourceLocation) -> Statement {
        .ifThenElse(condition.expr, then.block, otherwise.block, location)
    }
}

/// Nondeterministic choice: one successor for each value of the domain that passes the body's guards.
public struct Choose: StatementConvertible {
    let name: String
    let domain: Term
    let body: [Statement]

    public init(_ domain: some Domain, @StatementBuilder _ body: (Term) -> [Statement]) {
        (name, self.body) = Binder.bind(domain.bindingName, body)
        self.domain = domain.members
    }

    public func statement(at location: SourceLocation) -> Statement {
        .choose(name, domain.expr, body.block, location)
    }
}

/// Nondeterministic choice between alternatives.
public struct Either: StatementConvertible {
    let branches: [[Statement]]

    public init(@StatementBuilder _ first: () -> [Statement], @StatementBuilder or second: () -> [Statement]) {
        branches = [first(), second()]
    }

    public init(@StatementBuilder _ first: () -> [Statement], @StatementBuilder or second: () -> [Statement],
                @StatementBuilder or third: () -> [Statement]) {
        branches = [first(), second(), third()]
    }

    public func statement(at location: SourceLocation) -> Statement {
        .either(branches.map(\.block), location)
    }
}

/// Run the body for every value of the domain, in order (per-node updates).
public struct ForEach: StatementConvertible {
    let name: String
    let domain: Term
    let body: [Statement]

    public init(_ domain: some Domain, @StatementBuilder _ body: (Term) -> [Statement]) {
        (name, self.body) = Binder.bind(domain.bindingName, body)
        self.domain = domain.members
    }

    public func statement(at location: SourceLocation) -> Statement {
        .forEach(name, domain.expr, body.block, location)
    }
}

/// Name a value computed once, for the statements of the body.
public struct Let: StatementConvertible {
    let name: String
    let value: Term
    let body: [Statement]

    public init(_ value: Term, @StatementBuilder _ body: (Term) -> [Statement]) {
        (name, self.body) = Binder.bind("let", body)
        self.value = value
    }

    public func statement(at location: SourceLocation) -> Statement {
        .letIn(name, value.expr, body.block, location)
    }
}
