/// Renaming node identities: the basis of symmetry reduction.
///
/// Node identities (`Sort.node`) are interchangeable when a spec never names one of
/// them: renaming every identity of the sort by a permutation maps a reachable state
/// to a reachable state, and each property to the same verdict. States equal up to
/// such a renaming need to be explored only once.
extension Sort {
    /// The value with every identity `n` of the node sort `nodes` renamed `permutation[n]`.
    ///
    /// Functions over the node sort are re-indexed, and sets and bags re-sorted, so
    /// the result is again in the one canonical form of its sort.
    public func renaming(_ value: Value, _ nodes: Sort, _ permutation: [Int]) -> Value {
        guard mentions(nodes) else { return value }
        switch (self, value) {
        case let (.node, .int(n)):
            return self == nodes ? .int(permutation[n]) : value
        case let (.optional(wrapped), .tuple(items)):
            return .tuple(items.map { wrapped.renaming($0, nodes, permutation) })
        case let (.record(_, fields), .tuple(items)):
            return .tuple(zip(fields, items).map { $0.sort.renaming($1, nodes, permutation) })
        case let (.union(_, variants), .tuple(items)):
            guard case let .int(tag)? = items.first, variants.indices.contains(tag) else { return value }
            return .tuple([items[0]] + zip(variants[tag].fields, items.dropFirst()).map { $0.sort.renaming($1, nodes, permutation) })
        case let (.function(domain, codomain), .tuple(items)):
            let renamed = items.map { codomain.renaming($0, nodes, permutation) }
            guard domain == nodes else {
                guard domain.mentions(nodes) else { return .tuple(renamed) }
                let all = domain.allValues
                // A domain built from nodes (pairs of servers): move each result to its renamed argument.
                var moved = renamed
                let position = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, $0) })
                for (i, argument) in all.enumerated() {
                    if let j = position[domain.renaming(argument, nodes, permutation)] { moved[j] = renamed[i] }
                }
                return .tuple(moved)
            }
            var moved = renamed
            for (i, item) in renamed.enumerated() { moved[permutation[i]] = item }
            return .tuple(moved)
        case let (.sequence(element, _), .tuple(items)):
            return .tuple(items.map { element.renaming($0, nodes, permutation) })
        case let (.set(element), .tuple(items)):
            return .tuple(Array(Set(items.map { element.renaming($0, nodes, permutation) })).sorted())
        case let (.bag(element, _, _), .tuple(items)):
            return .tuple(items.map { pair -> Value in
                let p = pair.elements
                return .tuple([element.renaming(p[0], nodes, permutation), p[1]])
            }.sorted())
        default:
            return value
        }
    }

    /// The node sorts whose identities values of this sort may hold, each once.
    public var nodeSorts: [Sort] {
        var found: [Sort] = []
        func collect(_ sort: Sort) {
            switch sort {
            case .node: if !found.contains(sort) { found.append(sort) }
            case let .optional(w): collect(w)
            case let .record(_, fields): fields.forEach { collect($0.sort) }
            case let .union(_, variants): variants.forEach { $0.fields.forEach { collect($0.sort) } }
            case let .function(d, c): collect(d); collect(c)
            case let .sequence(e, _), let .set(e), let .bag(e, _, _): collect(e)
            case .bool, .int, .enumeration: break
            }
        }
        collect(self)
        return found
    }

    /// Whether values of this sort are or hold bags.
    public var holdsBag: Bool {
        switch self {
        case .bool, .int, .enumeration, .node: return false
        case .bag: return true
        case let .optional(wrapped): return wrapped.holdsBag
        case let .record(_, fields): return fields.contains { $0.sort.holdsBag }
        case let .union(_, variants): return variants.contains { $0.fields.contains { $0.sort.holdsBag } }
        case let .function(domain, codomain): return domain.holdsBag || codomain.holdsBag
        case let .sequence(element, _), let .set(element): return element.holdsBag
        }
    }

    /// Whether values of this sort may hold values of `other`: it is `other` or holds it
    /// somewhere inside (for a node sort, whether values may hold its identities).
    public func mentions(_ other: Sort) -> Bool {
        if self == other { return true }
        switch self {
        case .bool, .int, .enumeration, .node: return false
        case let .optional(wrapped): return wrapped.mentions(other)
        case let .record(_, fields): return fields.contains { $0.sort.mentions(other) }
        case let .union(_, variants): return variants.contains { $0.fields.contains { $0.sort.mentions(other) } }
        case let .function(domain, codomain): return domain.mentions(other) || codomain.mentions(other)
        case let .sequence(element, _), let .set(element), let .bag(element, _, _): return element.mentions(other)
        }
    }
}

extension Spec {
    /// The node sorts of more than one identity that a run treats as interchangeable, as a
    /// `--symmetry` flag asks: nil for the declared ones (`Symmetric`), true for every
    /// `symmetricSorts`, false for none. Both engines read it.
    public func interchangeableSorts(requested: Bool?) -> [Sort] {
        let candidates: [Sort]
        switch requested {
        case nil: candidates = symmetry?.sorts ?? []
        case true?: candidates = symmetricSorts
        case false?: candidates = []
        }
        return candidates.filter { sort in
            if case let .node(_, count) = sort { return count > 1 }
            return false
        }
    }

    /// The node sorts whose identities the spec treats alike: those of its variables that
    /// no expression names by a constant (`server.id(0)` singles a node out) and no
    /// `ForEach` visits in order.
    public var symmetricSorts: [Sort] {
        var nodeSorts: [Sort] = []
        for variable in variables {
            for sort in variable.sort.nodeSorts where !nodeSorts.contains(sort) { nodeSorts.append(sort) }
        }
        var named = Set<Sort>()
        // Sorts whose identities some `ForEach` visits: its body runs for them in order (s1's
        // turn before s2's), which renaming does not keep. A set computed some other way
        // (its elements' sort not read off here) rules out every sort.
        var ordered = false
        var orderedSorts = Set<Sort>()
        func markOrdered(_ range: Expr) {
            switch range.unlocated {
            case let .universe(sort):
                for node in nodeSorts where sort.mentions(node) { orderedSorts.insert(node) }
            case let .variable(name):
                guard let sort = variables.first(where: { $0.name == name })?.sort else { ordered = true; return }
                for node in nodeSorts where sort.mentions(node) { orderedSorts.insert(node) }
            default:
                ordered = true
            }
        }
        func visit(_ e: Expr) -> Expr {
            if case let .literal(value, sort) = e { collectLiteralNodes(sort, value, into: &named) }
            return e.mapChildren(visit)
        }
        func visit(_ s: Statement) {
            switch s {
            case let .assign(place, value, _):
                _ = visit(value)
                for case let .index(e) in place.path { _ = visit(e) }
            case let .require(e, _): _ = visit(e)
            case let .block(items): items.forEach(visit)
            case let .ifThenElse(c, a, b, _): _ = visit(c); visit(a); visit(b)
            case let .choose(_, r, body, _): _ = visit(r); visit(body)
            case let .forEach(_, r, body, _):
                markOrdered(r)
                _ = visit(r)
                visit(body)
            case let .either(items, _): items.forEach(visit)
            case let .letIn(_, v, body, _): _ = visit(v); visit(body)
            }
        }
        visit(initial)
        for action in actions {
            action.parameters.forEach { _ = visit($0.range) }
            visit(action.body)
        }
        properties.forEach { _ = visit($0.predicate) }
        if let constraint { _ = visit(constraint.predicate) }
        irrelevance.forEach { _ = visit($0.condition) }
        if ordered { return [] }
        return nodeSorts.filter { !named.contains($0) && !orderedSorts.contains($0) }
    }

    /// Adds the node sorts a constant singles out: one holding a node, or a function over
    /// nodes whose results differ (an empty set or absent optional names no node).
    private func collectLiteralNodes(_ sort: Sort, _ value: Value, into named: inout Set<Sort>) {
        switch (sort, value) {
        case (.node, _): named.insert(sort)
        case let (.optional(w), .tuple(items)), let (.sequence(w, _), .tuple(items)), let (.set(w), .tuple(items)):
            items.forEach { collectLiteralNodes(w, $0, into: &named) }
        case let (.record(_, fields), .tuple(items)):
            zip(fields, items).forEach { collectLiteralNodes($0.sort, $1, into: &named) }
        case let (.union(_, variants), .tuple(items)):
            guard case let .int(tag)? = items.first, variants.indices.contains(tag) else { return }
            zip(variants[tag].fields, items.dropFirst()).forEach { collectLiteralNodes($0.sort, $1, into: &named) }
        case let (.function(d, c), .tuple(items)):
            if case .node = d, Set(items).count > 1 { named.insert(d) }
            items.forEach { collectLiteralNodes(c, $0, into: &named) }
        case let (.bag(e, _, _), .tuple(items)):
            items.forEach { if case let .tuple(p) = $0, let first = p.first { collectLiteralNodes(e, first, into: &named) } }
        default: break
        }
    }
}
