import ArgumentParser
import Foundation

/// `quorum`: check distributed-protocol specs written in the Quorum Swift DSL.
struct QuorumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quorum",
        abstract: "A model checker for distributed protocols.",
        discussion: """
            Exit codes: 0 every property holds (prove: proven); 1 a property is violated, \
            or a witness or deadlock check fails (prove: not inductive); 2 usage or spec error; \
            3 incomplete (a limit was hit, bounded model checking found nothing within its \
            depth, or the solver could not decide); 4 the engines disagree (--engine both: a \
            bug); 5 internal error (a symbolic result did not replay: a bug).
            """,
        subcommands: [Check.self, Prove.self, List.self])
}

/// Options shared by the commands that load a spec file.
struct SpecOptions: ParsableArguments {
    @ArgumentParser.Argument(help: "A Swift spec file (or, for list, a folder of them).")
    var path: String

    @Option(name: .customLong("param"), help: ArgumentHelp("Set a spec parameter, as name=value (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Option(name: .customLong("spec"), help: "The spec type to use when the file declares several.")
    var specType: String?
}
