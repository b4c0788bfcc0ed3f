/// Names for the variables bound by quantifiers, comprehensions and choices.
///
/// A closure such as `exists(in: msgs) { m in … }` runs once, while the spec is
/// built, with a symbolic `m`. Its name carries the nesting depth, so an inner
/// binder never captures an outer one, and building the same spec twice gives
/// the same IR.
enum Binder {
    @TaskLocal static var depth = 0

    static func bind<Result>(_ base: String, _ body: (Term) -> Result) -> (String, Result) {
        let name = "\(base)#\(depth)"
        let result = $depth.withValue(depth + 1) { body(Term(.bound(name))) }
        return (name, result)
    }

    static func bind2<Result>(_ a: String, _ b: String, _ body: (Term, Term) -> Result) -> (String, String, Result) {
        let first = "\(a)#\(depth)"
        let second = "\(b)#\(depth + 1)"
        let result = $depth.withValue(depth + 2) { body(Term(.bound(first)), Term(.bound(second))) }
        return (first, second, result)
    }
}

/// Something a binder can range over: a sort (all its values) or a set-valued term.
public protocol Domain: Sendable {
    /// The set of values ranged over.
    var members: Term { get }
    /// A readable base name for variables bound over it.
    var bindingName: String { get }
}

extension Sort: Domain {
    public var members: Term { Term(.universe(self)) }

    public var bindingName: String {
        switch self {
        case let .node(name, _): return name
        case let .enumeration(name, _), let .record(name, _), let .union(name, _):
            return name.prefix(1).lowercased() + name.dropFirst()
        case .int: return "n"
        default: return "x"
        }
    }
}

extension Term: Domain {
    public var members: Term { self }
    public var bindingName: String {
        if case let .variable(name) = expr.unlocated { return String(name.prefix(1)) }
        return "x"
    }
}

/// A domain with an explicit name for the bound variable: `Ballot.named("b")`.
public struct NamedDomain: Domain {
    public var members: Term
    public var bindingName: String
}

extension Domain {
    /// This domain, binding variables under the given name (shown in traces).
    public func named(_ name: String) -> NamedDomain {
        NamedDomain(members: members, bindingName: name)
    }
}

// MARK: - Quantifiers

/// `∀ x ∈ domain : body(x)`.
public func forAll(_ domain: some Domain, _ file: String = #filePath, _ line: Int = #line,
                   _ body: (Term) -> Term) -> Term {
    let (name, result) = Binder.bind(domain.bindingName, body)
    return Term(.located(.forAll(name, domain.members.expr, result.expr), SourceLocation(file: file, line: line)))
}

/// `∀ x ∈ first, y ∈ second : body(x, y)`.
public func forAll(_ first: some Domain, _ second: some Domain, _ file: String = #filePath, _ line: Int = #line,
                   _ body: (Term, Term) -> Term) -> Term {
    let (a, b, result) = Binder.bind2(first.bindingName, second.bindingName, body)
    return Term(.located(
        .forAll(a, first.members.expr, .forAll(b, second.members.expr, result.expr)),
        SourceLocation(file: file, line: line)))
}

/// `∃ x ∈ domain : body(x)`.
public func exists(_ domain: some Domain, _ file: String = #filePath, _ line: Int = #line,
                   _ body: (Term) -> Term) -> Term {
    let (name, result) = Binder.bind(domain.bindingName, body)
    return Term(.located(.exists(name, domain.members.expr, result.expr), SourceLocation(file: file, line: line)))
}

/// `∃ x ∈ first, y ∈ second : body(x, y)`.
public func exists(_ first: some Domain, _ second: some Domain, _ file: String = #filePath, _ line: Int = #line,
                   _ body: (Term, Term) -> Term) -> Term {
    let (a, b, result) = Binder.bind2(first.bindingName, second.bindingName, body)
    return Term(.located(
        .exists(a, first.members.expr, .exists(b, second.members.expr, result.expr)),
        SourceLocation(file: file, line: line)))
}

/// The function `[x ∈ domain ↦ body(x)]` over a finite sort.
public func function(_ domain: Sort, _ body: (Term) -> Term) -> Term {
    let (name, result) = Binder.bind(domain.bindingName, body)
    return Term(.function(name, domain, result.expr))
}

/// `let name = value in body(name)`, to name a subterm once.
public func define(_ value: Term, _ body: (Term) -> Term) -> Term {
    let (name, result) = Binder.bind("let", body)
    return Term(.letIn(name, value.expr, result.expr))
}
