/// An expression of the spec language: a closed set of cases grouped by theory.
///
/// The DSL builds these; validation resolves names and checks sorts; the explicit
/// engine evaluates them and the symbolic engine translates them. Nothing in here
/// is a Swift closure, so every engine sees the same meaning.
public indirect enum Expr: Hashable, Codable, Sendable {
    // MARK: Core
    /// A constant of a given sort.
    case literal(Value, Sort)
    /// An enumeration case named by a string, resolved by validation to a literal.
    case symbol(String)
    /// An empty set, sequence or bag, or an absent optional, whose sort validation infers.
    case empty
    /// A mistake made while building the spec, reported by validation with this message.
    case invalid(String)
    /// The value of a state variable (in the current state).
    case variable(String)
    /// The value a variable has in every initial state (an error if initial states differ on it).
    /// Crash-restart uses it to reset a node's volatile state.
    case initialValue(String)
    /// The value of an expression in the state after a step (transition properties only).
    case primed(Expr)
    /// A name bound by an action parameter, a quantifier, a comprehension or `let`.
    case bound(String)
    /// `let name = value in body`.
    case letIn(String, Expr, Expr)
    /// `if condition then a else b`.
    case ifThenElse(Expr, Expr, Expr)
    /// Equality of two values of one sort.
    case equal(Expr, Expr)
    /// The wrapped expression was written at this location.
    case located(Expr, SourceLocation)

    // MARK: Booleans
    case not(Expr)
    case and([Expr])
    case or([Expr])
    case implies(Expr, Expr)
    /// `∀ name ∈ set : body`.
    case forAll(String, Expr, Expr)
    /// `∃ name ∈ set : body`.
    case exists(String, Expr, Expr)

    // MARK: Integers
    case arithmetic(ArithmeticOperator, Expr, Expr)
    case compare(ComparisonOperator, Expr, Expr)

    // MARK: Optionals
    /// The absent value of `Sort.optional(wrapped)`; the sort given is the wrapped one.
    case none(Sort)
    case some(Expr)
    case isSome(Expr)
    /// The wrapped value of a present optional (an evaluation error when absent).
    case unwrap(Expr)

    // MARK: Records and unions
    /// A record of the given record sort, fields in declaration order.
    case record(Sort, [Expr])
    /// A field of a record, or of a union value whose variant has it.
    case field(Expr, String)
    /// A union value: the union sort, the variant name and its fields in order.
    case variant(Sort, String, [Expr])
    /// Whether a union value is of the named variant.
    case isVariant(Expr, String)

    // MARK: Functions
    /// `[name ∈ domain ↦ body]` over a finite domain sort.
    case function(String, Sort, Expr)
    /// `f[x]` for functions; `s[i]` (1-based) for sequences.
    case apply(Expr, Expr)
    /// `[f EXCEPT ![x] = v]`, also for sequences.
    case updating(Expr, Expr, Expr)

    // MARK: Sets
    /// An enumerated set; the element sort, when not given, is inferred by validation.
    case setOf(Sort?, [Expr])
    /// Every value of a finite sort, as a set.
    case universe(Sort)
    /// `element ∈ collection` for sets, bags (at least one copy) and sequences.
    case contains(Expr, Expr)
    case setOperation(SetOperator, Expr, Expr)
    case isSubset(Expr, Expr)
    /// The number of elements of a set, the length of a sequence, the copies in a bag.
    case count(Expr)
    /// `{name ∈ set : predicate}`.
    case filter(String, Expr, Expr)
    /// `{body : name ∈ set}`.
    case map(String, Expr, Expr)
    /// The largest (or smallest) integer of a non-empty set.
    case extremum(Extremum, Expr)

    // MARK: Sequences
    /// An enumerated sequence; the element sort, when not given, is inferred by validation.
    case sequenceOf(Sort?, [Expr])
    case appending(Expr, Expr)
    /// The first n elements of a sequence (`SubSeq(s, 1, n)`).
    case prefix(Expr, Expr)
    /// The elements after the first n (`SubSeq(s, n+1, Len(s))`).
    case dropping(Expr, Expr)
    /// The last element of a non-empty sequence.
    case last(Expr)

    // MARK: Bags
    /// How many copies of an element a bag holds.
    case copies(Expr, Expr)
    /// The bag with one more copy of an element.
    case bagAdding(Expr, Expr)
    /// The bag with one copy fewer of an element (unchanged if absent).
    case bagRemoving(Expr, Expr)
    /// The set of elements with at least one copy.
    case bagSupport(Expr)
}

public enum ArithmeticOperator: String, Hashable, Codable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "÷", remainder = "%"
}

public enum ComparisonOperator: String, Hashable, Codable, Sendable {
    case less = "<", lessOrEqual = "≤", greater = ">", greaterOrEqual = "≥"
}

public enum SetOperator: String, Hashable, Codable, Sendable {
    case union = "∪", intersection = "∩", difference = "\\"
}

public enum Extremum: String, Hashable, Codable, Sendable {
    case max, min
}

extension Expr {
    /// Whether the expression's sort comes from its context more than from itself: when
    /// two operands must share a sort, a flexible one takes the other's.
    public var isFlexible: Bool {
        switch self {
        case .literal, .setOf, .sequenceOf, .function, .some, .none, .ifThenElse, .map: return true
        case let .located(inner, _): return inner.isFlexible
        default: return false
        }
    }

    /// The expression with any location wrappers removed from its root.
    public var unlocated: Expr {
        if case let .located(inner, _) = self { return inner.unlocated }
        return self
    }
}
