import ExplicitEngine
import Quorum
import QuorumSpecs
import SpecIR
import Testing
import TestSupport

/// Irrelevant entries left out of state identity: fewer states, the same verdicts and
/// shortest traces, and traces that replay (the search keeps the states as reached).
///
/// The search depth may shrink: a state whose irrelevant entries took longest to reach
/// counts as one reached sooner.
@Suite("Irrelevance")
struct IrrelevanceTests {
    func run(_ spec: Spec, irrelevance: Bool, symmetry: Bool? = nil) throws -> CheckResult {
        var options = ExplorationOptions()
        options.irrelevance = irrelevance
        options.symmetry = symmetry
        options.stopAtFirstViolation = false
        return try Explorer(spec: spec).run(options)
    }

    @Test("workers: 121 states, depth 15; 81 and depth 13 with scratch irrelevant while idle; the same 12-step witness")
    func workers() throws {
        let spec = try ToySpecs.workers().validated()
        let plain = try run(spec, irrelevance: false)
        let reduced = try run(spec, irrelevance: true)
        #expect(plain.verdict == .holds && reduced.verdict == .holds)
        #expect(plain.statistics.distinctStates == 121)
        #expect(reduced.statistics.distinctStates == 81)
        #expect(plain.statistics.depth == 15)
        #expect(reduced.statistics.depth == 13)
        #expect(plain.statistics.irrelevant == nil)
        #expect(reduced.statistics.irrelevant == ["scratch"])
        let witness = try #require(reduced.properties.first { $0.name == "both finished twice" }?.trace)
        #expect(witness.steps.count == 12)
        #expect(witness.steps.count == plain.properties.first { $0.name == "both finished twice" }?.trace?.steps.count)
        #expect(try Explorer(spec: spec).replay(witness) == nil)
    }

    @Test("Raft, 2 servers, terms ≤ 3: 18575 states, depth 41; 9026 with irrelevant entries left out, 4532 up to renaming too, depth 37; every verdict and witness length kept")
    func raftTwoServers() throws {
        let spec = try Raft.instantiate(RaftTests.twoServers)
        let plain = try run(spec, irrelevance: false, symmetry: false)
        let reduced = try run(spec, irrelevance: true, symmetry: false)
        let both = try run(spec, irrelevance: true, symmetry: true)
        #expect(plain.statistics.distinctStates == 18575)
        #expect(reduced.statistics.distinctStates == 9026)
        #expect(both.statistics.distinctStates == 4532)
        #expect(plain.statistics.depth == 41)
        for result in [reduced, both] {
            #expect(result.verdict == .holds)
            #expect(result.statistics.depth == 37)
            #expect(result.properties.map(\.status) == plain.properties.map(\.status))
            #expect(result.properties.map { $0.trace?.steps.count } == plain.properties.map { $0.trace?.steps.count })
        }
        #expect(reduced.statistics.irrelevant == ["votesResponded", "votesGranted", "nextIndex", "matchIndex"])
    }

    @Test("Raft's bugs keep their shortest traces with irrelevant entries left out, and the traces replay",
          arguments: [("RaftNaiveReplication", "log matching", 16), ("RaftHalfVotes", "election safety", 10)])
    func raftBugs(name: String, property: String, steps: Int) throws {
        let spec = try name == "RaftHalfVotes" ? RaftHalfVotes.instantiate(["servers": 2])
            : RaftNaiveReplication.instantiate(["servers": 2])
        let plain = try run(spec, irrelevance: false)
        let reduced = try run(spec, irrelevance: true)
        for result in [plain, reduced] {
            let violated = try #require(result.properties.first { $0.name == property })
            #expect(violated.status == .violated)
            let trace = try #require(violated.trace)
            #expect(trace.steps.count == steps)
            #expect(try Explorer(spec: spec).replay(trace) == nil)
        }
        #expect(reduced.statistics.distinctStates < plain.statistics.distinctStates)
    }
}
