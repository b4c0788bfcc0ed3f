/// Where a declaration was written in a spec file.
///
/// Every statement, action and property carries one so that errors found while
/// validating or evaluating a spec can name the user's file and line.
public struct SourceLocation: Hashable, Codable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// A location for values built without one (tests, generated actions).
    public static let unknown = SourceLocation(file: "<unknown>", line: 0)

    public var description: String { "\(file):\(line)" }
}
