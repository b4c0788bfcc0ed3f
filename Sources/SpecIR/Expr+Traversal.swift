/// Structural traversal of expressions: children, free names, substitution.
extension Expr {
    /// The expression with each direct child replaced by `transform(child)`.
    public func mapChildren(_ transform: (Expr) -> Expr) -> Expr {
        let t = transform
        switch self {
        case .literal, .symbol, .empty, .invalid, .initialValue, .variable, .bound, .none, .universe:
            return self
        case let .primed(a): return .primed(t(a))
        case let .letIn(n, a, b): return .letIn(n, t(a), t(b))
        case let .ifThenElse(a, b, c): return .ifThenElse(t(a), t(b), t(c))
        case let .equal(a, b): return .equal(t(a), t(b))
        case let .located(a, loc): return .located(t(a), loc)
        case let .not(a): return .not(t(a))
        case let .and(items): return .and(items.map(t))
        case let .or(items): return .or(items.map(t))
        case let .implies(a, b): return .implies(t(a), t(b))
        case let .forAll(n, a, b): return .forAll(n, t(a), t(b))
        case let .exists(n, a, b): return .exists(n, t(a), t(b))
        case let .arithmetic(op, a, b): return .arithmetic(op, t(a), t(b))
        case let .compare(op, a, b): return .compare(op, t(a), t(b))
        case let .some(a): return .some(t(a))
        case let .isSome(a): return .isSome(t(a))
        case let .unwrap(a): return .unwrap(t(a))
        case let .record(s, items): return .record(s, items.map(t))
        case let .field(a, n): return .field(t(a), n)
        case let .variant(s, tag, items): return .variant(s, tag, items.map(t))
        case let .isVariant(a, tag): return .isVariant(t(a), tag)
        case let .function(n, s, b): return .function(n, s, t(b))
        case let .apply(a, b): return .apply(t(a), t(b))
        case let .updating(a, b, c): return .updating(t(a), t(b), t(c))
        case let .setOf(s, items): return .setOf(s, items.map(t))
        case let .contains(a, b): return .contains(t(a), t(b))
        case let .setOperation(op, a, b): return .setOperation(op, t(a), t(b))
        case let .isSubset(a, b): return .isSubset(t(a), t(b))
        case let .count(a): return .count(t(a))
        case let .filter(n, a, b): return .filter(n, t(a), t(b))
        case let .map(n, a, b): return .map(n, t(a), t(b))
        case let .extremum(k, a): return .extremum(k, t(a))
        case let .sequenceOf(s, items): return .sequenceOf(s, items.map(t))
        case let .appending(a, b): return .appending(t(a), t(b))
        case let .prefix(a, b): return .prefix(t(a), t(b))
        case let .dropping(a, b): return .dropping(t(a), t(b))
        case let .last(a): return .last(t(a))
        case let .copies(a, b): return .copies(t(a), t(b))
        case let .bagAdding(a, b): return .bagAdding(t(a), t(b))
        case let .bagRemoving(a, b): return .bagRemoving(t(a), t(b))
        case let .bagSupport(a): return .bagSupport(t(a))
        }
    }

    /// The direct children of the expression, in order.
    public var children: [Expr] {
        var result: [Expr] = []
        _ = mapChildren { child in
            result.append(child)
            return child
        }
        return result
    }

    /// The name this expression binds in its last child, if it is a binder.
    public var boundName: String? {
        switch self {
        case let .letIn(n, _, _), let .forAll(n, _, _), let .exists(n, _, _),
             let .function(n, _, _), let .filter(n, _, _), let .map(n, _, _):
            return n
        default:
            return nil
        }
    }

    /// The bound names the expression refers to without binding them itself.
    public var freeNames: Set<String> {
        if case let .bound(name) = self { return [name] }
        var names = Set<String>()
        let parts = children
        for (index, child) in parts.enumerated() {
            var inner = child.freeNames
            // A binder's name is bound in its body, its last child.
            if let bound = boundName, index == parts.count - 1 { inner.remove(bound) }
            names.formUnion(inner)
        }
        return names
    }

    /// Every occurrence of `target` replaced by `replacement`, except under a binder that
    /// rebinds one of `target`'s free names.
    public func replacing(_ target: Expr, with replacement: Expr, free: Set<String>) -> Expr {
        if self == target { return replacement }
        if let bound = boundName, free.contains(bound) {
            // Only the range (not the body) still sees the outer names.
            let parts = children
            var index = 0
            return mapChildren { child in
                defer { index += 1 }
                return index == parts.count - 1 ? child : child.replacing(target, with: replacement, free: free)
            }
        }
        return mapChildren { $0.replacing(target, with: replacement, free: free) }
    }
}

extension Expr {
    /// The state variables the expression reads, in the current state or the after-state.
    ///
    /// A state predicate is a function of these alone, which lets the search skip
    /// re-judging a successor that changed none of them.
    public var variablesRead: Set<String> {
        if case let .variable(name) = self { return [name] }
        var names = Set<String>()
        for child in children { names.formUnion(child.variablesRead) }
        return names
    }
}
