import CZ3

/// An incremental Z3 solver: assertions in nested scopes, checked with an optional timeout.
public final class Solver {
    let context: Context
    let raw: Z3_solver
    /// The most seconds one check may take (nil: no limit).
    public var timeout: Double?

    /// The answer to a satisfiability check.
    public enum Result: Equatable, Sendable {
        case satisfiable
        case unsatisfiable
        /// Z3 gave up: a timeout, an interrupt, or a theory it could not decide. The reason is Z3's.
        case unknown(String)

        /// Whether the solver gave up on the query itself (not for time or an interrupt):
        /// another solver may still answer it.
        public var isGiveUp: Bool {
            guard case let .unknown(reason) = self else { return false }
            return !["timeout", "cancel", "interrupt"].contains { reason.contains($0) }
        }
    }

    /// Z3's general solver, or with `finiteDomain` its SAT-based solver for Booleans,
    /// bit-vectors and integers with constant bounds: it bit-blasts the whole query, which
    /// on unrolled protocol steps is often far faster. It answers unknown for anything
    /// else (see `Result.isGiveUp`).
    public init(_ context: Context, finiteDomain: Bool = false) throws(Z3Error) {
        self.context = context
        let made = finiteDomain
            ? Z3_mk_solver_for_logic(context.raw, Z3_mk_string_symbol(context.raw, "QF_FD"))
            : Z3_mk_solver(context.raw)
        try context.check()
        guard let made else { throw Z3Error("cannot make a solver") }
        raw = made
        Z3_solver_inc_ref(context.raw, raw)
    }

    deinit { Z3_solver_dec_ref(context.raw, raw) }

    /// Asserts a Boolean term in the current scope.
    public func add(_ term: Term) throws(Z3Error) {
        Z3_solver_assert(context.raw, raw, term.raw)
        try context.check()
    }

    /// Opens a scope; `pop` removes everything asserted since.
    public func push() throws(Z3Error) {
        Z3_solver_push(context.raw, raw)
        try context.check()
    }

    public func pop(_ scopes: Int = 1) throws(Z3Error) {
        Z3_solver_pop(context.raw, raw, UInt32(scopes))
        try context.check()
    }

    /// Checks the assertions, optionally together with extra Boolean terms assumed true.
    public func check(assuming assumptions: [Term] = []) throws(Z3Error) -> Result {
        let pointers: [Z3_ast?] = assumptions.map(\.raw)
        let ran = context.run(seconds: timeout) { () -> Z3_lbool in
            if pointers.isEmpty { return Z3_solver_check(context.raw, raw) }
            return pointers.withUnsafeBufferPointer {
                Z3_solver_check_assumptions(context.raw, raw, UInt32(pointers.count), $0.baseAddress!)
            }
        }
        guard let answer = ran else { return .unknown("interrupted") }
        try context.check()
        switch answer {
        case Z3_L_TRUE: return .satisfiable
        case Z3_L_FALSE: return .unsatisfiable
        default:
            let reason = Z3_solver_get_reason_unknown(context.raw, raw).map { String(cString: $0) } ?? "unknown"
            return .unknown(reason)
        }
    }

    /// The model of the last satisfiable check.
    public func model() throws(Z3Error) -> Model {
        let made = Z3_solver_get_model(context.raw, raw)
        try context.check()
        guard let made else { throw Z3Error("no model: the last check was not satisfiable") }
        return Model(context, made)
    }
}
