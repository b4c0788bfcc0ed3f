import CZ3

/// A Z3 term (an AST), owned: it holds a reference for as long as it lives.
///
/// Terms built from constants are folded here, in Swift, and remember their value
/// (`constant`): an encoding that unrolls quantifiers over concrete elements then
/// builds small formulas instead of asking Z3 to simplify large ones. Z3 shares equal
/// terms, so two terms with the same `raw` pointer are the same term.
public final class Term {
    let context: Context
    let raw: Z3_ast
    /// The term's value when it is an integer or bit-vector literal.
    public let constant: Int?
    /// The term's value when it is `true` or `false`.
    public let boolConstant: Bool?

    init(_ context: Context, _ raw: Z3_ast, constant: Int?, boolConstant: Bool?) {
        self.context = context
        self.raw = raw
        self.constant = constant
        self.boolConstant = boolConstant
        Z3_inc_ref(context.raw, raw)
    }

    deinit { Z3_dec_ref(context.raw, raw) }

    /// Whether both terms have the same sort (sorts are shared like terms).
    func hasSameSort(as other: Term) -> Bool {
        Z3_get_sort(context.raw, raw) == Z3_get_sort(context.raw, other.raw)
    }

    /// Whether two terms are the same term (Z3 shares structurally equal terms).
    public func isIdentical(to other: Term) -> Bool { raw == other.raw }

    /// A key equal for identical terms (while they live), for tables keyed by term.
    public var identity: Int { Int(bitPattern: raw) }
}

extension Term: CustomStringConvertible {
    /// The term in SMT-LIB syntax.
    public var description: String {
        Z3_ast_to_string(context.raw, raw).map { String(cString: $0) } ?? "?"
    }
}

// MARK: - Constants and variables

extension Context {
    public func bool(_ value: Bool) throws(Z3Error) -> Term {
        let (no, yes) = try truthValues()
        return Term(self, value ? yes : no, constant: nil, boolConstant: value)
    }

    public func int(_ value: Int) throws(Z3Error) -> Term {
        try term(Z3_mk_int64(raw, Int64(value), Z3_mk_int_sort(raw)), constant: value)
    }

    /// The bit-vector of the given width holding `value` (which must fit).
    public func bitVector(_ value: Int, width: Int) throws(Z3Error) -> Term {
        guard width >= 1, width < 63, value >= 0, value < 1 << width else {
            throw Z3Error("\(value) does not fit in a bit-vector of width \(width)")
        }
        return try term(Z3_mk_unsigned_int64(raw, UInt64(value), Z3_mk_bv_sort(raw, UInt32(width))), constant: value)
    }

    /// An uninterpreted constant (a variable the solver assigns) of the given sort.
    public func variable(_ name: String, _ sort: TermSort) throws(Z3Error) -> Term {
        try term(Z3_mk_const(raw, Z3_mk_string_symbol(raw, name), sort.raw))
    }
}

// MARK: - Booleans

extension Context {
    public func not(_ a: Term) throws(Z3Error) -> Term {
        if let c = a.boolConstant { return try bool(!c) }
        return try term(Z3_mk_not(raw, a.raw))
    }

    public func and(_ items: [Term]) throws(Z3Error) -> Term {
        try connective(items, absorbing: false) { Z3_mk_and(raw, $0, $1) }
    }

    public func or(_ items: [Term]) throws(Z3Error) -> Term {
        try connective(items, absorbing: true) { Z3_mk_or(raw, $0, $1) }
    }

    /// `and` (absorbed by false) or `or` (absorbed by true): literals folded, repeats dropped.
    private func connective(_ items: [Term], absorbing: Bool,
                            _ make: (UInt32, UnsafePointer<Z3_ast?>) -> Z3_ast?) throws(Z3Error) -> Term {
        var kept: [Term] = []
        var seen = Set<OpaquePointer>()
        for item in items {
            if let value = item.boolConstant {
                if value == absorbing { return item }
            } else if seen.insert(item.raw).inserted {
                kept.append(item)
            }
        }
        if kept.isEmpty { return try bool(!absorbing) }
        if kept.count == 1 { return kept[0] }
        return try apply(kept) { make(UInt32(kept.count), $0) }
    }

    public func implies(_ a: Term, _ b: Term) throws(Z3Error) -> Term {
        if a.boolConstant == false || b.boolConstant == true { return try bool(true) }
        if a.boolConstant == true { return b }
        if b.boolConstant == false { return try not(a) }
        return try term(Z3_mk_implies(raw, a.raw, b.raw))
    }

    /// `if condition then a else b`, for terms of any one sort.
    public func ite(_ condition: Term, _ a: Term, _ b: Term) throws(Z3Error) -> Term {
        if let c = condition.boolConstant { return c ? a : b }
        if a.raw == b.raw { return a }
        if a.boolConstant == true && b.boolConstant == false { return condition }
        if a.boolConstant == false && b.boolConstant == true { return try not(condition) }
        return try term(Z3_mk_ite(raw, condition.raw, a.raw, b.raw))
    }

    public func equal(_ a: Term, _ b: Term) throws(Z3Error) -> Term {
        if a.raw == b.raw { return try bool(true) }
        // Literals of one sort that are different terms are different values; literals of
        // different sorts go to Z3, which rejects them.
        if (a.constant != nil && b.constant != nil) || (a.boolConstant != nil && b.boolConstant != nil),
           a.hasSameSort(as: b) {
            return try bool(false)
        }
        return try term(Z3_mk_eq(raw, a.raw, b.raw))
    }

    /// Pairwise different.
    public func distinct(_ items: [Term]) throws(Z3Error) -> Term {
        if items.count < 2 { return try bool(true) }
        return try apply(items) { Z3_mk_distinct(raw, UInt32(items.count), $0) }
    }

    func apply(_ items: [Term], _ make: (UnsafePointer<Z3_ast?>) -> Z3_ast?) throws(Z3Error) -> Term {
        let pointers: [Z3_ast?] = items.map(\.raw)
        let made = pointers.withUnsafeBufferPointer { make($0.baseAddress!) }
        return try term(made)
    }
}

// MARK: - Integers

/// An integer operation of Z3's theory of linear (and non-linear) integer arithmetic.
public enum IntegerOperation: Sendable {
    case add, subtract, multiply
    /// Z3's division: rounds towards minus infinity for positive divisors.
    case divide
    /// Z3's modulus: never negative.
    case modulo
}

/// An integer comparison.
public enum IntegerComparison: Sendable {
    case less, lessOrEqual, greater, greaterOrEqual
}

extension Context {
    public func arithmetic(_ operation: IntegerOperation, _ a: Term, _ b: Term) throws(Z3Error) -> Term {
        if let x = a.constant, let y = b.constant, a.hasSameSort(as: b) {
            switch operation {
            case .add: return try int(x &+ y)
            case .subtract: return try int(x &- y)
            case .multiply: return try int(x &* y)
            case .divide where y > 0: return try int(x / y - (x % y < 0 ? 1 : 0))
            case .modulo where y > 0: return try int(((x % y) + y) % y)
            default: break
            }
        }
        switch operation {
        case .add, .subtract, .multiply:
            let pair = [a, b]
            return try apply(pair) { args in
                switch operation {
                case .add: return Z3_mk_add(raw, 2, args)
                case .subtract: return Z3_mk_sub(raw, 2, args)
                default: return Z3_mk_mul(raw, 2, args)
                }
            }
        case .divide: return try term(Z3_mk_div(raw, a.raw, b.raw))
        case .modulo: return try term(Z3_mk_mod(raw, a.raw, b.raw))
        }
    }

    /// The sum of integer terms.
    public func sum(_ items: [Term]) throws(Z3Error) -> Term {
        var total = 0
        var kept: [Term] = []
        for item in items {
            if let c = item.constant { total &+= c } else { kept.append(item) }
        }
        if kept.isEmpty { return try int(total) }
        if total != 0 { kept.append(try int(total)) }
        if kept.count == 1 { return kept[0] }
        return try apply(kept) { Z3_mk_add(raw, UInt32(kept.count), $0) }
    }

    public func compare(_ comparison: IntegerComparison, _ a: Term, _ b: Term) throws(Z3Error) -> Term {
        if let x = a.constant, let y = b.constant, a.hasSameSort(as: b) {
            switch comparison {
            case .less: return try bool(x < y)
            case .lessOrEqual: return try bool(x <= y)
            case .greater: return try bool(x > y)
            case .greaterOrEqual: return try bool(x >= y)
            }
        }
        switch comparison {
        case .less: return try term(Z3_mk_lt(raw, a.raw, b.raw))
        case .lessOrEqual: return try term(Z3_mk_le(raw, a.raw, b.raw))
        case .greater: return try term(Z3_mk_gt(raw, a.raw, b.raw))
        case .greaterOrEqual: return try term(Z3_mk_ge(raw, a.raw, b.raw))
        }
    }

    /// Unsigned `a < b` on bit-vectors.
    public func unsignedLess(_ a: Term, _ b: Term) throws(Z3Error) -> Term {
        if let x = a.constant, let y = b.constant { return try bool(x < y) }
        return try term(Z3_mk_bvult(raw, a.raw, b.raw))
    }
}

// MARK: - Arrays

extension Context {
    public func select(_ array: Term, _ index: Term) throws(Z3Error) -> Term {
        try term(Z3_mk_select(raw, array.raw, index.raw))
    }

    public func store(_ array: Term, _ index: Term, _ value: Term) throws(Z3Error) -> Term {
        try term(Z3_mk_store(raw, array.raw, index.raw, value.raw))
    }

    /// The array mapping every index to `value`.
    public func constantArray(index: TermSort, _ value: Term) throws(Z3Error) -> Term {
        try term(Z3_mk_const_array(raw, index.raw, value.raw))
    }
}

// MARK: - Substitution

extension Context {
    /// The term with each `from[i]` replaced by `to[i]` (terms of matching sorts).
    public func substitute(_ term: Term, _ from: [Term], _ to: [Term]) throws(Z3Error) -> Term {
        if from.isEmpty || term.constant != nil || term.boolConstant != nil { return term }
        let sources: [Z3_ast?] = from.map(\.raw)
        let targets: [Z3_ast?] = to.map(\.raw)
        let made = sources.withUnsafeBufferPointer { s in
            targets.withUnsafeBufferPointer { t in
                Z3_substitute(raw, term.raw, UInt32(from.count), s.baseAddress!, t.baseAddress!)
            }
        }
        return try self.term(made)
    }
}
