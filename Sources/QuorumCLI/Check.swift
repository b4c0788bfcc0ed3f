import ArgumentParser
import ExplicitEngine
import Foundation
import Reporting
import SpecIR

/// `quorum check <file>`: explores every reachable state and judges every property.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a spec: explore every reachable state within its bounds and judge its properties.")

    @OptionGroup var spec: SpecOptions

    @Flag(name: .customLong("continue"), help: "Keep exploring after a violation, to report every violated property.")
    var continueAfterViolation = false

    @Flag(name: .customLong("deadlock"), help: "Report reachable states in which no action is enabled.")
    var checkDeadlock = false

    @Option(name: .customLong("max-states"), help: "Stop (incomplete) after this many distinct states.")
    var maxStates: Int?

    @Option(name: .customLong("max-depth"), help: "Explore only this many breadth-first levels (initial states are level 1).")
    var maxDepth: Int?

    @Option(name: .customLong("max-memory"), help: "Stop (incomplete) when resident memory reaches this size (e.g. 4G, 512M).")
    var maxMemory: String?

    @Option(name: .customLong("timeout"), help: "Stop (incomplete) after this long (e.g. 90s, 5m).")
    var timeout: String?

    @Flag(name: .customLong("quiet"), help: "No progress line on standard error.")
    var quiet = false

    @Option(name: .customLong("format"), help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .customLong("engine"), help: "The engine: explicit (breadth-first search over every reachable state).")
    var engine: Engine = .explicit

    enum OutputFormat: String, ExpressibleByArgument {
        case text, json
    }

    /// The engines that can check a spec; the symbolic ones (bounded model checking with Z3)
    /// read the same IR and join here.
    enum Engine: String, ExpressibleByArgument {
        case explicit
    }

    func validate() throws {
        for parameter in spec.parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, Int(parts[1].trimmingCharacters(in: .whitespaces)) != nil else {
                throw ValidationError("--param \(parameter): expected name=value with an integer value, as in --param servers=5")
            }
        }
        if let maxStates, maxStates < 1 { throw ValidationError("--max-states must be at least 1") }
        if let maxDepth, maxDepth < 1 { throw ValidationError("--max-depth must be at least 1") }
        if let maxMemory, parseBytes(maxMemory) == nil { throw ValidationError("--max-memory: cannot read '\(maxMemory)' as a size (try 4G or 512M)") }
        if let timeout, parseSeconds(timeout) == nil { throw ValidationError("--timeout: cannot read '\(timeout)' as a duration (try 90s or 5m)") }
    }

    func run() throws {
        do {
            try check()
        } catch let error as CLIError where format == .json {
            // A JSON consumer (a CI gate) gets the errors as JSON too; the text stays on stderr.
            print(JSONReport.encode(error.json))
            throw error
        }
    }

    func check() throws {
        let loaded = try SpecLoader.load(spec)
        var options = ExplorationOptions()
        options.stopAtFirstViolation = !continueAfterViolation
        options.checkDeadlock = checkDeadlock
        options.maxStates = maxStates
        options.maxDepth = maxDepth
        options.maxMemoryBytes = maxMemory.flatMap(parseBytes)
        options.timeoutSeconds = timeout.flatMap(parseSeconds)
        Interrupt.install()
        options.isInterrupted = { Interrupt.requested.load(ordering: .relaxed) }
        let showProgress = !quiet && StandardError.isTerminal
        if showProgress {
            options.progress = { s in
                StandardError.write(String(format: "\r\u{1B}[K%d states, depth %d, frontier %d, %.0f states/s",
                                           s.distinctStates, s.depth, s.frontier, s.statesPerSecond))
            }
        }
        let result: CheckResult
        do {
            result = try Explorer(spec: loaded).run(options)
        } catch {
            throw CLIError.diagnostics(error)
        }
        if showProgress { StandardError.write("\r\u{1B}[K") }
        switch format {
        case .text: print(TextReport.render(result, spec: loaded), terminator: "")
        case .json: print(JSONReport.render(result, spec: loaded))
        }
        throw ExitCode(result.verdict.exitCode)
    }
}

/// Loads one validated spec from a spec file.
enum SpecLoader {
    static func load(_ options: SpecOptions) throws(CLIError) -> Spec {
        let file = URL(fileURLWithPath: options.path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else {
            throw CLIError.usage("no such spec file: \(options.path)")
        }
        if isDirectory.boolValue {
            throw CLIError.usage("\(options.path) is a folder; check takes one spec file (`quorum list \(options.path)` shows them)")
        }
        let compiler = try SpecCompiler.locate()
        let program = try compiler.program(for: file)
        var arguments = options.parameters
        if let type = options.specType { arguments = ["--spec", type] + arguments }
        let catalog = try compiler.catalog(program, arguments: arguments)
        guard !catalog.entries.isEmpty else {
            throw CLIError.usage("\(options.path) declares no spec named \(options.specType ?? "?")")
        }
        guard catalog.entries.count == 1 else {
            throw CLIError.usage("\(options.path) declares several specs (\(catalog.entries.map(\.type).joined(separator: ", "))); choose one with --spec")
        }
        let entry = catalog.entries[0]
        if let error = entry.error { throw CLIError.diagnostics(error) }
        guard let spec = entry.spec else { throw CLIError.spec("\(options.path): the spec could not be built") }
        do { return try spec.validated() } catch { throw CLIError.diagnostics(error) }
    }
}
