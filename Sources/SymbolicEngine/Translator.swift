import SpecIR
import Z3Kit

/// Translates IR expressions into symbolic values over a frame of state terms.
///
/// Every construct gets the explicit engine's meaning (see `Compiler` there),
/// including its evaluation errors: where the explicit engine would stop with an
/// error, the translator records a *failure* — the condition, over the state, under
/// which that error happens — so that the engines can check that no reachable state
/// fails. Operators that short-circuit there (`∧`, `∨`, `⇒`, quantifiers,
/// `if`) guard the failures of their later operands here.
final class Translator {
    let spec: Spec
    let encoding: Encoding
    var z3: Context { encoding.z3 }
    /// The state read by `variable` (nil entries: not yet set by the initial block).
    var current: [Symbolic?]
    /// The state after the step, read by primed expressions of transition properties.
    var next: [Symbolic]?
    /// Each variable's value in every initial state, when they all agree on it.
    var initialValues: [Symbolic?] = []
    /// The condition under which the expression being translated is evaluated.
    private(set) var condition: Term
    /// Where the explicit engine would stop with an evaluation error, and why.
    var failures: [Failure] = []
    /// The action, property or block being translated, for messages.
    var context = ""
    let variableIndex: [String: Int]

    struct Failure {
        let condition: Term
        let message: String
        let location: SourceLocation
        let context: String
    }

    typealias Scope = [String: (Symbolic, Sort)]

    init(spec: Spec, encoding: Encoding, current: [Symbolic?]) throws {
        self.spec = spec
        self.encoding = encoding
        self.current = current
        condition = try encoding.z3.bool(true)
        var index: [String: Int] = [:]
        for (i, variable) in spec.variables.enumerated() { index[variable.name] = i }
        variableIndex = index
    }

    /// Runs `body` with `extra` added to the evaluation condition.
    func under<T>(_ extra: Term, _ body: () throws -> T) throws -> T {
        let saved = condition
        condition = try z3.and([condition, extra])
        defer { condition = saved }
        return try body()
    }

    /// Replaces the evaluation condition for `body`.
    func with<T>(condition replacement: Term, _ body: () throws -> T) rethrows -> T {
        let saved = condition
        condition = replacement
        defer { condition = saved }
        return try body()
    }

    /// Records that evaluation fails when `broken` holds (under the current condition).
    func fail(when broken: Term, _ message: @autoclosure () -> String, at loc: SourceLocation) throws {
        if broken.boolConstant == false { return }
        let c = try z3.and([condition, broken])
        if c.boolConstant == false { return }
        failures.append(Failure(condition: c, message: message(), location: loc, context: context))
    }

    func unsupported(_ what: String, at loc: SourceLocation) -> EncodingError {
        EncodingError("the symbolic engine does not support \(what)", at: loc)
    }

    // MARK: - Sorts

    /// The smallest sort holding the values of both (integer ranges joined).
    func join(_ a: Sort, _ b: Sort) -> Sort {
        if a == b { return a }
        switch (a, b) {
        case let (.int(l1, u1), .int(l2, u2)): return .int(lower: min(l1, l2), upper: max(u1, u2))
        case let (.optional(x), .optional(y)): return .optional(join(x, y))
        case let (.record(name, f1), .record(_, f2)) where f1.count == f2.count:
            return .record(name: name, fields: zip(f1, f2).map { Sort.Field($0.name, join($0.sort, $1.sort)) })
        case let (.union(name, v1), .union(_, v2)) where v1.count == v2.count:
            return .union(name: name, variants: zip(v1, v2).map { x, y in
                Sort.Variant(x.name, zip(x.fields, y.fields).map { Sort.Field($0.name, join($0.sort, $1.sort)) })
            })
        case let (.function(d, c1), .function(_, c2)): return .function(domain: d, codomain: join(c1, c2))
        case let (.sequence(e1, c1), .sequence(e2, c2)): return .sequence(element: join(e1, e2), capacity: max(c1, c2))
        case let (.set(e1), .set(e2)): return .set(element: join(e1, e2))
        case let (.bag(e1, m1, d1), .bag(e2, m2, d2)):
            return .bag(element: join(e1, e2), maxCopies: max(m1, m2), maxDistinct: d1.flatMap { a in d2.map { max(a, $0) } })
        default: return a
        }
    }

    /// The value laid out for `target`.
    ///
    /// No failure is recorded: like the explicit engine, which converts only between
    /// different run-time forms, a value may stray outside an integer range while it is
    /// computed and compared. It is an error only when stored (`store`), put in a set
    /// (`makeSet`) or used as a function argument.
    func convert(_ value: Symbolic, from source: Sort, to target: Sort) throws -> Symbolic {
        try encoding.convert(value, from: source, to: target)
    }

    /// Records that storing `value` as a `sort` fails where it is outside the sort.
    func checkStorage(_ value: Symbolic, _ sort: Sort, _ place: String, at loc: SourceLocation) throws {
        try fail(when: try z3.not(try encoding.fits(value, sort)), "a value assigned to \(place) is outside its sort \(sort)", at: loc)
    }

    /// Records that a function argument outside the domain fails.
    func checkDomain(_ key: Symbolic, _ domain: Sort, at loc: SourceLocation) throws {
        if case .int = domain {
            try fail(when: try z3.not(try encoding.fits(key, domain)), "an argument is outside the domain \(domain)", at: loc)
        }
    }

    // MARK: - Expressions

    /// Translates an expression; with `expected`, its value comes in that sort's layout.
    func expression(_ expr: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool = false,
                    expected: Sort? = nil) throws -> (Symbolic, Sort) {
        let (value, sort) = try translate(expr, scope, at: loc, primed: primed, expected: expected)
        if let expected, sort != expected {
            return (try convert(value, from: sort, to: expected), expected)
        }
        return (value, sort)
    }

    /// A Boolean expression as a term.
    func formula(_ expr: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool = false) throws -> Term {
        try expression(expr, scope, at: loc, primed: primed).0.term
    }

    /// Two operands in one sort: the join of theirs.
    func pair(_ a: Expr, _ b: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool, expected: Sort? = nil)
        throws -> (Symbolic, Symbolic, Sort)
    {
        if let expected {
            let x = try expression(a, scope, at: loc, primed: primed, expected: expected).0
            let y = try expression(b, scope, at: loc, primed: primed, expected: expected).0
            return (x, y, expected)
        }
        if a.isFlexible && !b.isFlexible {
            let (y, sb) = try expression(b, scope, at: loc, primed: primed)
            let x = try expression(a, scope, at: loc, primed: primed, expected: sb).0
            return (x, y, sb)
        }
        let (x, sa) = try expression(a, scope, at: loc, primed: primed)
        if b.isFlexible {
            return (x, try expression(b, scope, at: loc, primed: primed, expected: sa).0, sa)
        }
        let (y, sb) = try expression(b, scope, at: loc, primed: primed)
        if sa == sb { return (x, y, sa) }
        let common = join(sa, sb)
        return (try convert(x, from: sa, to: common), try convert(y, from: sb, to: common), common)
    }

    private func translate(_ expr: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool, expected: Sort?)
        throws -> (Symbolic, Sort)
    {
        switch expr {
        case let .literal(value, sort):
            var target = sort
            if let expected, expected.isCompatible(with: sort), expected.contains(value) { target = expected }
            return (try encoding.constant(value, target), target)

        case .symbol, .empty, .invalid:
            throw EncodingError("internal error: unresolved expression \(expr) (was the spec validated?)", at: loc)

        case let .variable(name):
            let index = variableIndex[name]!
            let sort = spec.variables[index].sort
            if primed {
                guard let next else { throw unsupported("primed variables outside transition properties", at: loc) }
                return (next[index], sort)
            }
            guard let value = current[index] else {
                throw EncodingError("variable '\(name)' is read before the initial block sets it", at: loc)
            }
            return (value, sort)

        case let .primed(inner):
            return try expression(inner, scope, at: loc, primed: true, expected: expected)

        case let .initialValue(name):
            let index = variableIndex[name]!
            let sort = spec.variables[index].sort
            guard index < initialValues.count, let value = initialValues[index] else {
                try fail(when: try z3.bool(true), "'\(name)' differs between initial states, so it has no single initial value to reset to", at: loc)
                return (try encoding.zero(sort), sort)
            }
            return (value, sort)

        case let .bound(name):
            guard let bound = scope[name] else { throw EncodingError("internal error: unbound name \(name)", at: loc) }
            return bound

        case let .letIn(name, value, body):
            let bound = try expression(value, scope, at: loc, primed: primed)
            var inner = scope
            inner[name] = bound
            return try expression(body, inner, at: loc, primed: primed, expected: expected)

        case let .ifThenElse(c, a, b):
            let condition = try formula(c, scope, at: loc, primed: primed)
            let (x, sa) = try under(condition) { try expression(a, scope, at: loc, primed: primed, expected: expected) }
            let (y, sb) = try under(try z3.not(condition)) { try expression(b, scope, at: loc, primed: primed, expected: expected) }
            let sort = sa == sb ? sa : join(sa, sb)
            let left = try convert(x, from: sa, to: sort)
            let right = try convert(y, from: sb, to: sort)
            return (try encoding.ite(condition, left, right), sort)

        case let .equal(a, b):
            let (x, y, sort) = try pair(a, b, scope, at: loc, primed: primed)
            return (.bool(try encoding.equal(x, y, sort)), .bool)

        case let .located(inner, innerLoc):
            return try expression(inner, scope, at: innerLoc, primed: primed, expected: expected)

        case let .not(a):
            return (.bool(try z3.not(try formula(a, scope, at: loc, primed: primed))), .bool)

        case let .and(items), let .or(items):
            let isAnd: Bool
            if case .and = expr { isAnd = true } else { isAnd = false }
            var parts: [Term] = []
            var reached = try z3.bool(true)
            for item in items {
                let part = try under(reached) { try formula(item, scope, at: loc, primed: primed) }
                parts.append(part)
                reached = try z3.and([reached, isAnd ? part : try z3.not(part)])
                if reached.boolConstant == false { break }
            }
            return (.bool(isAnd ? try z3.and(parts) : try z3.or(parts)), .bool)

        case let .implies(a, b):
            let x = try formula(a, scope, at: loc, primed: primed)
            let y = try under(x) { try formula(b, scope, at: loc, primed: primed) }
            return (.bool(try z3.implies(x, y)), .bool)

        case let .forAll(name, set, body), let .exists(name, set, body):
            let isForAll: Bool
            if case .forAll = expr { isForAll = true } else { isForAll = false }
            let (members, elementSort, listed) = try self.members(set, scope, at: loc, primed: primed)
            if listed {
                return (.bool(try quantifyListed(isForAll, name, members, elementSort, body, scope, at: loc, primed: primed)), .bool)
            }
            var parts: [Term] = []
            // The explicit engine stops at the first deciding element; later elements'
            // failures count only if every earlier one was not deciding.
            var reached = try z3.bool(true)
            // Elements that are certainly absent are skipped: most are, in a filtered set.
            for (present, element) in members where present.boolConstant != false {
                var inner = scope
                inner[name] = (element, elementSort)
                let holds = try under(try z3.and([reached, present])) { try formula(body, inner, at: loc, primed: primed) }
                let part = isForAll ? try z3.implies(present, holds) : try z3.and([present, holds])
                parts.append(part)
                reached = try z3.and([reached, isForAll ? part : try z3.not(part)])
                if reached.boolConstant == false { break }
            }
            return (.bool(isForAll ? try z3.and(parts) : try z3.or(parts)), .bool)

        case let .arithmetic(op, a, b):
            let x = try expression(a, scope, at: loc, primed: primed).0.term
            let y = try expression(b, scope, at: loc, primed: primed).0.term
            switch op {
            case .add: return (.int(try z3.arithmetic(.add, x, y)), .anyInt)
            case .subtract: return (.int(try z3.arithmetic(.subtract, x, y)), .anyInt)
            case .multiply: return (.int(try z3.arithmetic(.multiply, x, y)), .anyInt)
            case .divide, .remainder:
                let zero = try z3.int(0)
                try fail(when: try z3.equal(y, zero), "division by zero", at: loc)
                let quotient = try truncatingDivision(x, y)
                if op == .divide { return (.int(quotient), .anyInt) }
                return (.int(try z3.arithmetic(.subtract, x, try z3.arithmetic(.multiply, y, quotient))), .anyInt)
            }

        case let .compare(op, a, b):
            let x = try expression(a, scope, at: loc, primed: primed).0.term
            let y = try expression(b, scope, at: loc, primed: primed).0.term
            let comparison: IntegerComparison
            switch op {
            case .less: comparison = .less
            case .lessOrEqual: comparison = .lessOrEqual
            case .greater: comparison = .greater
            case .greaterOrEqual: comparison = .greaterOrEqual
            }
            return (.bool(try z3.compare(comparison, x, y)), .bool)

        case let .none(wrapped):
            let sort = expected ?? .optional(wrapped)
            guard case let .optional(inner) = sort else { throw EncodingError("internal error: none as \(sort)", at: loc) }
            return (.optional(try z3.bool(false), try encoding.zero(inner)), sort)

        case let .some(inner):
            var wrapped: Sort? = nil
            if case let .optional(w)? = expected { wrapped = w }
            let (value, innerSort) = try expression(inner, scope, at: loc, primed: primed, expected: wrapped)
            return (.optional(try z3.bool(true), value), .optional(wrapped ?? innerSort.widened))

        case let .isSome(inner):
            guard case let .optional(present, _) = try expression(inner, scope, at: loc, primed: primed).0 else {
                throw EncodingError("internal error: isSome of a non-optional", at: loc)
            }
            return (.bool(present), .bool)

        case let .unwrap(inner):
            let (value, sort) = try expression(inner, scope, at: loc, primed: primed)
            guard case let .optional(present, wrappedValue) = value, case let .optional(wrapped) = sort else {
                throw EncodingError("internal error: unwrap of a non-optional", at: loc)
            }
            try fail(when: try z3.not(present), "unwrapping an absent optional value", at: loc)
            return (wrappedValue, wrapped)

        case let .record(sort, fields):
            guard case let .record(_, declared) = sort else { throw EncodingError("internal error: record sort", at: loc) }
            let items = try zip(declared, fields).map { try expression($1, scope, at: loc, primed: primed, expected: $0.sort).0 }
            return (.record(items), sort)

        case let .field(inner, name):
            let (value, sort) = try expression(inner, scope, at: loc, primed: primed)
            switch (value, sort) {
            case let (.record(items), .record(_, fields)):
                let i = fields.firstIndex { $0.name == name }!
                return (items[i], fields[i].sort)
            case let (.union(tag, variants), .union(unionName, declared)):
                let fieldSort = declared.lazy.compactMap { $0.fields.first { $0.name == name }?.sort }.first!
                var candidates: [Symbolic] = []
                var matches: [Term] = []
                for (v, variant) in declared.enumerated() {
                    let isThis = try z3.equal(tag, try encoding.index(v, of: declared.count))
                    guard let position = variant.fields.firstIndex(where: { $0.name == name }) else {
                        try fail(when: isThis, "a \(unionName).\(variant.name) value has no field '\(name)'", at: loc)
                        continue
                    }
                    candidates.append(try convert(variants[v][position], from: variant.fields[position].sort, to: fieldSort))
                    matches.append(isThis)
                }
                return (try encoding.select(candidates, where: matches), fieldSort)
            default:
                throw EncodingError("internal error: field of \(sort)", at: loc)
            }

        case let .variant(sort, tag, fields):
            guard case let .union(_, variants) = sort else { throw EncodingError("internal error: union sort", at: loc) }
            let t = variants.firstIndex { $0.name == tag }!
            var all: [[Symbolic]] = []
            for (v, variant) in variants.enumerated() {
                if v == t {
                    all.append(try zip(variant.fields, fields).map {
                        try expression($1, scope, at: loc, primed: primed, expected: $0.sort).0
                    })
                } else {
                    all.append(try variant.fields.map { try encoding.zero($0.sort) })
                }
            }
            return (.union(try encoding.index(t, of: variants.count), all), sort)

        case let .isVariant(inner, tag):
            let (value, sort) = try expression(inner, scope, at: loc, primed: primed)
            guard case let .union(tagTerm, _) = value, case let .union(_, variants) = sort else {
                throw EncodingError("internal error: isVariant of a non-union", at: loc)
            }
            let t = variants.firstIndex { $0.name == tag }!
            return (.bool(try z3.equal(tagTerm, try encoding.index(t, of: variants.count))), .bool)

        case let .function(name, domain, body):
            var codomain: Sort? = nil
            if case let .function(_, c)? = expected { codomain = c }
            let values = try encoding.requireUniverse(domain, for: "a function")
            var items: [Symbolic] = []
            var bodySort: Sort = codomain ?? .bool
            for x in values {
                var inner = scope
                inner[name] = (try encoding.constant(x, domain), domain)
                let (item, sort) = try expression(body, inner, at: loc, primed: primed, expected: codomain)
                items.append(item)
                bodySort = sort
            }
            if values.isEmpty, codomain == nil {
                throw unsupported("a function over an empty domain without a declared codomain", at: loc)
            }
            // An inferred codomain says nothing of other values the function may take.
            let resultCodomain = codomain ?? bodySort.widened
            if resultCodomain != bodySort {
                items = try items.map { try convert($0, from: bodySort, to: resultCodomain) }
            }
            return (.function(items), .function(domain: domain, codomain: resultCodomain))

        case let .apply(function, argument):
            let (f, sort) = try expression(function, scope, at: loc, primed: primed)
            switch (f, sort) {
            case let (.function(items), .function(domain, codomain)):
                let (x, _) = try expression(argument, scope, at: loc, primed: primed, expected: domain)
                try checkDomain(x, domain, at: loc)
                let matches = try domainMatches(x, domain, at: loc)
                return (try encoding.select(items, where: matches), codomain)
            case let (.sequence(length, slots), .sequence(element, _)):
                let i = try expression(argument, scope, at: loc, primed: primed).0.term
                try fail(when: try z3.or([try z3.compare(.less, i, try z3.int(1)), try z3.compare(.greater, i, length)]),
                         "index outside the sequence", at: loc)
                if slots.isEmpty { return (try encoding.zero(element), element) }
                let matches = try slots.indices.map { try z3.equal(i, try z3.int($0 + 1)) }
                return (try encoding.select(slots, where: matches), element)
            default:
                throw EncodingError("internal error: apply to \(sort)", at: loc)
            }

        case let .updating(function, argument, value):
            let (f, sort) = try expression(function, scope, at: loc, primed: primed, expected: expected)
            return (try update(f, sort, key: argument, scope, at: loc, primed: primed) { _, innerSort in
                try self.expression(value, scope, at: loc, primed: primed, expected: innerSort).0
            }, sort)

        case let .setOf(given, items):
            var element = given?.widened ?? .anyInt
            if case let .set(e)? = expected { element = e }
            let sort = Sort.set(element: element)
            let values = try items.map { try expression($0, scope, at: loc, primed: primed, expected: element).0 }
            return (try makeSet(values.map { (try z3.bool(true), $0) }, element, at: loc), sort)

        case let .universe(sort):
            let values = try encoding.requireUniverse(sort, for: "a set")
            return (.set(try values.map { _ in try z3.bool(true) }), .set(element: sort))

        case let .contains(element, collection):
            let (c, sort) = try expression(collection, scope, at: loc, primed: primed)
            switch (c, sort) {
            case (_, let .set(elementSort)):
                let x = try expression(element, scope, at: loc, primed: primed, expected: elementSort).0
                return (.bool(try encoding.member(x, c, sort)), .bool)
            case let (.bag(counts), .bag(elementSort, _, _)):
                let x = try expression(element, scope, at: loc, primed: primed, expected: elementSort).0
                let count = try copies(counts, of: x, elementSort)
                return (.bool(try z3.compare(.greater, count, try z3.int(0))), .bool)
            case let (.slots(slots), .bag(elementSort, _, _)):
                let x = try expression(element, scope, at: loc, primed: primed, expected: elementSort).0
                let count = try encoding.slotCopies(slots, of: x, elementSort)
                return (.bool(try z3.compare(.greater, count, try z3.int(0))), .bool)
            case let (.sequence(length, slots), .sequence(elementSort, _)):
                let x = try expression(element, scope, at: loc, primed: primed, expected: elementSort).0
                return (.bool(try z3.or(try slots.indices.map { i in
                    try z3.and([try z3.compare(.greater, length, try z3.int(i)), try encoding.equal(slots[i], x, elementSort)])
                })), .bool)
            default:
                throw EncodingError("internal error: contains in \(sort)", at: loc)
            }

        case let .setOperation(op, a, b):
            let (x, y, sort) = try pair(a, b, scope, at: loc, primed: primed, expected: expected)
            return (try setOperation(op, x, y, sort, at: loc), sort)

        case let .isSubset(a, b):
            let (x, y, sort) = try pair(a, b, scope, at: loc, primed: primed)
            return (.bool(try encoding.isSubset(x, y, sort)), .bool)

        case let .count(inner):
            let (value, sort) = try expression(inner, scope, at: loc, primed: primed)
            switch (value, sort) {
            case let (.set(members), _):
                return (.int(try z3.sum(try members.map { try z3.ite($0, try z3.int(1), try z3.int(0)) })), .anyInt)
            case let (.listed(entries), .set(element)):
                // Count each element at its first present entry.
                var ones: [Term] = []
                for i in entries.indices {
                    var firsts = [entries[i].0]
                    for j in 0..<i {
                        firsts.append(try z3.not(try z3.and([entries[j].0, try encoding.equal(entries[j].1, entries[i].1, element)])))
                    }
                    ones.append(try z3.ite(try z3.and(firsts), try z3.int(1), try z3.int(0)))
                }
                return (.int(try z3.sum(ones)), .anyInt)
            case let (.bag(counts), _): return (.int(try z3.sum(counts)), .anyInt)
            case let (.slots(slots), _): return (.int(try z3.sum(slots.map(\.0))), .anyInt)
            case let (.sequence(length, _), _): return (.int(length), .anyInt)
            default: throw EncodingError("internal error: count of \(sort)", at: loc)
            }

        case let .filter(name, set, predicate):
            let (members, elementSort, listed) = try self.members(set, scope, at: loc, primed: primed)
            var kept: [(Term, Symbolic)] = []
            for (present, element) in members {
                if present.boolConstant == false {
                    kept.append((present, element))
                    continue
                }
                var inner = scope
                inner[name] = (element, elementSort)
                let holds = try under(present) { try formula(predicate, inner, at: loc, primed: primed) }
                kept.append((try z3.and([present, holds]), element))
            }
            if !listed {
                return (.set(kept.map(\.0)), .set(element: elementSort))
            }
            return (.listed(kept), .set(element: elementSort))

        case let .map(name, set, body):
            let (members, elementSort, _) = try self.members(set, scope, at: loc, primed: primed)
            var resultElement: Sort? = nil
            if case let .set(e)? = expected { resultElement = e }
            var mapped: [(Term, Symbolic)] = []
            var bodySort = resultElement
            for (index, (present, element)) in members.enumerated() {
                // Absent elements add nothing (the last is translated if no other was, for the sort).
                if present.boolConstant == false && (bodySort != nil || index < members.count - 1) { continue }
                var inner = scope
                inner[name] = (element, elementSort)
                let (value, sort) = try under(present) { try expression(body, inner, at: loc, primed: primed, expected: resultElement) }
                mapped.append((present, value))
                bodySort = sort
            }
            guard let bodySort else { throw unsupported("mapping an empty domain without a declared result sort", at: loc) }
            // Mapped values may leave an inferred sort's integer ranges.
            let resultSort = resultElement ?? bodySort.widened
            if resultSort != bodySort {
                mapped = try mapped.map { ($0.0, try convert($0.1, from: bodySort, to: resultSort)) }
            }
            return (try makeSet(mapped, resultSort, at: loc), .set(element: resultSort))

        case let .extremum(kind, set):
            let (value, sort) = try expression(set, scope, at: loc, primed: primed)
            guard case let .set(element) = sort else { throw EncodingError("internal error: extremum", at: loc) }
            let entries = try encoding.listedEntries(value, elements: encoding.universe(element), element)
            let ordered = kind == .max ? entries.reversed() : entries
            try fail(when: try z3.not(try z3.or(entries.map(\.0))), "\(kind.rawValue) of an empty set", at: loc)
            if case .set = value {
                // Elements in rank order: the first present from the right end is the extremum.
                var result = try z3.int(0)
                for (present, e) in ordered.reversed() { result = try z3.ite(present, e.term, result) }
                return (.int(result), .anyInt)
            }
            var result = try z3.int(0)
            var found = try z3.bool(false)
            for (present, e) in entries {
                let better = kind == .max ? try z3.compare(.greater, e.term, result) : try z3.compare(.less, e.term, result)
                let take = try z3.and([present, try z3.or([try z3.not(found), better])])
                result = try z3.ite(take, e.term, result)
                found = try z3.or([found, present])
            }
            return (.int(result), .anyInt)

        case let .sequenceOf(given, items):
            var element = given?.widened ?? .anyInt
            if case let .sequence(e, _)? = expected { element = e }
            let slots = try items.map { try expression($0, scope, at: loc, primed: primed, expected: element).0 }
            let sort = expected ?? .sequence(element: element, capacity: items.count)
            return (.sequence(try z3.int(items.count), slots), sort)

        case let .appending(sequence, element):
            let (s, sort) = try expression(sequence, scope, at: loc, primed: primed, expected: expected)
            guard case let .sequence(length, slots) = s, case let .sequence(elementSort, _) = sort else {
                throw EncodingError("internal error: appending to \(sort)", at: loc)
            }
            let x = try expression(element, scope, at: loc, primed: primed, expected: elementSort).0
            var updated: [Symbolic] = []
            for i in 0...slots.count {
                let old = i < slots.count ? slots[i] : x
                updated.append(try encoding.ite(try z3.equal(length, try z3.int(i)), x, old))
            }
            return (.sequence(try z3.arithmetic(.add, length, try z3.int(1)), updated), sort)

        case let .prefix(sequence, count), let .dropping(sequence, count):
            let isPrefix: Bool
            if case .prefix = expr { isPrefix = true } else { isPrefix = false }
            let (s, sort) = try expression(sequence, scope, at: loc, primed: primed, expected: expected)
            guard case let .sequence(length, slots) = s else { throw EncodingError("internal error: prefix", at: loc) }
            let n = try expression(count, scope, at: loc, primed: primed).0.term
            try fail(when: try z3.or([try z3.compare(.less, n, try z3.int(0)), try z3.compare(.greater, n, length)]),
                     "cannot take that many elements of the sequence", at: loc)
            if isPrefix { return (.sequence(n, slots), sort) }
            var shifted: [Symbolic] = []
            for i in slots.indices {
                let candidates = Array(slots[i...])
                let matches = try candidates.indices.map { try z3.equal(n, try z3.int($0)) }
                shifted.append(try encoding.select(candidates, where: matches))
            }
            return (.sequence(try z3.arithmetic(.subtract, length, n), shifted), sort)

        case let .last(sequence):
            let (s, sort) = try expression(sequence, scope, at: loc, primed: primed)
            guard case let .sequence(length, slots) = s, case let .sequence(element, _) = sort else {
                throw EncodingError("internal error: last", at: loc)
            }
            try fail(when: try z3.equal(length, try z3.int(0)), "the last element of an empty sequence", at: loc)
            if slots.isEmpty { return (try encoding.zero(element), element) }
            let matches = try slots.indices.map { try z3.equal(length, try z3.int($0 + 1)) }
            return (try encoding.select(slots, where: matches), element)

        case let .copies(bag, element):
            let (b, sort) = try expression(bag, scope, at: loc, primed: primed)
            guard case let .bag(elementSort, _, _) = sort else { throw EncodingError("internal error: copies", at: loc) }
            let x = try expression(element, scope, at: loc, primed: primed, expected: elementSort).0
            switch b {
            case let .bag(counts): return (.int(try copies(counts, of: x, elementSort)), .anyInt)
            case let .slots(slots): return (.int(try encoding.slotCopies(slots, of: x, elementSort)), .anyInt)
            default: throw EncodingError("internal error: copies", at: loc)
            }

        case let .bagAdding(bag, element), let .bagRemoving(bag, element):
            let adding: Bool
            if case .bagAdding = expr { adding = true } else { adding = false }
            let (b, sort) = try expression(bag, scope, at: loc, primed: primed, expected: expected)
            guard case let .bag(elementSort, _, _) = sort else { throw EncodingError("internal error: bag update", at: loc) }
            let x = try expression(element, scope, at: loc, primed: primed, expected: elementSort).0
            if case let .slots(slots) = b {
                let updated = adding ? try encoding.slotsAdding(slots, x, elementSort) : try encoding.slotsRemoving(slots, x, elementSort)
                return (updated, sort)
            }
            guard case let .bag(counts) = b else { throw EncodingError("internal error: bag update", at: loc) }
            let hits = try encoding.matches(x, elementSort)
            let one = try z3.int(1)
            var updated: [Term] = []
            for (i, count) in counts.enumerated() {
                let hit = hits[i]
                if adding {
                    updated.append(try z3.ite(hit, try z3.arithmetic(.add, count, one), count))
                } else {
                    let positive = try z3.compare(.greater, count, try z3.int(0))
                    updated.append(try z3.ite(try z3.and([hit, positive]), try z3.arithmetic(.subtract, count, one), count))
                }
            }
            return (.bag(updated), sort)

        case let .bagSupport(bag):
            let (b, sort) = try expression(bag, scope, at: loc, primed: primed)
            if case let .slots(slots) = b, case let .bag(element, _, _) = sort {
                // The elements of the slots in use, as a guarded list (they differ).
                let none = try z3.int(0)
                return (.listed(try slots.map { (try z3.compare(.greater, $0.0, none), $0.1) }), .set(element: element))
            }
            guard case let .bag(counts) = b, case let .bag(element, _, _) = sort else {
                throw EncodingError("internal error: bag support", at: loc)
            }
            return (.set(try counts.map { try z3.compare(.greater, $0, try z3.int(0)) }), .set(element: element))
        }
    }
}
