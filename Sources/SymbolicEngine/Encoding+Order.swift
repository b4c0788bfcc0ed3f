import SpecIR
import Z3Kit

/// The order of values (`Value`'s: integers by size, tuples lexicographically) as terms.
///
/// The explicit engine visits the elements of a set in this order and stops a
/// quantifier at the first element that decides it; a quantifier over a guarded list
/// (the support of a slot bag) needs the order to know which elements come first.
extension Encoding {
    /// Whether `a` comes before `b` (or, with `orEqual`, is also equal to it).
    func precedes(_ a: Symbolic, _ b: Symbolic, _ sort: Sort, orEqual: Bool) throws -> Term {
        let (less, same) = try order(a, b, sort)
        return orEqual ? try z3.or([less, same]) : less
    }

    /// (a < b, a = b) in the order of values.
    private func order(_ a: Symbolic, _ b: Symbolic, _ sort: Sort) throws -> (Term, Term) {
        switch (a, b, sort) {
        case let (.bool(x), .bool(y), _):
            return (try z3.and([try z3.not(x), y]), try z3.equal(x, y))
        case let (.int(x), .int(y), _):
            return (try z3.compare(.less, x, y), try z3.equal(x, y))
        case let (.finite(x), .finite(y), _):
            return (try z3.unsignedLess(x, y), try z3.equal(x, y))
        case let (.optional(pa, va), .optional(pb, vb), .optional(wrapped)):
            // An absent value (the empty tuple) comes first.
            let (less, same) = try order(va, vb, wrapped)
            let bothPresent = try z3.and([pa, pb])
            return (try z3.or([try z3.and([try z3.not(pa), pb]), try z3.and([bothPresent, less])]),
                    try z3.and([try z3.equal(pa, pb), try z3.implies(pa, same)]))
        case let (.record(fa), .record(fb), .record(_, fields)):
            return try lexicographic(try fields.indices.map { try order(fa[$0], fb[$0], fields[$0].sort) })
        case let (.function(fa), .function(fb), .function(_, codomain)):
            return try lexicographic(try fa.indices.map { try order(fa[$0], fb[$0], codomain) })
        case let (.union(ta, va), .union(tb, vb), .union(_, variants)):
            // The tag first, then the fields of the (common) variant.
            var less = [try z3.unsignedLess(ta, tb)]
            var same = [try z3.equal(ta, tb)]
            for (v, variant) in variants.enumerated() where !variant.fields.isEmpty {
                let isThis = try z3.and([try z3.equal(ta, try index(v, of: variants.count)), try z3.equal(tb, ta)])
                let (l, s) = try lexicographic(try variant.fields.indices.map { try order(va[v][$0], vb[v][$0], variant.fields[$0].sort) })
                less.append(try z3.and([isThis, l]))
                same.append(try z3.implies(isThis, s))
            }
            return (try z3.or(less), try z3.and(same))
        case let (.sequence(la, sa), .sequence(lb, sb), .sequence(element, capacity)) where capacity <= 1:
            // Element by element while both have one; then the shorter first. (The explicit
            // engine visits ranked values in rank order, which for a sequence is shorter
            // first: the same order only when sequences hold at most one element, so longer
            // ones are refused below.)
            let shorter = try z3.compare(.less, la, lb)
            var less = shorter
            for i in stride(from: min(sa.count, sb.count) - 1, through: 0, by: -1) {
                let (l, s) = try order(sa[i], sb[i], element)
                let bothHave = try z3.and([try z3.compare(.greater, la, try z3.int(i)), try z3.compare(.greater, lb, try z3.int(i))])
                less = try z3.ite(bothHave, try z3.or([l, try z3.and([s, less])]), shorter)
            }
            return (less, try equal(a, b, sort))
        default:
            // Sets, bags and sequences of more than one element: the explicit engine's order
            // of them depends on how it stores them.
            throw EncodingError("the symbolic engine cannot order values of \(sort) as the explicit engine visits them (needed for a quantifier over a bag's elements whose body can fail)")
        }
    }

    /// The lexicographic order of tuples of equal length from their parts' orders.
    private func lexicographic(_ parts: [(Term, Term)]) throws -> (Term, Term) {
        var less = try z3.bool(false)
        for (l, s) in parts.reversed() { less = try z3.or([l, try z3.and([s, less])]) }
        return (less, try z3.and(parts.map(\.1)))
    }
}
