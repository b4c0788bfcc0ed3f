import SpecIR
import Z3Kit

/// Symmetry breaking for bounded model checking: of the paths equal up to renaming the
/// identities of a symmetric node sort, only those that name the identities in order.
///
/// Renaming the identities of a sort the spec treats as interchangeable maps paths to
/// paths and keeps every verdict. So a path that breaks a property can be renamed until
/// the identities its steps pass as arguments of that sort first appear in order (s1
/// before s2 before s3: value precedence), and it still breaks the property, at the same
/// depth. Asking only for such paths asks the same question, but the solver need not try
/// each renaming of each path: for Raft's three servers, up to six. Only action
/// parameters of the sort itself count; identities inside messages follow the renaming.
/// A trace then names the identities in order of appearance, and replays like any other.
struct SymmetryBreaking {
    /// Per symmetric sort: each outcome that names identities of it, and those identities
    /// (their indices) in argument order.
    private let named: [[(outcome: Int, identities: [Int])]]
    /// Per sort, whether identity k (for every k but the last) was named by an earlier step.
    private var used: [[Term]]

    /// Symmetry breaking over the given node sorts, or nil when no step names a constant
    /// identity of any of them (or some step names one it cannot tell).
    init?(_ system: TransitionSystem, sorts: [Sort]) throws {
        var named: [[(outcome: Int, identities: [Int])]] = []
        var used: [[Term]] = []
        for sort in sorts {
            guard case let .node(_, count) = sort, count > 1 else { continue }
            var list: [(outcome: Int, identities: [Int])] = []
            for (n, outcome) in system.outcomes.enumerated() {
                var identities: [Int] = []
                for argument in system.instances[outcome.instance].arguments where argument.sort == sort {
                    guard case let .finite(term) = argument.value, let index = term.constant else { return nil }
                    identities.append(index)
                }
                if !identities.isEmpty { list.append((n, identities)) }
            }
            if list.isEmpty { continue }
            named.append(list)
            used.append(try (0..<count - 1).map { _ in try system.z3.bool(false) })
        }
        if named.isEmpty { return nil }
        self.named = named
        self.used = used
    }

    /// The constraints on one more step, whose outcome `selector` picks: an identity other
    /// than the first only after the one before it. Steps must be added in order.
    mutating func constrain(_ selector: Term, _ z3: Context) throws -> [Term] {
        var constraints: [Term] = []
        for (position, list) in named.enumerated() {
            let before = used[position]
            var naming: [[Term]] = before.map { _ in [] }
            for (outcome, identities) in list {
                let chosen = try z3.equal(selector, try z3.int(outcome))
                var needed: [Term] = []
                for (p, identity) in identities.enumerated() {
                    if identity < naming.count { naming[identity].append(chosen) }
                    // Identity k > 0 needs k - 1 named before, by an earlier step or argument.
                    if identity == 0 || identities[..<p].contains(identity - 1) { continue }
                    needed.append(before[identity - 1])
                }
                if !needed.isEmpty { constraints.append(try z3.implies(chosen, try z3.and(needed))) }
            }
            used[position] = try before.indices.map { k in
                naming[k].isEmpty ? before[k] : try z3.or([before[k]] + naming[k])
            }
        }
        return constraints
    }
}
