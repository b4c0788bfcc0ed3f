import SpecIR

/// The mutable context compiled code runs in: the state, the after-state and bound names.
///
/// Action bodies update `state` in place and put the old values back when their
/// continuation returns, so every branch of a nondeterministic action starts from
/// the same state without copying it.
final class Frame {
    /// The working state: the current state for properties, the state being built in actions.
    var state: [Value]
    /// The state after a step, read by primed expressions in transition properties.
    var next: [Value]
    /// Action parameters and names bound by quantifiers, choices and `let`, by slot.
    ///
    /// Raw storage rather than an array: bound names are written in the innermost
    /// loops, and an array in a class would check uniqueness on every write.
    let locals: UnsafeMutablePointer<Value>
    let slotCount: Int
    /// Per variable, how many assignments on the current branch have written it (and
    /// not yet been undone): a successor can differ from its parent only where this is
    /// not 0, so the search compares only those variables.
    let written: UnsafeMutablePointer<Int32>
    let variableCount: Int
    /// The nondeterministic choices made on the current branch: choice site and value.
    var choices: [(site: Int, value: Value)] = []
    /// Receives the state at the end of every branch of an action or of the initial block.
    ///
    /// Unretained: whoever sets it keeps it alive while the frame runs. A closure here was
    /// read, retained and released at every successor.
    unowned(unsafe) var sink: any Sink = Frame.discard

    nonisolated(unsafe) static let discard = ClosureSink { _ throws(EvaluationError) in }

    init(variables: Int, slots: Int) {
        state = Array(repeating: Frame.unset, count: variables)
        next = state
        slotCount = Swift.max(slots, 1)
        locals = .allocate(capacity: slotCount)
        locals.initialize(repeating: .int(0), count: slotCount)
        variableCount = Swift.max(variables, 1)
        written = .allocate(capacity: variableCount)
        written.initialize(repeating: 0, count: variableCount)
    }

    deinit {
        locals.deinitialize(count: slotCount)
        locals.deallocate()
        written.deallocate()
    }

    /// Marks a variable the initial block has not set yet (no sort stores `Int.min`).
    static let unset = Value.int(Int.min)
}

typealias Evaluation = (Frame) throws(EvaluationError) -> Value
typealias Continuation = (Frame) throws(EvaluationError) -> Void

/// Where a frame's branches end.
protocol Sink: AnyObject {
    func emit(_ frame: Frame) throws(EvaluationError)
}

/// A sink that calls a closure, for the callers that collect states.
final class ClosureSink: Sink {
    let body: (Frame) throws(EvaluationError) -> Void

    init(_ body: @escaping (Frame) throws(EvaluationError) -> Void) { self.body = body }

    func emit(_ frame: Frame) throws(EvaluationError) { try body(frame) }
}
