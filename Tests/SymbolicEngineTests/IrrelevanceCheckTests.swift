import ExplicitEngine
import Quorum
import QuorumSpecs
import SpecIR
import SymbolicEngine
import Testing
import TestSupport

/// Z3's check of irrelevance declarations: true ones confirmed, and each way a false
/// one can show (a step reading the entry, a property reading it) refuted with two
/// states and the culprit.
@Suite("Irrelevance check")
struct IrrelevanceCheckTests {
    func check(_ spec: Spec) throws -> IrrelevanceVerdict {
        try IrrelevanceCheck(spec: spec).run()
    }

    @Test("workers: scratch is irrelevant while idle")
    func confirmed() throws {
        let verdict = try check(try ToySpecs.workers().validated())
        #expect(verdict.status == .confirmed)
        #expect(verdict.states == nil)
    }

    @Test("an idle worker's Peek reads scratch: refuted by that step, the two states differing in scratch only")
    func readByAction() throws {
        let verdict = try check(try ToySpecs.workers(.readByAction).validated())
        #expect(verdict.status == .refuted)
        #expect(verdict.step?.action == "Peek")
        let states = try #require(verdict.states)
        // mode, scratch, done: only scratch differs, at an idle worker.
        #expect(states.first[0] == states.second[0] && states.first[2] == states.second[2])
        #expect(states.first[1] != states.second[1])
        #expect(verdict.reason?.contains("enabled in one of them only") == true)
    }

    @Test("a reachability property reading an idle worker's scratch: refuted, naming the property")
    func readByProperty() throws {
        let verdict = try check(try ToySpecs.workers(.readByProperty).validated())
        #expect(verdict.status == .refuted)
        #expect(verdict.step == nil)
        #expect(verdict.reason == "property \"an idle worker kept 1\" differs on two states equal outside irrelevant entries")
    }

    @Test("Raft's declarations hold, with the proof's auxiliary invariants and without")
    func raft() throws {
        let spec = try Raft.instantiate(["servers": 2])
        #expect(try check(spec).status == .confirmed)
        var main = spec
        main.properties.removeAll(where: \.isAuxiliary)
        #expect(try check(main).status == .confirmed)
    }

    @Test("the log-check bug keeps the auxiliary invariants, and its declarations (a follower's tallies) hold with them")
    func raftLogCheckBug() throws {
        let spec = try RaftVoteWithoutLogCheck.instantiate(["servers": 2])
        #expect(spec.properties.contains { $0.isAuxiliary })
        #expect(try check(spec).status == .confirmed)
    }

    @Test("a leader's vote tally is read by an auxiliary invariant: declaring it irrelevant is refuted, and blamed on that declaration; the bug variants, without those invariants, may")
    func raftLeaderTally() throws {
        let model = RaftModel(servers: 2, values: 1, maxTerm: 2, maxLogLength: 1, maxCopies: 1, maxMessages: 1)
        var spec = model.spec("Raft")
        let index = try #require(spec.irrelevance.firstIndex { $0.variable == "votesGranted" })
        spec.irrelevance[index].condition = function(model.server) { i in model.tallyIrrelevant(i, auxiliary: false) }.expr
        spec = try spec.validated()
        let verdict = try check(spec)
        #expect(verdict.status == .refuted)
        #expect(verdict.declaration == index)
        #expect(verdict.reason?.hasPrefix("property \"") == true)
        spec.properties.removeAll(where: \.isAuxiliary)
        #expect(try check(spec).status == .confirmed)
    }

    /// States outside the constraint are judged but not stored, so an invariant may read an
    /// irrelevant entry there only if the successors of merged states agree on it too.
    /// (Found in review: a first version compared properties inside the constraint only.)
    @Test("an invariant reading an irrelevant entry only outside the constraint: refuted at the step that leaves it")
    func readOutsideTheConstraint() throws {
        let node = Sort.nodes("n", count: 2)
        let x = variable("x", .range(0...2))
        let v = variable("v", .function(node, .range(0...1)))
        let spec = try Spec("Outside", variables: [x, v]) {
            Irrelevant(v) { _ in true }
            Initial {
                x <- 0
                v <- function(node) { _ in 0 }
            }
            Action("Set", over: node.named("i")) { i in
                Require(x == 0)
                v[i] <- 1
            }
            Action("Inc") {
                Require(x < 2)
                x <- x + 1
            }
            Always("v of n1 stays 0 past 1") { x <= 1 || v[node.id(0)] == 0 }
            StateConstraint { x <= 1 }
        }.validated()
        // Without the reduction the search finds the violation in three steps.
        let plain = try Explorer(spec: spec).run(ExplorationOptions())
        #expect(plain.verdict == .violated)
        let verdict = try check(spec)
        #expect(verdict.status == .refuted)
        #expect(verdict.step?.action == "Inc")
        #expect(verdict.reason?.hasSuffix("it leads to states that property \"v of n1 stays 0 past 1\" tells apart") == true)
    }

    @Test("a condition that can fail to evaluate in a state the search stores: refuted, naming the failure")
    func conditionFails() throws {
        let node = Sort.nodes("n", count: 2)
        let owner = variable("owner", .function(node, node.orNone))
        let scratch = variable("scratch", .function(node, .range(0...1)))
        let spec = try Spec("Unwrap", variables: [owner, scratch]) {
            Irrelevant(scratch) { i in owner[i].unwrapped == i }
            Initial {
                owner <- function(node) { _ in .none }
                scratch <- function(node) { _ in 0 }
            }
            Action("Own", over: node.named("i")) { i in
                Require(owner[i].isNone)
                owner[i] <- some(i)
            }
        }.validated()
        let verdict = try check(spec)
        #expect(verdict.status == .refuted)
        #expect(verdict.reason?.hasPrefix("evaluating the condition (") == true)
        #expect(verdict.reason?.hasSuffix(") can fail in a state inside the constraint") == true)
    }
}
