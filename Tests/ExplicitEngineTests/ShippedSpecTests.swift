import ExplicitEngine
import Quorum
import QuorumSpecs
import Testing

/// Exact state counts of the shipped specs, pinned; TLC's figures where TLC has them.
@Suite("Shipped specs")
struct ShippedSpecTests {
    func check<S: Specification>(_ type: S.Type, _ parameters: [String: Int] = [:]) throws -> CheckResult {
        try Explorer(spec: S.instantiate(parameters)).run()
    }

    @Test("two-phase commit, 3 resource managers: TLC's 288 states, 1146 generated, depth 11")
    func twoPhaseCommitDefault() throws {
        let result = try check(TwoPhaseCommit.self)
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 288)
        #expect(result.statistics.generatedStates == 1146)
        #expect(result.statistics.depth == 11)
        // Two invariants, six auxiliary ones (for `prove`), two witnesses.
        #expect(result.properties.map(\.status) == Array(repeating: .holds, count: 8) + [.witnessFound, .witnessFound])
    }

    @Test("two-phase commit, 4 resource managers: 1568 states, depth 14")
    func twoPhaseCommitFour() throws {
        let result = try check(TwoPhaseCommit.self, ["resourceManagers": 4])
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 1568)
        #expect(result.statistics.generatedStates == 8258)
        #expect(result.statistics.depth == 14)
    }

    @Test("two-phase commit, 6 resource managers: the 50816 states TwoPhase.tla reports for TLC")
    func twoPhaseCommitSix() throws {
        let result = try check(TwoPhaseCommit.self, ["resourceManagers": 6])
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 50816)
        #expect(result.statistics.depth == 20)
    }

    @Test("Paxos, 3 acceptors, 2 values, ballots 0...1: TLC's 3921 states, depth 17")
    func paxosDefault() throws {
        let result = try check(Paxos.self)
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 3921)
        #expect(result.statistics.generatedStates == 22995)
        #expect(result.statistics.depth == 17)
        // Agreement, five auxiliary invariants (for `prove`), one witness.
        #expect(result.properties.map(\.status) == Array(repeating: .holds, count: 6) + [.witnessFound])
        #expect(result.properties.last?.trace?.steps.count == 6)
    }

    @Test("Paxos, 1 acceptor, 1 value: TLC's MCPaxos figures, 25 states, 82 generated, depth 9")
    func paxosSingle() throws {
        let result = try check(Paxos.self, ["acceptors": 1, "values": 1])
        #expect(result.statistics.distinctStates == 25)
        #expect(result.statistics.generatedStates == 82)
        #expect(result.statistics.depth == 9)
    }

    @Test("Paxos, 3 acceptors, 1 value: 1681 states, depth 17")
    func paxosOneValue() throws {
        let result = try check(Paxos.self, ["values": 1])
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 1681)
        #expect(result.statistics.depth == 17)
    }

    @Test("two-phase commit that commits early: consistency fails after 5 steps")
    func earlyCommit() throws {
        let explorer = Explorer(spec: try TwoPhaseCommitEarlyCommit.instantiate())
        let result = try explorer.run()
        #expect(result.verdict == .violated)
        let property = try #require(result.properties.first { $0.status == .violated })
        #expect(property.name == "consistency")
        let trace = try #require(property.trace)
        #expect(trace.steps.map(\.action) == ["RMPrepare", "TMRcvPrepared", "TMCommit", "RMChooseToAbort", "RMRcvCommitMsg"])
        #expect(try explorer.replay(trace) == nil)
    }

    @Test("Paxos voting below its promise: agreement fails after 12 steps")
    func voteBelowPromise() throws {
        let explorer = Explorer(spec: try PaxosVoteBelowPromise.instantiate())
        let result = try explorer.run()
        #expect(result.verdict == .violated)
        let property = try #require(result.properties.first { $0.status == .violated })
        #expect(property.name == "agreement")
        let trace = try #require(property.trace)
        #expect(trace.steps.count == 12)
        #expect(try explorer.replay(trace) == nil)
    }
}
