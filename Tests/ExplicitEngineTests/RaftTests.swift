import ExplicitEngine
import Quorum
import QuorumSpecs
import SpecIR
import Testing

/// Raft and its classic bugs, pinned: exact counts with and without symmetry reduction,
/// shortest trace lengths, and traces of a symmetric run that replay in the run's names.
///
/// The defaults are checked both ways (about three minutes together; the engine is
/// optimised in debug builds too), the other settings are the small ones explored in
/// seconds.
@Suite("Raft")
struct RaftTests {
    func check<S: Specification>(_ type: S.Type, _ parameters: [String: Int], symmetry: Bool = false,
                                 irrelevance: Bool = false) throws -> CheckResult {
        var options = ExplorationOptions()
        options.symmetry = symmetry
        options.irrelevance = irrelevance
        return try Explorer(spec: S.instantiate(parameters)).run(options)
    }

    static let twoServers = ["servers": 2, "maxTerm": 3, "maxLogLength": 1, "maxMessages": 1]
    static let smallest = ["servers": 2, "maxTerm": 2, "maxLogLength": 1, "maxMessages": 1]

    @Test("the defaults, as the spec declares them symmetric: 322580 states up to renaming servers, depth 53")
    func defaults() throws {
        // No symmetry option: the spec's own `Symmetric(server)` applies, as in `quorum check Specs/Raft.swift`.
        let result = try Explorer(spec: Raft.instantiate([:])).run(ExplorationOptions())
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 322_580)
        #expect(result.statistics.generatedStates == 3_813_460)
        #expect(result.statistics.depth == 53)
        #expect(result.statistics.symmetry == ["s"])
    }

    @Test("the defaults without symmetry: 1931973 states, depth 53, 5.99 times as many")
    func defaultsWithoutSymmetry() throws {
        let result = try check(Raft.self, [:], symmetry: false)
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 1_931_973)
        #expect(result.statistics.generatedStates == 22_844_275)
        #expect(result.statistics.depth == 53)
        #expect(result.statistics.symmetry == nil)
    }

    @Test("the defaults as quorum check runs them, up to renaming and with irrelevant entries left out: 77083 states, depth 37; 460497 without symmetry")
    func defaultsWithIrrelevance() throws {
        let reduced = try check(Raft.self, [:], symmetry: true, irrelevance: true)
        #expect(reduced.verdict == .holds)
        #expect(reduced.statistics.distinctStates == 77_083)
        #expect(reduced.statistics.generatedStates == 1_022_816)
        #expect(reduced.statistics.depth == 37)
        let unrenamed = try check(Raft.self, [:], symmetry: false, irrelevance: true)
        #expect(unrenamed.verdict == .holds)
        #expect(unrenamed.statistics.distinctStates == 460_497)
        #expect(unrenamed.statistics.generatedStates == 6_113_419)
        #expect(unrenamed.statistics.depth == 37)
        #expect(unrenamed.statistics.irrelevant == ["votesResponded", "votesGranted", "nextIndex", "matchIndex"])
    }

    @Test("2 servers, terms ≤ 3, logs ≤ 1, 1 message: 18575 states, depth 41; 9313 up to renaming servers")
    func twoServers() throws {
        let plain = try check(Raft.self, Self.twoServers)
        #expect(plain.verdict == .holds)
        #expect(plain.statistics.distinctStates == 18575)
        #expect(plain.statistics.generatedStates == 147375)
        #expect(plain.statistics.depth == 41)
        // Raft's five safety properties, its two witnesses, and the proofs' 29 auxiliary invariants.
        #expect(plain.properties.map(\.status) == Array(repeating: .holds, count: 5) + [.witnessFound, .witnessFound]
            + Array(repeating: .holds, count: 29))
        #expect(plain.statistics.symmetry == nil)

        let reduced = try check(Raft.self, Self.twoServers, symmetry: true)
        #expect(reduced.verdict == .holds)
        #expect(reduced.statistics.distinctStates == 9313)
        #expect(reduced.statistics.depth == 41)
        #expect(reduced.statistics.symmetry == ["s"])
        // Witnesses are as short either way.
        #expect(reduced.properties.map { $0.trace?.steps.count } == plain.properties.map { $0.trace?.steps.count })
    }

    @Test("2 servers, terms ≤ 2, logs ≤ 1, 1 message: 1645 states, depth 28; 831 up to renaming servers")
    func smallest() throws {
        let plain = try check(Raft.self, Self.smallest)
        #expect(plain.verdict == .holds)
        #expect(plain.statistics.distinctStates == 1645)
        #expect(plain.statistics.generatedStates == 12861)
        #expect(plain.statistics.depth == 28)
        let reduced = try check(Raft.self, Self.smallest, symmetry: true)
        #expect(reduced.statistics.distinctStates == 831)
        #expect(reduced.statistics.depth == 28)
    }

    @Test("the seed's naive replication breaks log matching in 16 steps, with or without symmetry")
    func naiveReplication() throws {
        for symmetry in [false, true] {
            let explorer = Explorer(spec: try RaftNaiveReplication.instantiate(["servers": 2]))
            var options = ExplorationOptions()
            options.symmetry = symmetry
            let result = try explorer.run(options)
            #expect(result.verdict == .violated)
            let property = try #require(result.properties.first { $0.status == .violated })
            #expect(property.name == "log matching")
            let trace = try #require(property.trace)
            #expect(trace.steps.count == 16)
            // The symmetric run's trace is a real behaviour in the run's own names: it replays.
            #expect(try explorer.replay(trace) == nil)
            #expect(result.statistics.distinctStates == (symmetry ? 880 : 2088))
        }
    }

    @Test("at their defaults, with the declared symmetry, the log-check and half-votes bugs have their documented shortest traces, also with irrelevant entries left out",
          arguments: [("RaftVoteWithoutLogCheck", "leader completeness", 25, 995_989, 415_471),
                      ("RaftHalfVotes", "election safety", 18, 172_308, 111_851)])
    func bugsAtDefaults(name: String, property: String, steps: Int, states: Int, reducedStates: Int) throws {
        let spec = try name == "RaftHalfVotes" ? RaftHalfVotes.instantiate([:]) : RaftVoteWithoutLogCheck.instantiate([:])
        let explorer = Explorer(spec: spec)
        for irrelevance in [false, true] {
            var options = ExplorationOptions()
            options.irrelevance = irrelevance
            let result = try explorer.run(options)
            #expect(result.verdict == .violated)
            let violated = try #require(result.properties.first { $0.status == .violated })
            #expect(violated.name == property)
            let trace = try #require(violated.trace)
            #expect(trace.steps.count == steps)
            #expect(try explorer.replay(trace) == nil)
            #expect(result.statistics.distinctStates == (irrelevance ? reducedStates : states))
            #expect(result.statistics.symmetry == ["s"])
        }
    }

    @Test("a trace found up to renaming names the servers the run used, step by step")
    func symmetricTraceNames() throws {
        var options = ExplorationOptions()
        options.symmetry = true
        let explorer = Explorer(spec: try Raft.instantiate(Self.smallest))
        let result = try explorer.run(options)
        let witness = try #require(result.properties.first { $0.name == "an entry is committed" }?.trace)
        #expect(try explorer.replay(witness) == nil)
        // Breadth-first order tries s1 first: the first timeout is s1's, as without symmetry.
        #expect(witness.steps.first?.action == "Timeout")
        #expect(witness.steps.first?.arguments.map(\.value) == [.int(0)])
    }

    /// The steps of Figure 8 of the Raft paper in RaftCommitOldTerm's model, each an action
    /// and its server arguments (a message action takes the one message in flight).
    ///
    /// Four elections, each raft.tla's nine steps: a timeout, the candidate's vote request to
    /// itself and to one other server with their handling (the other first adopts the newer
    /// term), and becoming leader. s1 leads term 2 and appends an entry; s2 leads term 3 with
    /// s3's vote and appends another at the same index; s1 restarts, times out twice, leads
    /// term 4 with s3's vote and, after one refused AppendEntries that moves its nextIndex
    /// back, gives s3 its term-2 entry and counts it committed (the bug); s2 restarts, times
    /// out twice and leads term 5 with s3's vote, though its log lacks the committed entry.
    static let figure8: [(action: String, servers: [Int])] = {
        func election(_ c: Int, _ voter: Int, timeouts: Int) -> [(String, [Int])] {
            Array(repeating: ("Timeout", [c]), count: timeouts)
                + [("RequestVote", [c, c]), ("HandleRequestVoteRequest", []), ("HandleRequestVoteResponse", []),
                   ("RequestVote", [c, voter]), ("UpdateTerm", []), ("HandleRequestVoteRequest", []),
                   ("HandleRequestVoteResponse", []), ("BecomeLeader", [c])]
        }
        let replicate: [(String, [Int])] = [
            ("AppendEntries", [0, 2]), ("HandleAppendEntriesRequest", []), ("HandleAppendEntriesResponse", []),
            ("AppendEntries", [0, 2]), ("HandleAppendEntriesRequest", []), ("HandleAppendEntriesRequest", []),
            ("HandleAppendEntriesResponse", []), ("AdvanceCommitIndex", [0]),
        ]
        let steps: [(String, [Int])] = election(0, 1, timeouts: 1) + [("ClientRequest", [0])]
            + election(1, 2, timeouts: 1) + [("ClientRequest", [1])]
            + [("restart", [0])] + election(0, 2, timeouts: 2) + replicate
            + [("restart", [1])] + election(1, 2, timeouts: 2)
        return steps.map { (action: $0.0, servers: $0.1) }
    }()

    /// Takes the steps of `figure8` in a spec, checking that each is the only match and
    /// stays inside the state constraint; returns the explorer and the trace.
    func walkFigure8(_ spec: Spec) throws -> (Explorer, Trace) {
        let explorer = Explorer(spec: spec)
        var trace = Trace(initial: try #require(explorer.initialStates().first))
        for (number, (action, servers)) in Self.figure8.enumerated() {
            let matching = try explorer.successors(of: trace.last, by: action).filter { step in
                Array(step.arguments.prefix(servers.count).map(\.value)) == servers.map { Value.int($0) }
            }
            try #require(matching.count == 1, "step \(number + 1), \(action)\(servers): \(matching.count) successors match")
            #expect(try explorer.holds("leader completeness", in: trace.last))
            trace.steps.append(matching[0])
            #expect(try explorer.isInside(trace.last))
        }
        return (explorer, trace)
    }

    @Test("Figure 8 is a 50-step behaviour of the commit-old-term bug that breaks leader completeness only at its last step")
    func figure8() throws {
        let (explorer, trace) = try walkFigure8(RaftCommitOldTerm.instantiate([:]))
        #expect(trace.steps.count == 50)
        #expect(try !explorer.holds("leader completeness", in: trace.last))
        #expect(try explorer.replay(trace) == nil)
    }

    @Test("the same 50 steps in Raft, at the bug file's bounds, commit nothing and break nothing")
    func figure8InRaft() throws {
        let bounds = ["servers": 3, "values": 1, "maxTerm": 5, "maxLogLength": 1, "maxCopies": 1, "maxMessages": 1]
        let (explorer, trace) = try walkFigure8(Raft.instantiate(bounds))
        #expect(try explorer.holds("leader completeness", in: trace.last))
        let commitIndex = try #require(explorer.spec.variables.firstIndex { $0.name == "commitIndex" })
        #expect(trace.last[commitIndex] == trace.initial[commitIndex])
    }

    @Test("the variants differ from Raft in one action each")
    func variantsReplaceOneAction() throws {
        // At Raft's defaults, so that sorts agree and only the replaced action differs.
        let defaults = ["servers": 3, "values": 1, "maxTerm": 2, "maxLogLength": 1, "maxCopies": 1, "maxMessages": 1]
        let raft = try Raft.instantiate(defaults)
        let variants = [("HandleAppendEntriesRequest", try RaftNaiveReplication.instantiate(defaults), false),
                        ("HandleRequestVoteRequest", try RaftVoteWithoutLogCheck.instantiate(defaults), true),
                        ("AdvanceCommitIndex", try RaftCommitOldTerm.instantiate(defaults), false),
                        ("BecomeLeader", try RaftHalfVotes.instantiate(defaults), false)]
        for (replaced, spec, keepsAuxiliary) in variants {
            #expect(spec.actions.map(\.name) == raft.actions.map(\.name))
            #expect(zip(spec.actions, raft.actions).filter { $0.body != $1.body }.map(\.0.name) == [replaced])
            // A variant keeps Raft's properties; the auxiliary invariants of its proofs only
            // where the bug leaves them true (the log-check bug, for bounded model checking).
            #expect(spec.properties == raft.properties.filter { keepsAuxiliary || !$0.isAuxiliary })
            // With the auxiliary invariants, which read a leader's tallies, only a follower's
            // are irrelevant, as in Raft; without them, any non-candidate's.
            #expect((spec.irrelevance == raft.irrelevance) == keepsAuxiliary)
            #expect(raft.properties.filter(\.isAuxiliary).count == 29)
            #expect(spec.variables == raft.variables)
        }
    }
}
