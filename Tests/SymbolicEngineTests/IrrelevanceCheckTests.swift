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
}
