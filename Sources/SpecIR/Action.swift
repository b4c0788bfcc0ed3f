/// A guarded, possibly nondeterministic state change, parameterised over finite sets.
public struct Action: Hashable, Codable, Sendable {
    public var name: String
    /// Each parameter ranges over a set (often a whole domain, as `.universe`).
    public var parameters: [ActionParameter]
    public var body: Statement
    public var location: SourceLocation
    /// Who takes this step: the protocol itself, the network or the fault model.
    public var origin: Origin

    public enum Origin: String, Hashable, Codable, Sendable {
        case protocolStep = "protocol", network, fault
    }

    public init(name: String, parameters: [ActionParameter] = [], body: Statement,
                location: SourceLocation = .unknown, origin: Origin = .protocolStep) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
        self.origin = origin
    }
}

/// A named parameter of an action and the set it ranges over.
public struct ActionParameter: Hashable, Codable, Sendable {
    public var name: String
    public var range: Expr

    public init(name: String, range: Expr) {
        self.name = name
        self.range = range
    }
}
