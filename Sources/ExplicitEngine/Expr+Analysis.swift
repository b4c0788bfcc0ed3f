import SpecIR

extension Expr {
    /// Whether the expression does more than name a value (worth folding when constant).
    var isCompound: Bool {
        switch self {
        case .literal, .variable, .bound, .symbol, .empty, .invalid, .initialValue, .none: return false
        case let .located(inner, _): return inner.isCompound
        default: return true
        }
    }

    /// Whether the value depends on nothing but the names bound inside it: no state
    /// variable, no after-state, no name bound outside.
    func isConstant(bound: Set<String>) -> Bool {
        func all(_ items: [Expr]) -> Bool { items.allSatisfy { $0.isConstant(bound: bound) } }
        func binding(_ name: String, _ range: Expr, _ body: Expr) -> Bool {
            range.isConstant(bound: bound) && body.isConstant(bound: bound.union([name]))
        }
        switch self {
        case .literal, .symbol, .empty, .invalid, .none, .universe: return true
        case .variable, .primed, .initialValue: return false
        case let .bound(name): return bound.contains(name)
        case let .letIn(name, value, body): return binding(name, value, body)
        case let .forAll(name, set, body), let .exists(name, set, body),
             let .filter(name, set, body), let .map(name, set, body):
            return binding(name, set, body)
        case let .function(name, _, body): return body.isConstant(bound: bound.union([name]))
        case let .located(inner, _), let .not(inner), let .some(inner), let .isSome(inner), let .unwrap(inner),
             let .field(inner, _), let .isVariant(inner, _), let .count(inner), let .extremum(_, inner),
             let .last(inner), let .bagSupport(inner):
            return inner.isConstant(bound: bound)
        case let .ifThenElse(a, b, c), let .updating(a, b, c): return all([a, b, c])
        case let .equal(a, b), let .implies(a, b), let .arithmetic(_, a, b), let .compare(_, a, b),
             let .apply(a, b), let .contains(a, b), let .setOperation(_, a, b), let .isSubset(a, b),
             let .appending(a, b), let .prefix(a, b), let .dropping(a, b), let .copies(a, b),
             let .bagAdding(a, b), let .bagRemoving(a, b):
            return all([a, b])
        case let .and(items), let .or(items), let .record(_, items), let .variant(_, _, items),
             let .setOf(_, items), let .sequenceOf(_, items):
            return all(items)
        }
    }
}

extension Expr {
    /// The largest subterms that loop over something and use none of the excluded names.
    func loopInvariantSubterms(excluding excluded: Set<String>) -> [Expr] {
        if containsLoop && freeNames.isDisjoint(with: excluded) && !isConstant(bound: []) { return [self] }
        let parts = children
        var found: [Expr] = []
        for (index, child) in parts.enumerated() {
            var inner = excluded
            if let bound = boundName, index == parts.count - 1 { inner.insert(bound) }
            for subterm in child.loopInvariantSubterms(excluding: inner) where !found.contains(subterm) {
                found.append(subterm)
            }
        }
        return found
    }

    /// Whether evaluating the expression iterates over something.
    var containsLoop: Bool {
        switch self {
        case .forAll, .exists, .filter, .map, .function: return true
        default: return children.contains { $0.containsLoop }
        }
    }

    /// The variant `name` must have for this predicate to hold: `name.is(v) ∧ …`.
    func requiredVariant(of name: String) -> String? {
        switch self {
        case let .located(inner, _): return inner.requiredVariant(of: name)
        case let .isVariant(inner, tag):
            if case .bound(name) = inner.unlocated { return tag }
            return nil
        case let .and(items): return items.first?.requiredVariant(of: name)
        default: return nil
        }
    }

    /// The variant outside which this predicate holds vacuously: `name.is(v) ⇒ …`.
    func guardedVariant(of name: String) -> String? {
        switch self {
        case let .located(inner, _): return inner.guardedVariant(of: name)
        case let .implies(condition, _): return condition.requiredVariant(of: name)
        default: return nil
        }
    }
}

extension Statement {
    /// The variant `name` must have for this block to get past its first statement.
    func requiredVariant(of name: String) -> String? {
        switch self {
        case let .require(condition, _): return condition.requiredVariant(of: name)
        case let .block(items): return items.first?.requiredVariant(of: name)
        default: return nil
        }
    }
}

extension Expr {
    /// The parts of a conjunction (nested ones flattened), each with the nearest source
    /// location around it, or the expression itself.
    func conjuncts(at location: SourceLocation) -> [(part: Expr, location: SourceLocation)] {
        switch self {
        case let .located(inner, innerLocation): return inner.conjuncts(at: innerLocation)
        case let .and(items): return items.flatMap { $0.conjuncts(at: location) }
        default: return [(self, location)]
        }
    }
}

extension Statement {
    /// The state variables the statement reads or assigns.
    ///
    /// A run of an action is a function of these variables (and of the constants): its
    /// branches, their order and what each writes. An assigned variable is included
    /// because an assignment to a path rewrites the rest of the variable as it was.
    var variablesTouched: Set<String> {
        switch self {
        case let .assign(place, value, _):
            var names: Set<String> = [place.variable]
            for case let .index(index) in place.path { names.formUnion(index.variablesRead) }
            return names.union(value.variablesRead)
        case let .require(condition, _): return condition.variablesRead
        case let .block(statements): return statements.reduce(into: []) { $0.formUnion($1.variablesTouched) }
        case let .ifThenElse(condition, then, otherwise, _):
            return condition.variablesRead.union(then.variablesTouched).union(otherwise.variablesTouched)
        case let .choose(_, set, body, _), let .forEach(_, set, body, _):
            return set.variablesRead.union(body.variablesTouched)
        case let .either(branches, _): return branches.reduce(into: []) { $0.formUnion($1.variablesTouched) }
        case let .letIn(_, value, body, _): return value.variablesRead.union(body.variablesTouched)
        }
    }
}
