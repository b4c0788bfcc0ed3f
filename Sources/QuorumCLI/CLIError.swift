import Reporting
import SpecIR

/// Why the CLI could not check anything; every case exits with code 2.
enum CLIError: Error, CustomStringConvertible {
    /// Bad command line, missing file, missing toolchain.
    case usage(String)
    /// A spec that does not compile, build or validate.
    case spec(String)
    /// Diagnostics found in the spec.
    case diagnostics(SpecError)
    /// A bug in Quorum itself, found by its own cross-checks.
    case `internal`(String)

    var description: String {
        switch self {
        case let .usage(message), let .spec(message): return "error: " + message
        case let .internal(message): return "internal error: " + message + "\nThis is a bug in Quorum; please report it with the spec file."
        case let .diagnostics(error): return error.diagnostics.map(ExitCodes.relative).joined(separator: "\n")
        }
    }

    var exitCode: Int32 {
        if case .internal = self { return ExitCodes.internalError }
        return ExitCodes.error
    }

    /// The error as a JSON report (docs/json.md): verdict "error", exit code 2.
    var json: JSON {
        let errors: [JSON]
        switch self {
        case let .usage(message), let .spec(message), let .internal(message):
            errors = [.object([("file", .null), ("line", .null), ("context", .null), ("message", .string(message))])]
        case let .diagnostics(error):
            errors = error.diagnostics.map { diagnostic in
                let relative = ExitCodes.relativePath(diagnostic.location.file)
                return .object([
                    ("file", .string(relative)),
                    ("line", .number(diagnostic.location.line)),
                    ("context", diagnostic.context.map(JSON.string) ?? .null),
                    ("message", .string(diagnostic.message)),
                ])
            }
        }
        return .object([
            ("schema", .string(JSONReport.schema)),
            ("verdict", .string("error")),
            ("exitCode", .number(Int(exitCode))),
            ("errors", .array(errors)),
        ])
    }
}

/// The documented exit codes of `quorum`.
enum ExitCodes {
    static let holds: Int32 = 0
    static let violated: Int32 = 1
    static let error: Int32 = 2
    static let incomplete: Int32 = 3
    /// `--engine both`: the engines disagree (a bug in Quorum).
    static let disagreement: Int32 = 4
    /// A symbolic result failed to replay in the explicit engine, or Z3 failed (a bug in Quorum).
    static let internalError: Int32 = 5

    /// A diagnostic with its file shown relative to the working directory when it is below it.
    static func relative(_ diagnostic: Diagnostic) -> String {
        var copy = diagnostic
        copy.location.file = relativePath(copy.location.file)
        return copy.description
    }

    static func relativePath(_ file: String) -> String {
        let cwd = FileManagerPath.current + "/"
        return file.hasPrefix(cwd) ? String(file.dropFirst(cwd.count)) : file
    }
}
