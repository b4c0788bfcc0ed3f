import ExplicitEngine
import Quorum
import QuorumSpecs
import Testing

/// Exact state counts of the shipped specs, pinned against TLC's figures where TLC has them.
@Suite("Shipped specs")
struct ShippedSpecTests {
    func check<S: Specification>(_ type: S.Type, _ parameters: [String: Int] = [:],
                                 _ configure: (inout ExplorationOptions) -> Void = { _ in }) throws -> CheckResult {
        var options = ExplorationOptions()
        configure(&options)
        return try Explorer(spec: S.instantiate(parameters)).run(options)
    }

    @Test("two-phase commit with 3 resource managers has TLC's 288 states, 1146 generated, depth 11")
    func twoPhaseCommitDefault() throws {
        let result = try check(TwoPhaseCommit.self)
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 288)
        #expect(result.statistics.generatedStates == 1146)
        #expect(result.statistics.depth == 11)
        #expect(result.properties.map(\.status) == [.holds, .holds, .witnessFound, .witnessFound])
    }
}

extension ShippedSpecTests {
    @Test("paxos default")
    func paxosDefault() throws {
        let result = try check(Paxos.self)
        print(result.statistics, result.properties.map(\.status))
    }
}

extension ShippedSpecTests {
    @Test("buggy")
    func buggy() throws {
        for result in [try check(TwoPhaseCommitEarlyCommit.self), try check(PaxosVoteBelowPromise.self)] {
            print(result.verdict, result.statistics, result.properties.map { ($0.status, $0.trace?.steps.count, $0.trace?.steps.map { "\($0.action)\($0.arguments.map(\.value))" }) })
        }
    }
}
