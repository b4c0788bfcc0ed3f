import CZ3

/// The sort (type) of a Z3 term: Boolean, integer, bit-vector, array or enumeration.
public final class TermSort {
    let context: Context
    let raw: Z3_sort
    public let kind: Kind

    public enum Kind: Hashable, Sendable {
        case bool, int
        case bitVector(width: Int)
        case array
        case enumeration(cases: Int)
    }

    init(_ context: Context, _ raw: Z3_sort, kind: Kind) {
        self.context = context
        self.raw = raw
        self.kind = kind
        Z3_inc_ref(context.raw, Z3_sort_to_ast(context.raw, raw))
    }

    deinit { Z3_dec_ref(context.raw, Z3_sort_to_ast(context.raw, raw)) }
}

extension Context {
    public func boolSort() throws(Z3Error) -> TermSort { try sort(Z3_mk_bool_sort(raw), .bool) }

    public func intSort() throws(Z3Error) -> TermSort { try sort(Z3_mk_int_sort(raw), .int) }

    public func bitVectorSort(width: Int) throws(Z3Error) -> TermSort {
        guard width >= 1 else { throw Z3Error("a bit-vector needs at least one bit, not \(width)") }
        return try sort(Z3_mk_bv_sort(raw, UInt32(width)), .bitVector(width: width))
    }

    public func arraySort(index: TermSort, element: TermSort) throws(Z3Error) -> TermSort {
        try sort(Z3_mk_array_sort(raw, index.raw, element.raw), .array)
    }

    /// A datatype with the given constant cases; returns the sort and one term per case.
    public func enumerationSort(_ name: String, cases: [String]) throws(Z3Error) -> (TermSort, [Term]) {
        guard !cases.isEmpty else { throw Z3Error("enumeration \(name) needs at least one case") }
        var names = cases.map { Z3_mk_string_symbol(raw, $0) }
        var constructors = [Z3_func_decl?](repeating: nil, count: cases.count)
        var testers = [Z3_func_decl?](repeating: nil, count: cases.count)
        let made = Z3_mk_enumeration_sort(raw, Z3_mk_string_symbol(raw, name), UInt32(cases.count),
                                          &names, &constructors, &testers)
        try check()
        guard let made else { throw Z3Error("cannot make enumeration \(name)") }
        let enumeration = TermSort(self, made, kind: .enumeration(cases: cases.count))
        var values: [Term] = []
        for constructor in constructors {
            values.append(try term(Z3_mk_app(raw, constructor, 0, nil)))
        }
        return (enumeration, values)
    }

    private func sort(_ made: Z3_sort?, _ kind: TermSort.Kind) throws(Z3Error) -> TermSort {
        try check()
        guard let made else { throw Z3Error("cannot make a sort") }
        return TermSort(self, made, kind: kind)
    }
}
