import SpecIR
import Z3Kit

extension Translator {
    /// The possible elements of a set expression: each with the term saying it is present.
    ///
    /// A set with a universe gives every value of its element sort, as constants (so the
    /// body of a quantifier folds); a guarded list gives its entries.
    func members(_ set: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool)
        throws -> (entries: [(Term, Symbolic)], element: Sort, listed: Bool)
    {
        if case let .universe(sort) = set.unlocated {
            let values = try encoding.requireUniverse(sort, for: "a quantifier")
            let yes = try z3.bool(true)
            return (try values.map { (yes, try encoding.constant($0, sort)) }, sort, false)
        }
        let (value, sort) = try expression(set, scope, at: loc, primed: primed)
        guard case let .set(element) = sort else { throw EncodingError("internal error: members of \(sort)", at: loc) }
        switch value {
        case let .set(members):
            let values = encoding.universe(element)!
            return (try members.indices.map { (members[$0], try encoding.constant(values[$0], element)) }, element, false)
        case let .listed(entries):
            return (entries, element, true)
        default:
            throw EncodingError("internal error: members of \(value)", at: loc)
        }
    }

    /// A quantifier over a guarded list of elements (a set of computed integers).
    ///
    /// The explicit engine visits a set's elements in ascending order and stops at the
    /// first that decides the quantifier, so an element's evaluation failures count
    /// only when no smaller element decides. The list is in no order, so each body is
    /// translated first and its failures then guarded by "no smaller present element
    /// decides" (integers or the support of a slot bag, ordered as values are).
    func quantifyListed(_ isForAll: Bool, _ name: String, _ members: [(Term, Symbolic)], _ elementSort: Sort,
                        _ body: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool) throws -> Term {
        let members = members.filter { $0.0.boolConstant != false }
        let outer = failures
        var bodies: [Term] = []
        var captured: [[Failure]] = []
        for (present, element) in members {
            failures = []
            var inner = scope
            inner[name] = (element, elementSort)
            bodies.append(try under(present) { try formula(body, inner, at: loc, primed: primed) })
            captured.append(failures)
        }
        failures = outer
        let decides = try members.indices.map { i in
            try z3.and([members[i].0, isForAll ? try z3.not(bodies[i]) : bodies[i]])
        }
        if captured.contains(where: { !$0.isEmpty }) {
            for i in members.indices where !captured[i].isEmpty {
                var earlier: [Term] = []
                for j in members.indices where j != i {
                    let smaller: Term
                    do {
                        smaller = try encoding.precedes(members[j].1, members[i].1, elementSort, orEqual: j < i)
                    } catch var error as EncodingError {
                        error.location = error.location ?? loc
                        throw error
                    }
                    earlier.append(try z3.not(try z3.and([decides[j], smaller])))
                }
                let reached = try z3.and(earlier)
                for failure in captured[i] {
                    let c = try z3.and([failure.condition, reached])
                    if c.boolConstant != false {
                        failures.append(Failure(condition: c, message: failure.message, location: failure.location, context: failure.context))
                    }
                }
            }
        }
        let parts = try members.indices.map { i in
            isForAll ? try z3.implies(members[i].0, bodies[i]) : try z3.and([members[i].0, bodies[i]])
        }
        return isForAll ? try z3.and(parts) : try z3.or(parts)
    }

    /// For each value of a finite domain, whether `key` is it.
    func domainMatches(_ key: Symbolic, _ domain: Sort, at loc: SourceLocation) throws -> [Term] {
        try encoding.matches(key, domain)
    }

    /// Builds a set of `element` from guarded values of that sort.
    func makeSet(_ entries: [(Term, Symbolic)], _ element: Sort, at loc: SourceLocation) throws -> Symbolic {
        guard let universe = encoding.universe(element) else { return .listed(entries) }
        let members = try encoding.characteristic(entries, element, universe)
        if element.isInteger {
            // An integer outside the element range cannot be stored in the set.
            for (present, value) in entries {
                let ok = try encoding.fits(value, element)
                try fail(when: try z3.and([present, try z3.not(ok)]), "an element is outside the set's element sort \(element)", at: loc)
            }
        }
        return .set(members)
    }

    func setOperation(_ op: SetOperator, _ a: Symbolic, _ b: Symbolic, _ sort: Sort, at loc: SourceLocation) throws -> Symbolic {
        if case let .set(x) = a, case let .set(y) = b, x.count == y.count {
            return .set(try x.indices.map { i in
                switch op {
                case .union: return try z3.or([x[i], y[i]])
                case .intersection: return try z3.and([x[i], y[i]])
                case .difference: return try z3.and([x[i], try z3.not(y[i])])
                }
            })
        }
        guard case let .set(element) = sort else { throw EncodingError("internal error: set operation on \(sort)", at: loc) }
        let left = try encoding.listedEntries(a, elements: encoding.universe(element), element)
        switch op {
        case .union:
            return .listed(left + (try encoding.listedEntries(b, elements: encoding.universe(element), element)))
        case .intersection:
            return .listed(try left.map { (try z3.and([$0.0, try encoding.member($0.1, b, sort)]), $0.1) })
        case .difference:
            return .listed(try left.map { (try z3.and([$0.0, try z3.not(try encoding.member($0.1, b, sort))]), $0.1) })
        }
    }

    /// How many copies of `element` a bag holds.
    func copies(_ counts: [Term], of element: Symbolic, _ sort: Sort) throws -> Term {
        try encoding.select(counts.map(Symbolic.int), where: try encoding.matches(element, sort)).term
    }

    /// Division rounding towards zero, as Swift (and the explicit engine) divide.
    func truncatingDivision(_ x: Term, _ y: Term) throws -> Term {
        if let a = x.constant, let b = y.constant { return try z3.int(b == 0 ? 0 : a / b) }
        let zero = try z3.int(0)
        let negate = { (t: Term) throws -> Term in try self.z3.arithmetic(.subtract, zero, t) }
        let xNonNegative = try z3.compare(.greaterOrEqual, x, zero)
        let yPositive = try z3.compare(.greater, y, zero)
        // Z3's div rounds down for positive divisors; divide magnitudes and fix the sign.
        let both = try z3.arithmetic(.divide, x, y)
        let negY = try negate(try z3.arithmetic(.divide, x, try negate(y)))
        let negX = try negate(try z3.arithmetic(.divide, try negate(x), y))
        let negBoth = try z3.arithmetic(.divide, try negate(x), try negate(y))
        return try z3.ite(xNonNegative, try z3.ite(yPositive, both, negY), try z3.ite(yPositive, negX, negBoth))
    }

    /// The container with the part selected by `key` (an index) or `field` replaced by
    /// `transform(old part, its sort)`.
    func update(_ container: Symbolic, _ sort: Sort, key: Symbolic?, field: String?, at loc: SourceLocation,
                _ transform: (Symbolic, Sort) throws -> Symbolic) throws -> Symbolic {
        switch (container, sort) {
        case let (.function(items), .function(domain, codomain)):
            try checkDomain(key!, domain, at: loc)
            let matches = try domainMatches(key!, domain, at: loc)
            var updated: [Symbolic] = []
            for (i, item) in items.enumerated() {
                if matches[i].boolConstant == false { updated.append(item); continue }
                let changed = try under(matches[i]) { try transform(item, codomain) }
                updated.append(try encoding.ite(matches[i], changed, item))
            }
            return .function(updated)
        case let (.sequence(length, slots), .sequence(element, _)):
            let i = key!.term
            try fail(when: try z3.or([try z3.compare(.less, i, try z3.int(1)), try z3.compare(.greater, i, length)]),
                     "index outside the sequence", at: loc)
            var updated: [Symbolic] = []
            for (position, slot) in slots.enumerated() {
                let hit = try z3.equal(i, try z3.int(position + 1))
                if hit.boolConstant == false { updated.append(slot); continue }
                let changed = try under(hit) { try transform(slot, element) }
                updated.append(try encoding.ite(hit, changed, slot))
            }
            return .sequence(length, updated)
        case let (.record(items), .record(_, fields)):
            let position = fields.firstIndex { $0.name == field! }!
            var updated = items
            updated[position] = try transform(items[position], fields[position].sort)
            return .record(updated)
        default:
            throw EncodingError("internal error: cannot update a part of \(sort)", at: loc)
        }
    }

    /// The `updating` expression: `[f EXCEPT ![key] = value]`.
    func update(_ container: Symbolic, _ sort: Sort, key argument: Expr, _ scope: Scope, at loc: SourceLocation,
                primed: Bool, _ value: (Symbolic, Sort) throws -> Symbolic) throws -> Symbolic {
        var key: Symbolic
        switch sort {
        case let .function(domain, _): key = try expression(argument, scope, at: loc, primed: primed, expected: domain).0
        default: key = try expression(argument, scope, at: loc, primed: primed).0
        }
        let (_, innerSort) = try partSort(sort, at: loc)
        let new = try value(try encoding.zero(innerSort), innerSort)
        return try update(container, sort, key: key, field: nil, at: loc) { _, _ in new }
    }

    func partSort(_ sort: Sort, at loc: SourceLocation) throws -> (Sort?, Sort) {
        switch sort {
        case let .function(domain, codomain): return (domain, codomain)
        case let .sequence(element, _): return (nil, element)
        default: throw EncodingError("internal error: no parts in \(sort)", at: loc)
        }
    }
}

extension Sort {
    var isInteger: Bool {
        if case .int = self { return true }
        return false
    }
}
