/// A problem with a spec, located in the spec file.
///
/// Validation collects every problem it can find before reporting; evaluation
/// stops at the first. Either way the user sees the file, the line and the
/// declaration (action or property) in which it happened.
public struct Diagnostic: Hashable, Codable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    /// The action, property or block the problem is in ("action RMPrepare").
    public var context: String?
    public var message: String

    public init(location: SourceLocation, context: String? = nil, message: String) {
        self.location = location
        self.context = context
        self.message = message
    }

    public var description: String {
        "\(location): error: " + (context.map { "in \($0): " } ?? "") + message
    }
}

/// Errors that make a spec unusable: it cannot be built, validated or evaluated.
public struct SpecError: Error, Hashable, Codable, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public init(_ location: SourceLocation, context: String? = nil, _ message: String) {
        self.diagnostics = [Diagnostic(location: location, context: context, message: message)]
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
