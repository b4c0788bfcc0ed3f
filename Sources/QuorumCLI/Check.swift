import ArgumentParser
import ExplicitEngine
import Foundation
import Reporting
import SpecIR
import SymbolicEngine

/// `quorum check <file>`: explores every reachable state and judges every property.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a spec: explore every reachable state within its bounds and judge its properties.")

    @OptionGroup var spec: SpecOptions

    @Flag(name: .customLong("continue"), help: "Keep exploring after a violation, to report every violated property.")
    var continueAfterViolation = false

    @Flag(name: .customLong("deadlock"), help: "Report reachable states in which no action is enabled.")
    var checkDeadlock = false

    @Flag(inversion: .prefixedNo, help: "Symmetry reduction: treat the identities of each node sort the spec never names by a constant as interchangeable. The explicit engine counts states up to renaming them (traces keep the names the run used); bmc asks only for paths that name them in order. Without either flag, a spec's declared symmetry (Symmetric) applies; --no-symmetry counts every state and asks for every path.")
    var symmetry: Bool?

    @Option(name: .customLong("max-states"), help: "Stop (incomplete) after this many distinct states.")
    var maxStates: Int?

    @Option(name: .customLong("max-depth"), help: "Explore only this many breadth-first levels (initial states are level 1).")
    var maxDepth: Int?

    @Option(name: .customLong("max-memory"), help: "Stop (incomplete) when resident memory reaches this size (e.g. 4G, 512M; default: three quarters of physical memory).")
    var maxMemory: String?

    @Option(name: .customLong("timeout"), help: "Stop (incomplete) after this long (e.g. 90s, 5m).")
    var timeout: String?

    @Flag(name: .customLong("no-auxiliary"), help: "Do not check the spec's auxiliary invariants (Always(…, auxiliary: true)), written to make others inductive for `quorum prove`.")
    var noAuxiliary = false

    @Flag(name: .customLong("no-irrelevance"), help: "Count states that differ only in entries the spec declares irrelevant (Irrelevant) as different. Without this flag the explicit engine leaves such entries out of state identity, once Z3 has confirmed the declarations (a confirmation is remembered for the same spec and build).")
    var noIrrelevance = false

    @Flag(name: .customLong("quiet"), help: "No progress line on standard error.")
    var quiet = false

    @Option(name: .customLong("format"), help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .customLong("engine"), help: """
        The engine: explicit (breadth-first search over every reachable state), bmc (bounded \
        model checking with Z3, paths of up to --depth steps) or both (each to --depth steps; \
        their findings must agree).
        """)
    var engine: Engine = .explicit

    @Option(name: .customLong("depth"), help: "For --engine bmc and both: the most steps a path may take.")
    var depth: Int = 10

    enum OutputFormat: String, ExpressibleByArgument {
        case text, json
    }

    /// The engines that can check a spec; the symbolic ones (bounded model checking with Z3)
    /// read the same IR and join here.
    enum Engine: String, ExpressibleByArgument {
        case explicit, bmc, both
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
        if depth < 0 { throw ValidationError("--depth must be at least 0") }
        if engine != .explicit {
            if maxDepth != nil { throw ValidationError("--engine \(engine.rawValue) checks paths of up to --depth steps; use --depth, not --max-depth") }
        }
        if engine == .bmc {
            if maxStates != nil || maxMemory != nil {
                throw ValidationError("--max-states and --max-memory limit the explicit engine; bounded model checking stops at --depth or --timeout")
            }
        }
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
        var loaded = try SpecLoader.load(spec)
        if noAuxiliary { loaded.properties.removeAll(where: \.isAuxiliary) }
        switch engine {
        case .explicit: try explicit(loaded)
        case .bmc: try bounded(loaded)
        case .both: try both(loaded)
        }
    }

    func explorationOptions() -> ExplorationOptions {
        var options = ExplorationOptions()
        options.stopAtFirstViolation = !continueAfterViolation
        options.checkDeadlock = checkDeadlock
        options.symmetry = symmetry
        options.maxStates = maxStates
        options.maxDepth = maxDepth
        options.maxMemoryBytes = maxMemory.flatMap(parseBytes) ?? ExplorationOptions.defaultMaxMemoryBytes
        options.timeoutSeconds = timeout.flatMap(parseSeconds)
        Interrupt.install()
        options.isInterrupted = { Interrupt.requested.load(ordering: .relaxed) }
        if showProgress {
            options.progress = { s in
                StandardError.write(String(format: "\r\u{1B}[K%d states, depth %d, frontier %d, %.0f states/s",
                                           s.distinctStates, s.depth, s.frontier, s.statesPerSecond))
            }
        }
        return options
    }

    var showProgress: Bool { !quiet && StandardError.isTerminal }

    func explicit(_ loaded: Spec) throws {
        let result = try search(loaded, explorationOptions())
        output(result, loaded)
        throw ExitCode(result.verdict.exitCode)
    }

    /// The explicit search, leaving the spec's irrelevant entries out of state identity
    /// only when it declares some, the run does not turn them off, and Z3 confirms the
    /// declarations. A refuted declaration is an error in the spec; one Z3 cannot decide
    /// (or encode) is not used, and a note says so.
    ///
    /// Z3 checks on a thread of its own while the search runs with the declarations
    /// (`IrrelevanceTask`); the search's result stands only if Z3 confirms them, and is
    /// searched again without them if Z3 cannot say. A confirmation is remembered for the
    /// same spec and build (`ConfirmationCache`), so a later run does not ask again.
    func search(_ loaded: Spec, _ options: ExplorationOptions) throws -> CheckResult {
        var plain = options
        plain.irrelevance = false
        guard !noIrrelevance, let first = loaded.irrelevance.first else { return try explore(loaded, plain) }
        /// The search without the declarations, after a note saying why they are not used.
        func withoutDeclarations(_ why: String) throws(CLIError) -> CheckResult {
            note("the irrelevance declarations are not used: \(why)")
            return try explore(loaded, plain)
        }
        var options = options
        options.irrelevance = true
        if let seconds = ConfirmationCache.standard.confirmation(of: loaded) {
            var result = try explore(loaded, options)
            result.statistics.irrelevanceCheckSeconds = seconds
            result.statistics.irrelevanceCheckCached = true
            return result
        }
        let limit = min(timeout.flatMap(parseSeconds) ?? IrrelevanceCheck.defaultTimeout, IrrelevanceCheck.defaultTimeout)
        let task = IrrelevanceTask(spec: loaded, timeoutSeconds: limit)
        let interrupted = options.isInterrupted
        options.isInterrupted = { interrupted?() == true || task.isUnconfirmed }
        // Ctrl-C stops Z3 too, also while the finished search waits for it.
        Interrupt.stop = { task.interrupt() }
        if Interrupt.requested.load(ordering: .relaxed) { task.interrupt() }
        let searched = Result { () throws(CLIError) -> CheckResult in try explore(loaded, options) }
        let answer = task.wait()
        Interrupt.stop = nil
        let verdict: IrrelevanceVerdict
        switch answer {
        case let .success(answer): verdict = answer
        case let .failure(.unsupported(error)):
            let reason = error.diagnostics.first?.message ?? "the symbolic engine cannot encode the spec"
            return try withoutDeclarations("Z3 cannot check them (\(reason))")
        case let .failure(error): throw CLIError(error)
        }
        switch verdict.status {
        case .confirmed:
            ConfirmationCache.standard.record(loaded, seconds: verdict.seconds)
            var result = try searched.get()
            result.statistics.irrelevanceCheckSeconds = verdict.seconds
            result.statistics.irrelevanceCheckCached = false
            return result
        case .unknown:
            return try withoutDeclarations("Z3 could not confirm them (\(verdict.reason ?? "unknown"))")
        case .refuted:
            var message = (verdict.declaration == nil ? "the irrelevance declarations do not hold together: " : "the declaration does not hold: ")
                + (verdict.reason ?? "Z3 tells two states apart")
            let blamed = verdict.declaration.map { loaded.irrelevance[$0] }
            if let states = verdict.states {
                // What differs, and what the conditions read (where the entries are irrelevant).
                let read = (blamed.map { [$0] } ?? loaded.irrelevance).reduce(into: Set<String>()) { $0.formUnion($1.condition.variablesRead) }
                let shown = loaded.variables.indices.filter { states.first[$0] != states.second[$0] || read.contains(loaded.variables[$0].name) }
                for index in shown {
                    let variable = loaded.variables[index]
                    message += "\n  \(variable.name): \(ValueFormat.text(states.first[index], variable.sort))"
                        + " / \(ValueFormat.text(states.second[index], variable.sort))"
                }
            }
            if let step = verdict.step {
                let arguments = step.arguments.map { "\($0.name) = \(ValueFormat.text($0.value, $0.sort))" }
                message += "\n  step: \(step.action)(\(arguments.joined(separator: ", ")))"
            }
            throw CLIError.diagnostics(SpecError([Diagnostic(
                location: blamed?.location ?? first.location,
                context: "irrelevance of '\(blamed?.variable ?? first.variable)'", message: message)]))
        }
    }

    /// One run of the explicit engine; its progress line is cleared after it.
    func explore(_ loaded: Spec, _ options: ExplorationOptions) throws(CLIError) -> CheckResult {
        defer { if showProgress { StandardError.write("\r\u{1B}[K") } }
        do { return try Explorer(spec: loaded).run(options) } catch { throw CLIError.diagnostics(error) }
    }

    /// A note on standard error, after clearing the progress line.
    func note(_ text: String) {
        if showProgress { StandardError.write("\r\u{1B}[K") }
        StandardError.write("note: \(text)\n")
    }

    func output(_ result: CheckResult, _ loaded: Spec) {
        switch format {
        case .text: print(TextReport.render(result, spec: loaded), terminator: "")
        case .json: print(JSONReport.render(result, spec: loaded))
        }
    }

    /// Bounded model checking; every trace it finds is replayed by the explicit engine first.
    func boundedResult(_ loaded: Spec, stopAtFirstViolation: Bool) throws -> CheckResult {
        let checker: BoundedModelChecker
        do { checker = try BoundedModelChecker(spec: loaded) } catch { throw CLIError(error) }
        var options = BoundedOptions()
        options.depth = depth
        options.symmetry = symmetry
        options.stopAtFirstViolation = stopAtFirstViolation
        options.checkDeadlock = checkDeadlock
        options.timeoutSeconds = timeout.flatMap(parseSeconds)
        if showProgress {
            options.progress = { k, seconds in
                StandardError.write(String(format: "\r\u{1B}[Kbmc: depth %d checked (%.2f s)", k, seconds))
            }
        }
        Interrupt.install()
        Interrupt.stop = { checker.interrupt() }
        defer { Interrupt.stop = nil }
        let result: CheckResult
        do {
            result = try checker.run(options)
        } catch let SymbolicError.evaluation(_, trace) {
            if showProgress { StandardError.write("\r\u{1B}[K") }
            // The explicit engine must fail there too; its message is the one shown.
            let error = try Confirmation(spec: loaded).confirmFailure(trace)
            StandardError.write(TextReport.render(trace, spec: loaded, title: "Trace to the state where evaluation fails"))
            throw CLIError.diagnostics(error)
        } catch {
            throw CLIError(error)
        }
        if showProgress { StandardError.write("\r\u{1B}[K") }
        try Confirmation(spec: loaded).confirm(result)
        return result
    }

    func bounded(_ loaded: Spec) throws {
        let result = try boundedResult(loaded, stopAtFirstViolation: !continueAfterViolation)
        output(result, loaded)
        throw ExitCode(result.verdict.exitCode)
    }

    /// Both engines to the same depth; their findings must agree property by property.
    func both(_ loaded: Spec) throws {
        var options = explorationOptions()
        options.stopAtFirstViolation = false
        options.maxDepth = depth + 1
        let explicitResult = try search(loaded, options)
        if case let .incomplete(limit) = explicitResult.verdict, limit != .maxDepth {
            output(explicitResult, loaded)
            StandardError.write("The explicit engine stopped at its \(limit.rawValue) limit, so the engines cannot be compared.\n")
            throw ExitCode(ExitCodes.incomplete)
        }
        let boundedResult = try self.boundedResult(loaded, stopAtFirstViolation: false)
        if case .incomplete(let limit) = boundedResult.verdict, limit != .depth {
            output(boundedResult, loaded)
            StandardError.write("Bounded model checking stopped early (\(limit.rawValue)), so the engines cannot be compared.\n")
            throw ExitCode(ExitCodes.incomplete)
        }
        let discrepancies = CrossCheck.compare(explicit: explicitResult, bounded: boundedResult)
        switch format {
        case .text:
            print(TextReport.render(explicitResult, spec: loaded), terminator: "")
            print("")
            print(TextReport.crossCheck(explicitResult, boundedResult, discrepancies, depth: depth), terminator: "")
        case .json:
            print(JSONReport.crossCheck(explicitResult, boundedResult, discrepancies, spec: loaded,
                                        exitCode: discrepancies.isEmpty ? explicitResult.verdict.exitCode : ExitCodes.disagreement))
        }
        if !discrepancies.isEmpty { throw ExitCode(ExitCodes.disagreement) }
        throw ExitCode(explicitResult.verdict.exitCode)
    }
}

extension CLIError {
    /// The CLI's view of a symbolic-engine error.
    init(_ error: any Error) {
        switch error {
        case let error as CLIError: self = error
        case let SymbolicError.unsupported(specError): self = .diagnostics(specError)
        case let SymbolicError.evaluation(diagnostic, _): self = .diagnostics(SpecError([diagnostic]))
        case let SymbolicError.solver(message): self = .internal("Z3: \(message)")
        default: self = .internal("\(error)")
        }
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
