import ArgumentParser
import Foundation
import Reporting
import SpecIR
import SymbolicEngine

/// `quorum prove <file>`: proves invariants inductive with Z3, for the spec's instance.
struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prove invariants inductive with Z3: they hold at every depth of this instance.",
        discussion: """
            Initiation (every initial state satisfies the invariants) and consecution (the \\
            invariants and one step of any action imply them after it), action by action. The \\
            spec's auxiliary invariants (Always(…, auxiliary: true)) are proven with the chosen \\
            ones. A proof covers the parameter values given, not other sizes. When consecution \\
            fails the counterexample to induction is printed: it need not be reachable.
            """)

    @OptionGroup var spec: SpecOptions

    @Option(name: .customLong("invariant"), help: "An invariant to prove (repeatable); default: every invariant.")
    var invariants: [String] = []

    @Flag(name: .customLong("no-auxiliary"), help: "Do not assume the spec's auxiliary invariants (to see why they are needed).")
    var noAuxiliary = false

    @Option(name: .customLong("k"), help: "k-induction: assume the invariants along k different states (ghosts included) before the step.")
    var k: Int = 1

    @Option(name: .customLong("timeout"), help: "Give up (unknown, exit 3) after this long (e.g. 90s, 5m).")
    var timeout: String?

    @Option(name: .customLong("format"), help: "Output format: text or json.")
    var format: Check.OutputFormat = .text

    func validate() throws {
        if k < 1 { throw ValidationError("--k must be at least 1") }
        if let timeout, parseSeconds(timeout) == nil { throw ValidationError("--timeout: cannot read '\(timeout)' as a duration (try 90s or 5m)") }
    }

    func run() throws {
        do {
            try prove()
        } catch let error as CLIError where format == .json {
            print(JSONReport.encode(error.json))
            throw error
        }
    }

    func prove() throws {
        let loaded = try SpecLoader.load(spec)
        let prover: InductionProver
        do { prover = try InductionProver(spec: loaded) } catch { throw CLIError(error) }
        var options = ProofOptions()
        options.invariants = invariants
        options.k = k
        options.useAuxiliary = !noAuxiliary
        options.timeoutSeconds = timeout.flatMap(parseSeconds)
        Interrupt.install()
        Interrupt.stop = { prover.interrupt() }
        let result: ProofResult
        do { result = try prover.run(options) } catch { throw CLIError(error) }
        try Confirmation(spec: loaded).confirm(result)
        switch format {
        case .text: print(ProofReport.text(result, spec: loaded), terminator: "")
        case .json: print(ProofReport.json(result, spec: loaded))
        }
        throw ExitCode(result.verdict.exitCode)
    }
}
