import SpecIR

/// Why the CLI could not check anything; every case exits with code 2.
enum CLIError: Error, CustomStringConvertible {
    /// Bad command line, missing file, missing toolchain.
    case usage(String)
    /// A spec that does not compile, build or validate.
    case spec(String)
    /// Diagnostics found in the spec.
    case diagnostics(SpecError)

    var description: String {
        switch self {
        case let .usage(message), let .spec(message): return "error: " + message
        case let .diagnostics(error): return error.diagnostics.map(ExitCodes.relative).joined(separator: "\n")
        }
    }
}

/// The documented exit codes of `quorum`.
enum ExitCodes {
    static let holds: Int32 = 0
    static let violated: Int32 = 1
    static let error: Int32 = 2
    static let incomplete: Int32 = 3

    /// A diagnostic with its file shown relative to the working directory when it is below it.
    static func relative(_ diagnostic: Diagnostic) -> String {
        var copy = diagnostic
        let cwd = FileManagerPath.current + "/"
        if copy.location.file.hasPrefix(cwd) { copy.location.file.removeFirst(cwd.count) }
        return copy.description
    }
}
