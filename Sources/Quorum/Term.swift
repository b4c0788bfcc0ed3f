/// An expression under construction: wraps an IR `Expr` and gives it operators.
///
/// Terms are untyped in Swift on purpose: sorts are checked when the spec is built
/// (`Spec.validated()`), which reports every mismatch with its file and line, and
/// keeps the Swift type checker fast on long protocol specs.
@dynamicMemberLookup
public struct Term: Sendable {
    public var expr: Expr
    /// Set for the terms returned by `variable(_:_:)`: the declaration the spec lists.
    public var declaration: Spec.Variable?

    public init(_ expr: Expr) {
        self.expr = expr
        self.declaration = nil
    }

    /// A field of a record or of a message: `message.term`.
    public subscript(dynamicMember name: String) -> Term {
        Term(.field(expr, name))
    }

    /// The field with this name, for names that clash with members of `Term` (`count`).
    public func field(_ name: String) -> Term { Term(.field(expr, name)) }

    /// `f[x]` for a function; `s[i]` for a sequence, counting from 1.
    public subscript(_ index: Term) -> Term {
        Term(.apply(expr, index.expr))
    }

}

extension Term: ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral
{
    public init(integerLiteral value: Int) {
        self.init(.literal(.int(value), .int(lower: value, upper: value)))
    }

    public init(booleanLiteral value: Bool) {
        self.init(.literal(Value(value), .bool))
    }

    /// An enumeration case by name; which enumeration is inferred from the context.
    public init(stringLiteral value: String) {
        self.init(.symbol(value))
    }

    /// A set of the listed elements; `[]` is the empty set (or sequence, bag, or none).
    public init(arrayLiteral elements: Term...) {
        self.init(elements.isEmpty ? .empty : .setOf(nil, elements.map(\.expr)))
    }
}

// MARK: - Constants

extension Term {
    /// An integer constant.
    public static func int(_ n: Int) -> Term { Term(integerLiteral: n) }

    /// The absent value of an optional, or an empty collection, sort from context.
    public static var none: Term { Term(.empty) }

    /// The n-th identity (from 0) of a node sort.
    public static func node(_ index: Int, of sort: Sort) -> Term {
        Term(.literal(.int(index), sort))
    }

    /// A constant of a given sort.
    public static func constant(_ value: Value, _ sort: Sort) -> Term {
        Term(.literal(value, sort))
    }

    /// A sequence of the listed elements.
    public static func sequence(_ elements: Term...) -> Term {
        Term(elements.isEmpty ? .empty : .sequenceOf(nil, elements.map(\.expr)))
    }
}

/// A present optional value.
public func some(_ value: Term) -> Term { Term(.some(value.expr)) }

/// A value chosen by a condition: `ite(c, a, b)`.
public func ite(_ condition: Term, _ then: Term, _ otherwise: Term) -> Term {
    Term(.ifThenElse(condition.expr, then.expr, otherwise.expr))
}

// MARK: - Operators

infix operator ==> : LogicalDisjunctionPrecedence
infix operator ∈ : ComparisonPrecedence
infix operator ∉ : ComparisonPrecedence

extension Term {
    public static func == (lhs: Term, rhs: Term) -> Term { Term(.equal(lhs.expr, rhs.expr)) }
    public static func != (lhs: Term, rhs: Term) -> Term { Term(.not(.equal(lhs.expr, rhs.expr))) }
    public static func < (lhs: Term, rhs: Term) -> Term { Term(.compare(.less, lhs.expr, rhs.expr)) }
    public static func <= (lhs: Term, rhs: Term) -> Term { Term(.compare(.lessOrEqual, lhs.expr, rhs.expr)) }
    public static func > (lhs: Term, rhs: Term) -> Term { Term(.compare(.greater, lhs.expr, rhs.expr)) }
    public static func >= (lhs: Term, rhs: Term) -> Term { Term(.compare(.greaterOrEqual, lhs.expr, rhs.expr)) }
    public static func + (lhs: Term, rhs: Term) -> Term { Term(.arithmetic(.add, lhs.expr, rhs.expr)) }
    public static func - (lhs: Term, rhs: Term) -> Term { Term(.arithmetic(.subtract, lhs.expr, rhs.expr)) }
    public static func * (lhs: Term, rhs: Term) -> Term { Term(.arithmetic(.multiply, lhs.expr, rhs.expr)) }
    public static func / (lhs: Term, rhs: Term) -> Term { Term(.arithmetic(.divide, lhs.expr, rhs.expr)) }
    public static func % (lhs: Term, rhs: Term) -> Term { Term(.arithmetic(.remainder, lhs.expr, rhs.expr)) }

    public static func && (lhs: Term, rhs: Term) -> Term {
        Term(.and(lhs.expr.conjuncts + rhs.expr.conjuncts))
    }

    public static func || (lhs: Term, rhs: Term) -> Term {
        Term(.or(lhs.expr.disjuncts + rhs.expr.disjuncts))
    }

    public static prefix func ! (operand: Term) -> Term { Term(.not(operand.expr)) }

    /// Implication.
    public static func ==> (lhs: Term, rhs: Term) -> Term { Term(.implies(lhs.expr, rhs.expr)) }

    /// Membership in a set or bag.
    public static func ∈ (lhs: Term, rhs: Term) -> Term { Term(.contains(lhs.expr, rhs.expr)) }
    public static func ∉ (lhs: Term, rhs: Term) -> Term { Term(.not(.contains(lhs.expr, rhs.expr))) }
}

extension Expr {
    var conjuncts: [Expr] {
        if case let .and(items) = self { return items }
        return [self]
    }

    var disjuncts: [Expr] {
        if case let .or(items) = self { return items }
        return [self]
    }
}

/// All of the conditions.
public func all(_ conditions: Term...) -> Term { Term(.and(conditions.map(\.expr))) }
/// Any of the conditions.
public func any(_ conditions: Term...) -> Term { Term(.or(conditions.map(\.expr))) }

// MARK: - Collections

extension Term {
    /// Whether a set, bag or sequence holds the element.
    public func contains(_ element: Term) -> Term { Term(.contains(element.expr, expr)) }
    /// The number of elements of a set, copies in a bag, or the length of a sequence.
    public var count: Term { Term(.count(expr)) }
    /// Whether a set, bag or sequence has no elements.
    public var isEmpty: Term { Term(.equal(.count(expr), .literal(.int(0), .int(lower: 0, upper: 0)))) }
    public func union(_ other: Term) -> Term { Term(.setOperation(.union, expr, other.expr)) }
    public func intersection(_ other: Term) -> Term { Term(.setOperation(.intersection, expr, other.expr)) }
    public func subtracting(_ other: Term) -> Term { Term(.setOperation(.difference, expr, other.expr)) }
    public func isSubset(of other: Term) -> Term { Term(.isSubset(expr, other.expr)) }
    /// The set with one more element.
    public func inserting(_ element: Term) -> Term { Term(.setOperation(.union, expr, .setOf(nil, [element.expr]))) }
    /// The set without an element.
    public func removing(_ element: Term) -> Term { Term(.setOperation(.difference, expr, .setOf(nil, [element.expr]))) }
    /// The largest integer of a non-empty set.
    public var max: Term { Term(.extremum(.max, expr)) }
    /// The smallest integer of a non-empty set.
    public var min: Term { Term(.extremum(.min, expr)) }

    /// `{x ∈ self : predicate(x)}`.
    public func filter(_ file: String = #filePath, _ line: Int = #line, _ predicate: (Term) -> Term) -> Term {
        let (name, body) = Binder.bind("x", predicate)
        return Term(.located(.filter(name, expr, body.expr), SourceLocation(file: file, line: line)))
    }

    /// `{transform(x) : x ∈ self}`.
    public func map(_ file: String = #filePath, _ line: Int = #line, _ transform: (Term) -> Term) -> Term {
        let (name, body) = Binder.bind("x", transform)
        return Term(.located(.map(name, expr, body.expr), SourceLocation(file: file, line: line)))
    }

    // Sequences
    /// The length of a sequence.
    public var length: Term { Term(.count(expr)) }
    /// The sequence with one more element at the end.
    public func appending(_ element: Term) -> Term { Term(.appending(expr, element.expr)) }
    /// The last element of a non-empty sequence.
    public var last: Term { Term(.last(expr)) }
    /// The first n elements.
    public func prefix(_ n: Term) -> Term { Term(.prefix(expr, n.expr)) }
    /// The elements after the first n.
    public func dropping(_ n: Term) -> Term { Term(.dropping(expr, n.expr)) }
    /// The function or sequence with one element changed.
    public func updating(_ index: Term, to value: Term) -> Term { Term(.updating(expr, index.expr, value.expr)) }

    // Bags
    /// How many copies of the element a bag holds.
    public func copies(of element: Term) -> Term { Term(.copies(expr, element.expr)) }
    /// The bag with one more copy of the element.
    public func adding(_ element: Term) -> Term { Term(.bagAdding(expr, element.expr)) }
    /// The bag with one copy fewer of the element.
    public func removingCopy(_ element: Term) -> Term { Term(.bagRemoving(expr, element.expr)) }
    /// The set of elements of a bag.
    public var support: Term { Term(.bagSupport(expr)) }

    // Optionals and unions
    /// Whether an optional holds a value.
    public var isSome: Term { Term(.isSome(expr)) }
    /// Whether an optional is empty.
    public var isNone: Term { Term(.not(.isSome(expr))) }
    /// The value of a present optional.
    public var unwrapped: Term { Term(.unwrap(expr)) }
    /// Whether a union value is of the named variant.
    public func `is`(_ variant: String) -> Term { Term(.isVariant(expr, variant)) }

    /// The value of this expression in the state after the step (transition properties).
    public var next: Term { Term(.primed(expr)) }
}
