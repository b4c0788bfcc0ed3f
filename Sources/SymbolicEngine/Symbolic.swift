import Z3Kit

/// A value of some sort as Z3 terms: the symbolic counterpart of `Value`.
///
/// Compound sorts are spread over several terms rather than encoded as one Z3
/// datatype: a function over a finite domain is one value per domain element, a set
/// is one Boolean per possible element (its characteristic vector), a bag one count
/// per possible element. Quantifiers then unroll over concrete elements, and the
/// terms fold to constants wherever the spec's arguments are known.
indirect enum Symbolic {
    case bool(Term)
    case int(Term)
    /// An enumeration case or node identity: its index as a bit-vector.
    case finite(Term)
    /// Whether the value is present, and the value (meaningless when absent).
    case optional(Term, Symbolic)
    case record([Symbolic])
    /// The variant's index (a bit-vector) and the fields of every variant (only the
    /// current variant's are meaningful).
    case union(Term, [[Symbolic]])
    /// The result for each domain value, in rank order.
    case function([Symbolic])
    /// The length and the slots (slots at or past the length are meaningless).
    case sequence(Term, [Symbolic])
    /// Membership of each value of the element sort, in rank order.
    case set([Term])
    /// A set given as guarded elements (repeats allowed), for element sorts too large
    /// to enumerate (integers computed by arithmetic).
    case listed([(Term, Symbolic)])
    /// Copies of each value of the element sort, in rank order.
    case bag([Term])
    /// A bag bounded in distinct elements, as slots of (copies, element): a slot with
    /// no copies is free and its element meaningless; the elements of slots with
    /// copies differ. Slots cost one element each, not one counter per possible
    /// element, so messages may range over large sorts (requests carrying log entries).
    case slots([(Term, Symbolic)])

    /// The single term of a Boolean, integer or finite value.
    var term: Term {
        switch self {
        case let .bool(t), let .int(t), let .finite(t): return t
        default: preconditionFailure("not a scalar: \(self)")
        }
    }

    /// Every term of the value, depth first: the value's fixed-width layout for its sort.
    var leaves: [Term] {
        var out: [Term] = []
        collectLeaves(into: &out)
        return out
    }

    private func collectLeaves(into out: inout [Term]) {
        switch self {
        case let .bool(t), let .int(t), let .finite(t): out.append(t)
        case let .optional(present, value):
            out.append(present)
            value.collectLeaves(into: &out)
        case let .record(fields), let .function(fields):
            for field in fields { field.collectLeaves(into: &out) }
        case let .union(tag, variants):
            out.append(tag)
            for fields in variants { for field in fields { field.collectLeaves(into: &out) } }
        case let .sequence(length, slots):
            out.append(length)
            for slot in slots { slot.collectLeaves(into: &out) }
        case let .set(members): out.append(contentsOf: members)
        case let .bag(counts): out.append(contentsOf: counts)
        case let .slots(slots):
            for (copies, element) in slots {
                out.append(copies)
                element.collectLeaves(into: &out)
            }
        case let .listed(entries):
            for (guardTerm, element) in entries {
                out.append(guardTerm)
                element.collectLeaves(into: &out)
            }
        }
    }

    /// The same structure with its leaves replaced, in `leaves` order.
    func replacingLeaves(_ next: inout IndexingIterator<[Term]>) -> Symbolic {
        switch self {
        case .bool: return .bool(next.next()!)
        case .int: return .int(next.next()!)
        case .finite: return .finite(next.next()!)
        case let .optional(_, value):
            let present = next.next()!
            return .optional(present, value.replacingLeaves(&next))
        case let .record(fields): return .record(fields.map { $0.replacingLeaves(&next) })
        case let .function(items): return .function(items.map { $0.replacingLeaves(&next) })
        case let .union(_, variants):
            let tag = next.next()!
            return .union(tag, variants.map { $0.map { $0.replacingLeaves(&next) } })
        case let .sequence(_, slots):
            let length = next.next()!
            return .sequence(length, slots.map { $0.replacingLeaves(&next) })
        case let .set(members): return .set(members.map { _ in next.next()! })
        case let .bag(counts): return .bag(counts.map { _ in next.next()! })
        case let .slots(slots):
            return .slots(slots.map { _, element in
                let copies = next.next()!
                return (copies, element.replacingLeaves(&next))
            })
        case let .listed(entries):
            return .listed(entries.map { _, element in
                let g = next.next()!
                return (g, element.replacingLeaves(&next))
            })
        }
    }
}
