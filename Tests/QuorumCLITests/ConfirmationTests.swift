import ExplicitEngine
@testable import QuorumCLI
import Quorum
import QuorumSpecs
import Testing

/// Symbolic results are replayed by the explicit engine before they are shown; one
/// that does not replay is an internal error, never printed as a finding.
@Suite("Confirmation of symbolic results")
struct ConfirmationTests {
    func spec() throws -> Spec { try TwoPhaseCommitEarlyCommit.instantiate([:]) }

    func result(_ trace: Trace) throws -> CheckResult {
        CheckResult(spec: "TwoPhaseCommitEarlyCommit", engine: "bmc", parameters: [:], verdict: .violated,
                    properties: [PropertyResult(name: "consistency", kind: .always, status: .violated, trace: trace)],
                    statistics: Statistics())
    }

    @Test("a trace that replays and ends in a violation is confirmed")
    func confirmed() throws {
        let spec = try spec()
        let explicit = try Explorer(spec: spec).run()
        let trace = try #require(explicit.properties.first { $0.name == "consistency" }?.trace)
        try Confirmation(spec: spec).confirm(try result(trace))
    }

    @Test("a step the spec cannot take is an internal error")
    func forgedStep() throws {
        let spec = try spec()
        let explicit = try Explorer(spec: spec).run()
        var trace = try #require(explicit.properties.first { $0.name == "consistency" }?.trace)
        trace.steps[0].action = "TMCommit"
        #expect {
            try Confirmation(spec: spec).confirm(try result(trace))
        } throws: { error in
            guard case let .internal(message) = error as? CLIError else { return false }
            return message.contains("step 1 of the trace for \"consistency\"")
        }
    }

    @Test("a trace that ends where the property holds is an internal error")
    func wrongEnd() throws {
        let spec = try spec()
        let explicit = try Explorer(spec: spec).run()
        var trace = try #require(explicit.properties.first { $0.name == "consistency" }?.trace)
        trace.steps.removeLast()
        #expect {
            try Confirmation(spec: spec).confirm(try result(trace))
        } throws: { error in
            guard case let .internal(message) = error as? CLIError else { return false }
            return message.contains("the explicit engine finds the property holds")
        }
    }
}
