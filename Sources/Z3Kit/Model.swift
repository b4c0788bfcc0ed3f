import CZ3

/// A satisfying assignment found by a solver: evaluates terms to literals.
public final class Model {
    let context: Context
    let raw: Z3_model

    init(_ context: Context, _ raw: Z3_model) {
        self.context = context
        self.raw = raw
        Z3_model_inc_ref(context.raw, raw)
    }

    deinit { Z3_model_dec_ref(context.raw, raw) }

    /// The value of a term in this model; variables the model leaves free get a default.
    public func evaluate(_ term: Term) throws(Z3Error) -> Term {
        var result: Z3_ast? = nil
        let ok = Z3_model_eval(context.raw, raw, term.raw, true, &result)
        try context.check()
        guard ok, let result else { throw Z3Error("cannot evaluate \(term) in the model") }
        return try context.term(result)
    }

    /// The value of an integer or bit-vector term.
    public func integer(_ term: Term) throws(Z3Error) -> Int {
        if let c = term.constant { return c }
        let value = try evaluate(term)
        var n: Int64 = 0
        if Z3_get_numeral_int64(context.raw, value.raw, &n) {
            return Int(n)
        }
        try context.check()
        throw Z3Error("\(term) has no integer value in the model (got \(value))")
    }

    /// The value of a Boolean term.
    public func boolean(_ term: Term) throws(Z3Error) -> Bool {
        if let c = term.boolConstant { return c }
        let value = try evaluate(term)
        switch Z3_get_bool_value(context.raw, value.raw) {
        case Z3_L_TRUE: return true
        case Z3_L_FALSE: return false
        default: throw Z3Error("\(term) has no Boolean value in the model (got \(value))")
        }
    }
}
