/// What a run found about one property.
public struct PropertyResult: Hashable, Codable, Sendable {
    public var name: String
    public var kind: Property.Kind
    public var status: Status
    /// The shortest trace to the violation or to the witness, when there is one.
    public var trace: Trace?

    public enum Status: String, Hashable, Codable, Sendable {
        /// Always or transition property with no violation in a complete run.
        case holds
        /// A reachable state (or step) breaks it.
        case violated
        /// No violation found, but the run stopped early.
        case unviolated = "not violated (incomplete)"
        /// A sometimes property with a reachable witness.
        case witnessFound = "witness found"
        /// A sometimes property with no reachable witness in a complete run.
        case witnessNotFound = "witness not found"
        /// No witness found before the run stopped early.
        case witnessNotYetFound = "witness not found (incomplete)"
    }

    public init(name: String, kind: Property.Kind, status: Status, trace: Trace? = nil) {
        self.name = name
        self.kind = kind
        self.status = status
        self.trace = trace
    }

    /// Whether this result makes the run fail.
    public var isFailure: Bool { status == .violated || status == .witnessNotFound }
}
