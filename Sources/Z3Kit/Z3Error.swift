/// A failure reported by Z3, as a Swift error.
///
/// Z3's default error handler prints and exits the process; `Context` removes it and
/// turns the error code left by each call into one of these instead.
public struct Z3Error: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { "Z3: \(message)" }
}
