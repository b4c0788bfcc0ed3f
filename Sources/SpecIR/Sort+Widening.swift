extension Sort {
    /// The sort with every integer range inside a compound sort widened to all integers.
    ///
    /// Used for sorts inferred from expressions (`some(x + 1)`, `[1, 2]`), whose integer
    /// bounds say nothing about the values they may hold.
    public var widened: Sort {
        switch self {
        case .int: return .anyInt
        case .bool, .enumeration, .node: return self
        case let .optional(w): return .optional(w.widened)
        case let .record(name, fields): return .record(name: name, fields: fields)
        case let .union(name, variants): return .union(name: name, variants: variants)
        case let .function(d, c): return .function(domain: d, codomain: c.widened)
        case let .sequence(e, capacity): return .sequence(element: e.widened, capacity: capacity)
        case let .set(e): return .set(element: e.widened)
        case let .bag(e, maxCopies, maxDistinct): return .bag(element: e.widened, maxCopies: maxCopies, maxDistinct: maxDistinct)
        }
    }
}
