/// A behaviour of a spec: an initial state and the steps taken from it.
///
/// Traces are values: any engine can produce one, and the explicit engine can
/// replay one step by step to confirm it is a real behaviour of the spec.
public struct Trace: Hashable, Codable, Sendable {
    /// The initial state, one value per variable in declaration order.
    public var initial: [Value]
    public var steps: [Step]

    public init(initial: [Value], steps: [Step] = []) {
        self.initial = initial
        self.steps = steps
    }

    /// The state the trace ends in.
    public var last: [Value] { steps.last?.state ?? initial }
}

/// One step of a trace: the action taken, with its arguments, and the state after it.
public struct Step: Hashable, Codable, Sendable {
    public var action: String
    /// The action's arguments in declaration order, named.
    public var arguments: [Argument]
    public var state: [Value]

    public init(action: String, arguments: [Argument], state: [Value]) {
        self.action = action
        self.arguments = arguments
        self.state = state
    }
}

/// A named argument of a step, with its sort for printing.
public struct Argument: Hashable, Codable, Sendable {
    public var name: String
    public var value: Value
    public var sort: Sort

    public init(name: String, value: Value, sort: Sort) {
        self.name = name
        self.value = value
        self.sort = sort
    }
}
