import ExplicitEngine
import Quorum
import QuorumSpecs
import SymbolicEngine
import Testing

@Suite("Induction proofs")
struct InductionProverTests {
    @Test("two-phase commit's consistency is inductive with its auxiliary invariants")
    func twoPhaseCommit() throws {
        let result = try InductionProver(spec: TwoPhaseCommit.instantiate([:])).run()
        #expect(result.verdict == .proven)
        #expect(result.invariants == ["type correctness", "consistency"])
        #expect(result.auxiliary.count == 6)
        #expect(result.obligations.map(\.name) == ["initiation"] + (try TwoPhaseCommit.instantiate([:])).actions.map(\.name))
        #expect(result.obligations.allSatisfy { $0.status == .proven })
    }

    @Test("Paxos agreement is inductive with its auxiliary invariants")
    func paxos() throws {
        var options = ProofOptions()
        options.invariants = ["agreement"]
        let result = try InductionProver(spec: Paxos.instantiate([:])).run(options)
        #expect(result.verdict == .proven)
        #expect(result.invariants == ["agreement"])
        #expect(result.auxiliary.count == 5)
    }

    @Test("Raft's election safety is inductive with its auxiliary invariants, at Raft's defaults")
    func raftElectionSafety() throws {
        var options = ProofOptions()
        options.invariants = ["election safety"]
        let spec = try Raft.instantiate([:])
        let result = try InductionProver(spec: spec).run(options)
        #expect(result.verdict == .proven)
        #expect(result.auxiliary.count == 29)
        #expect(result.obligations.map(\.name) == ["initiation"] + spec.actions.map(\.name))
    }

    @Test("Raft's log matching is inductive with two client values and logs of two entries, over the history of votes and leaders")
    func raftLogMatching() throws {
        var options = ProofOptions()
        options.invariants = ["log matching"]
        let result = try InductionProver(spec: Raft.instantiate(["values": 2, "maxLogLength": 2])).run(options)
        #expect(result.verdict == .proven)
        #expect(result.obligations.allSatisfy { $0.status == .proven })
    }

    @Test("Raft's leader completeness and state machine safety are inductive where one term elects (maxTerm 2), with two values and logs of two entries")
    func raftCommitsOneTerm() throws {
        var options = ProofOptions()
        options.invariants = ["leader completeness", "state machine safety"]
        let result = try InductionProver(spec: Raft.instantiate(["values": 2, "maxLogLength": 2])).run(options)
        #expect(result.verdict == .proven)
        #expect(result.obligations.allSatisfy { $0.status == .proven })
    }

    @Test("with two terms that elect (maxTerm 3) state machine safety is not inductive yet: a leader whose commitIndex is beyond its log appends")
    func raftCommitsTwoTerms() throws {
        var options = ProofOptions()
        options.invariants = ["state machine safety"]
        let spec = try Raft.instantiate(["maxTerm": 3])
        let result = try InductionProver(spec: spec).run(options)
        #expect(result.verdict == .notInductive)
        let c = try #require(result.counterexample)
        #expect(c.kind == .consecution)
        #expect(c.property == "state machine safety")
        let step = try #require(c.step)
        #expect(step.action == "ClientRequest")
        // Appending breaks it only at an index the leader already counts as committed.
        let leader = try #require(step.arguments.first?.value.integer)
        let commitIndex = try #require(spec.variables.firstIndex { $0.name == "commitIndex" })
        let log = try #require(spec.variables.firstIndex { $0.name == "log" })
        #expect(c.state[commitIndex].elements[leader].integer > c.state[log].elements[leader].elements.count)
    }

    @Test("without the auxiliary invariants log matching with two values is not inductive: a leader's new entry")
    func raftLogMatchingAlone() throws {
        let step = try counterexampleAlone(Raft.instantiate(["values": 2]), "log matching")
        #expect(step.action == "ClientRequest")
    }

    @Test("without them election safety is not inductive, and the step is one the explicit engine takes")
    func raftElectionSafetyAlone() throws {
        let step = try counterexampleAlone(Raft.instantiate([:]), "election safety")
        #expect(step.action == "BecomeLeader")
    }

    /// The step of the counterexample to induction for `invariant` alone, after checking that
    /// it starts where the invariant holds, is a step the explicit engine takes, and breaks it.
    func counterexampleAlone(_ spec: Spec, _ invariant: String) throws -> Step {
        var options = ProofOptions()
        options.invariants = [invariant]
        options.useAuxiliary = false
        let result = try InductionProver(spec: spec).run(options)
        #expect(result.verdict == .notInductive)
        let c = try #require(result.counterexample)
        let step = try #require(c.step)
        let explorer = Explorer(spec: spec)
        #expect(try explorer.holds(invariant, in: c.state))
        #expect(try explorer.replay(Trace(initial: c.state, steps: [step]), fromInitial: false) == nil)
        #expect(try !explorer.holds(invariant, in: step.state))
        return step
    }

    @Test("PBFT's prepared-value uniqueness is inductive with its auxiliary invariants, Byzantine sends included")
    func pbftUniqueness() throws {
        var options = ProofOptions()
        options.invariants = ["prepared-value uniqueness"]
        let spec = try PBFT.instantiate([:])
        let result = try InductionProver(spec: spec).run(options)
        #expect(result.verdict == .proven)
        #expect(result.auxiliary.count == 6)
        #expect(result.obligations.map(\.name) == ["initiation"] + spec.actions.map(\.name))
        #expect(spec.actions.contains { $0.name == "byzantine.prepare" })
    }

    @Test("without them uniqueness is not inductive, and the step replays in the explicit engine")
    func pbftUniquenessAlone() throws {
        let step = try counterexampleAlone(PBFT.instantiate([:]), "prepared-value uniqueness")
        #expect(step.action == "Commit")
    }

    @Test("a too-weak invariant gives a counterexample to induction that the explicit engine confirms")
    func tooWeak() throws {
        let spec = try Paxos.instantiate([:])
        var options = ProofOptions()
        options.invariants = ["agreement"]
        options.useAuxiliary = false
        let result = try InductionProver(spec: spec).run(options)
        #expect(result.verdict == .notInductive)
        let c = try #require(result.counterexample)
        #expect(c.kind == .consecution)
        #expect(c.property == "agreement")
        let step = try #require(c.step)
        // The state before satisfies agreement, the step is a real step of the spec, and
        // agreement fails after it: a counterexample to induction, not a trace.
        let explorer = Explorer(spec: spec)
        #expect(try explorer.holds("agreement", in: c.state))
        #expect(try explorer.successors(of: c.state).contains {
            $0.action == step.action && $0.arguments.map(\.value) == step.arguments.map(\.value) && $0.state == step.state
        })
        #expect(try !explorer.holds("agreement", in: step.state))
        // Votes in two ballots are what break it: the last step is a vote.
        #expect(step.action == "Phase2b")
    }

    @Test("an invariant false in an initial state fails initiation")
    func initiation() throws {
        let counter = variable("x", .range(0...3))
        let spec = try Spec("Start", variables: [counter]) {
            Initial { counter <- 1 }
            Action("up") {
                Require(counter < 3)
                counter <- counter + 1
            }
            Always("x is zero") { counter == 0 }
        }.validated()
        let result = try InductionProver(spec: spec).run()
        #expect(result.verdict == .notInductive)
        #expect(result.counterexample?.kind == .initiation)
        #expect(result.counterexample?.state == [.int(1)])
    }

    /// Counters a and b that step up together while b < 2, with "a at most 2" to prove;
    /// with `waiting`, also an action that changes nothing.
    static func lockstep(waiting: Bool) throws -> Spec {
        let a = variable("a", .range(0...3))
        let b = variable("b", .range(0...3))
        let step = Action("step") {
            Require(b < 2)
            a <- a + 1
            b <- b + 1
        }
        let wait = Action("wait") { b <- b }
        return try Spec("Lockstep", variables: [a, b]) {
            Initial {
                a <- 0
                b <- 0
            }
            (waiting ? [step, wait] : [step]).map { $0 as any SpecComponent }
            Always("a at most 2") { a <= 2 }
        }.validated()
    }

    @Test("k-induction proves what plain induction cannot")
    func kInduction() throws {
        // a and b count up in lockstep while b < 2. "a ≤ 2" is not inductive: a = 2, b = 1
        // satisfies it and steps to a = 3. Three states of history rule that state out
        // (b would have been negative), so 3-induction proves it and 2-induction does not.
        let spec = try Self.lockstep(waiting: false)
        let plain = try InductionProver(spec: spec).run()
        #expect(plain.verdict == .notInductive)
        let before = try #require(plain.counterexample?.state)
        #expect(before[0] == .int(2) && before[1].integer < 2)
        var options = ProofOptions()
        options.k = 2
        #expect(try InductionProver(spec: spec).run(options).verdict == .notInductive)
        options.k = 3
        let three = try InductionProver(spec: spec).run(options)
        #expect(three.verdict == .proven)
        #expect(three.k == 3)
    }

    @Test("k-induction assumes k different states: a step that changes nothing cannot repeat an unreachable state")
    func kInductionSimplePath() throws {
        // The lockstep counters of the test above, with an action that changes nothing. Without
        // the assumption that the k states differ, a = 2, b = 1 could be repeated k times by
        // "wait" and no k would prove "a at most 2".
        let spec = try Self.lockstep(waiting: true)
        var options = ProofOptions()
        options.k = 2
        let two = try InductionProver(spec: spec).run(options)
        #expect(two.verdict == .notInductive)
        let prefix = try #require(two.counterexample?.prefix)
        #expect(prefix.steps.map(\.action) == ["step"])
        options.k = 3
        #expect(try InductionProver(spec: spec).run(options).verdict == .proven)
    }

    @Test("an unknown invariant name is an error naming the invariants")
    func unknownName() throws {
        var options = ProofOptions()
        options.invariants = ["no such thing"]
        #expect(throws: SymbolicError.self) { try InductionProver(spec: TwoPhaseCommit.instantiate([:])).run(options) }
    }
}
