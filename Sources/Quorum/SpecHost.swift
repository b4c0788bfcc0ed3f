import Foundation

/// The entry point of a compiled spec file: builds the requested specs and prints them as JSON.
///
/// `quorum check` generates a `main.swift` that calls `SpecHost.main` with every
/// `Specification` type of the user's file, runs the program, and decodes the
/// `SpecCatalog` it prints. Usage: `build [--spec TYPE] [name=value …]`.
public enum SpecHost {
    public static func main(_ types: [any Specification.Type]) -> Never {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var selected: String?
        var overrides: [String: Int] = [:]
        var problems: [Diagnostic] = []
        if arguments.first == "build" { arguments.removeFirst() }
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--spec", index + 1 < arguments.count {
                selected = arguments[index + 1]
                index += 2
                continue
            }
            let parts = argument.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Int(parts[1].trimmingCharacters(in: .whitespaces)) {
                overrides[String(parts[0]).trimmingCharacters(in: .whitespaces)] = value
            } else {
                problems.append(Diagnostic(location: .unknown, message: "parameter '\(argument)' is not of the form name=integer"))
            }
            index += 1
        }
        var entries: [SpecCatalog.Entry] = []
        for type in types where selected == nil || selected == String(describing: type) {
            let name = String(describing: type)
            if !problems.isEmpty {
                entries.append(.init(type: name, spec: nil, error: SpecError(problems)))
                continue
            }
            do {
                entries.append(.init(type: name, spec: try type.instantiate(overrides), error: nil))
            } catch {
                entries.append(.init(type: name, spec: nil, error: error))
            }
        }
        let encoder = JSONEncoder()
        let data = (try? encoder.encode(SpecCatalog(entries: entries))) ?? Data()
        FileHandle.standardOutput.write(data)
        exit(0)
    }
}
