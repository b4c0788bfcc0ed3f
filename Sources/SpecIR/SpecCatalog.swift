/// What a compiled spec file reports about the specs it declares.
///
/// The `quorum` CLI compiles a spec file into a small program that builds each
/// spec's IR and prints this as JSON; the CLI decodes it and hands the specs to
/// the engines. Errors (unknown parameters, values out of range, sort errors)
/// travel as diagnostics.
public struct SpecCatalog: Codable, Sendable {
    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    public struct Entry: Codable, Sendable {
        /// The Swift type that declares the spec.
        public var type: String
        /// The built and validated spec, when building succeeded.
        public var spec: Spec?
        public var error: SpecError?

        public init(type: String, spec: Spec?, error: SpecError?) {
            self.type = type
            self.spec = spec
            self.error = error
        }
    }
}
