import SpecIR

/// A spec error found while running it: a value outside its sort, a missing element, ….
///
/// It names where the offending expression was written and the action or
/// property being evaluated, and converts to the `SpecError` the CLI reports.
public struct EvaluationError: Error, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation
    /// The action, property or block being evaluated, filled in by the explorer.
    public var context: String?

    public init(_ message: String, at location: SourceLocation, context: String? = nil) {
        self.message = message
        self.location = location
        self.context = context
    }

    public var description: String { diagnostic.description }

    public var diagnostic: Diagnostic {
        Diagnostic(location: location, context: context, message: message)
    }
}

extension EvaluationError {
    /// The internal signal that ends a search early (not a spec error).
    static let stop = EvaluationError("stop", at: .unknown, context: "\u{0}stop")
    var isStop: Bool { context == "\u{0}stop" }
}

extension EvaluationError {
    func inContext(_ context: String) -> EvaluationError {
        var copy = self
        if copy.context == nil { copy.context = context }
        return copy
    }
}
