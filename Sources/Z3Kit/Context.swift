import CZ3
import Foundation

/// A Z3 context: the factory and owner of sorts, terms and solvers.
///
/// Reference-counted (`Z3_mk_context_rc`): every handle made from it is owned by a
/// final class that takes a reference when made and drops it when released, so long
/// runs free what they no longer use. A context is not thread-safe; use one per task.
public final class Context {
    let raw: OpaquePointer
    /// Guards `checking` and `stopRequested`, which other threads read to interrupt a check.
    private let lock = NSLock()
    private var checking = false
    /// Numbers each check, so a deadline left over from one cannot interrupt the next.
    private var generation = 0
    private var stopRequested = false
    /// `false` and `true`, made once (encodings ask for them constantly); owned by the context.
    private(set) var truth: (Z3_ast, Z3_ast)? = nil

    public init() throws(Z3Error) {
        guard let config = Z3_mk_config() else { throw Z3Error("cannot make a configuration") }
        defer { Z3_del_config(config) }
        Z3_set_param_value(config, "model", "true")
        guard let context = Z3_mk_context_rc(config) else { throw Z3Error("cannot make a context") }
        raw = context
        // No handler: Z3 records the error code instead of exiting, and `check` reads it.
        Z3_set_error_handler(raw, nil)
    }

    deinit {
        if let (no, yes) = truth {
            Z3_dec_ref(raw, no)
            Z3_dec_ref(raw, yes)
        }
        Z3_del_context(raw)
    }

    func truthValues() throws(Z3Error) -> (Z3_ast, Z3_ast) {
        if let truth { return truth }
        guard let no = Z3_mk_false(raw), let yes = Z3_mk_true(raw) else {
            try check()
            throw Z3Error("cannot make the Boolean constants")
        }
        Z3_inc_ref(raw, no)
        Z3_inc_ref(raw, yes)
        truth = (no, yes)
        return (no, yes)
    }

    /// Throws the error the last Z3 call left, if any.
    @inline(__always)
    func check() throws(Z3Error) {
        let code = Z3_get_error_code(raw)
        if code != Z3_OK {
            let message = Z3_get_error_msg(raw, code).map { String(cString: $0) } ?? "error \(code.rawValue)"
            throw Z3Error(message)
        }
    }

    /// Wraps an AST a call returned, or throws the call's error.
    @inline(__always)
    func term(_ ast: Z3_ast?, constant: Int? = nil, boolConstant: Bool? = nil) throws(Z3Error) -> Term {
        try check()
        guard let ast else { throw Z3Error("a call returned no term") }
        return Term(self, ast, constant: constant, boolConstant: boolConstant)
    }

    /// Stops the running check, if any, and every later one: they answer unknown.
    /// The one call that is safe from another thread (a Ctrl-C handler).
    /// Whether `interrupt` was called: the run is to stop, not just this check.
    public var isInterrupted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopRequested
    }

    public func interrupt() {
        lock.lock()
        defer { lock.unlock() }
        stopRequested = true
        if checking { Z3_interrupt(raw) }
    }

    /// Runs a solver check, interrupting it after `seconds`.
    ///
    /// The deadline is kept here rather than by Z3's `timeout` parameter: Z3 4.8's
    /// timer threads can deadlock when several contexts run checks at once (seen in
    /// this project's parallel tests). Interrupts land only while a check runs, so one
    /// cannot leak into the next check.
    func run<Answer>(seconds: Double?, _ body: () -> Answer) -> Answer? {
        lock.lock()
        if stopRequested {
            lock.unlock()
            return nil
        }
        checking = true
        generation += 1
        let mine = generation
        lock.unlock()
        var watchdog: DispatchWorkItem? = nil
        if let seconds {
            let item = DispatchWorkItem { [weak self] in
                guard let self else { return }
                self.lock.lock()
                if self.checking && self.generation == mine { Z3_interrupt(self.raw) }
                self.lock.unlock()
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + max(0, seconds), execute: item)
            watchdog = item
        }
        let answer = body()
        lock.lock()
        checking = false
        lock.unlock()
        watchdog?.cancel()
        return answer
    }

    /// Z3's version, as "major.minor.build".
    public static var version: String {
        var major: UInt32 = 0, minor: UInt32 = 0, build: UInt32 = 0, revision: UInt32 = 0
        Z3_get_version(&major, &minor, &build, &revision)
        return "\(major).\(minor).\(build)"
    }
}
