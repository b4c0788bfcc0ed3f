import Foundation
import SpecIR
import SymbolicEngine

/// Z3's check of a spec's irrelevance declarations, run on a thread of its own.
///
/// `quorum check` used to ask Z3 first and search after, so a first check of Raft paid
/// for both in turn (about 7 s of Z3, then 4.5 s of search). Now the search starts at
/// once, leaving irrelevant entries out of state identity as if the declarations were
/// confirmed, while Z3 checks them on the other core. Its result is used only once Z3
/// has confirmed them: a refutation discards it, a check Z3 cannot decide (or encode)
/// sends the search round again without the declarations, and either stops the search
/// as soon as Z3 has answered. The verdicts are those of checking in turn; what changes
/// is the wall clock, and that Z3's memory counts towards the search's `--max-memory`
/// and its peak while both run.
final class IrrelevanceTask: @unchecked Sendable {
    /// Guards everything below; signalled when the verdict arrives.
    private let condition = NSCondition()
    private var outcome: Result<IrrelevanceVerdict, SymbolicError>?
    private var check: IrrelevanceCheck?
    private var interrupted = false

    /// Starts the check; `timeoutSeconds` bounds Z3's time, translation included.
    init(spec: Spec, timeoutSeconds: Double) {
        let thread = Thread { [self] in run(spec, timeoutSeconds) }
        // Translating a large spec recurses deeply; a secondary thread's default stack is small.
        thread.stackSize = 1 << 26
        thread.start()
    }

    private func run(_ spec: Spec, _ timeoutSeconds: Double) {
        let result: Result<IrrelevanceVerdict, SymbolicError>
        do {
            let check = try IrrelevanceCheck(spec: spec)
            condition.lock()
            self.check = check
            let stop = interrupted
            condition.unlock()
            if stop { check.interrupt() }
            result = .success(try check.run(timeoutSeconds: timeoutSeconds))
        } catch {
            result = .failure(error)
        }
        condition.lock()
        outcome = result
        check = nil
        condition.broadcast()
        condition.unlock()
    }

    /// Whether Z3 has answered anything but a confirmation (a refutation, unknown, or an
    /// error), so the search with the declarations is of no use and may stop.
    var isUnconfirmed: Bool {
        condition.lock()
        defer { condition.unlock() }
        switch outcome {
        case nil: return false
        case let .success(verdict)?: return verdict.status != .confirmed
        case .failure?: return true
        }
    }

    /// Stops Z3 (Ctrl-C): the check then answers unknown, as a timeout does.
    func interrupt() {
        condition.lock()
        interrupted = true
        let check = self.check
        condition.unlock()
        check?.interrupt()
    }

    /// Waits for Z3's verdict.
    func wait() -> Result<IrrelevanceVerdict, SymbolicError> {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return outcome!
    }
}
