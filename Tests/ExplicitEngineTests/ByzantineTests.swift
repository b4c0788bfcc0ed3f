import ExplicitEngine
import Quorum
import TestSupport
import Testing

/// The Byzantine fault model on a toy vote: what a Byzantine node can and cannot send.
@Suite("Byzantine fault model")
struct ByzantineTests {
    func run(_ spec: Spec) throws -> CheckResult {
        var options = ExplorationOptions()
        options.stopAtFirstViolation = false
        return try Explorer(spec: spec.validated()).run(options)
    }

    func status(_ result: CheckResult, _ name: String) -> PropertyResult.Status? {
        result.properties.first { $0.name == name }?.status
    }

    @Test("a Byzantine node can equivocate, runs no protocol code, and cannot speak for others")
    func authenticated() throws {
        let result = try run(ToySpecs.byzantineVotes())
        #expect(status(result, "Byzantine voters run no protocol code") == .holds)
        #expect(status(result, "correct voters only vote yes") == .holds)
        #expect(status(result, "relayed ballots were cast") == .holds)
        #expect(status(result, "a Byzantine voter equivocates") == .witnessFound)
        let trace = try #require(result.properties.first { $0.name == "a Byzantine voter equivocates" }?.trace)
        #expect(trace.steps.map(\.action) == ["byzantine.vote", "byzantine.vote"])
    }

    @Test("without signatures a Byzantine node votes as a correct one")
    func forging() throws {
        let result = try run(ToySpecs.byzantineVotes(.forging))
        #expect(status(result, "correct voters only vote yes") == .violated)
        #expect(result.properties.first { $0.name == "correct voters only vote yes" }?.trace?.steps.count == 1)
        #expect(status(result, "relayed ballots were cast") == .violated)
    }

    @Test("an embedded ballot must have been cast; undeclared, it is not checked")
    func embedding() throws {
        let declared = try run(ToySpecs.byzantineVotes(budget: 1))
        #expect(status(declared, "relayed ballots were cast") == .holds)
        let undeclared = try run(ToySpecs.byzantineVotes(.undeclaredEmbedding, budget: 1))
        #expect(status(undeclared, "relayed ballots were cast") == .violated)
        let trace = try #require(undeclared.properties.first { $0.name == "relayed ballots were cast" }?.trace)
        #expect(trace.steps.map(\.action) == ["byzantine.relay"])
    }

    @Test("a relayed ballot becomes sendable once it is cast")
    func relayAfterVote() throws {
        let explorer = try Explorer(spec: ToySpecs.byzantineVotes(fixed: [2]).validated())
        let initial = try #require(try explorer.initialStates().first)
        let relays = { (state: [Value]) in try explorer.successors(of: state).filter { $0.action == "byzantine.relay" }.count }
        #expect(try relays(initial) == 0)
        let voted = try #require(try explorer.successors(of: initial).first { $0.action == "Vote" })
        #expect(try relays(voted.state) == 1)
    }

    @Test("every choice of f nodes is an initial state; fixed identities give one")
    func choices() throws {
        let any = try Explorer(spec: ToySpecs.byzantineVotes().validated())
        #expect(try any.initialStates().count == 3)
        let fixed = try Explorer(spec: ToySpecs.byzantineVotes(fixed: [1]).validated())
        #expect(try fixed.initialStates().count == 1)
    }

    @Test("the budget bounds the attacker, and the distinct-state counts are pinned")
    func counts() throws {
        // Budget 1, v3 Byzantine, counted by hand: with V the correct voters who voted, the
        // attacker's one message is none (25 states over V and the correct relays), its yes
        // vote (100: v3's ballot is relayable too), its no vote (25) or a relay of a cast
        // ballot (40).
        let small = try run(ToySpecs.byzantineVotes(budget: 1, fixed: [2]))
        #expect(small.statistics.distinctStates == 190)
        let large = try run(ToySpecs.byzantineVotes(budget: 2, fixed: [2]))
        #expect(large.statistics.distinctStates == 631)
        // Every choice of the Byzantine voter is its own copy of the same state space.
        let any = try run(ToySpecs.byzantineVotes(budget: 2))
        #expect(any.statistics.distinctStates == 3 * 631)
    }

    @Test("a bag network or a message without a sender is rejected with the declaration's line")
    func misuse() throws {
        let voter = Sort.nodes("v", count: 2)
        let message = Union("Message", ["ping": ["to": voter]])
        let net = Network("net", of: message, .bag(maxCopies: 1))
        let spec = Spec("Bad", variables: []) {
            net
            Byzantine(of: voter, count: 1, sending: net)
        }
        #expect(throws: SpecError.self) { try spec.validated() }
        do {
            _ = try spec.validated()
        } catch {
            let text = "\(error)"
            #expect(text.contains("ByzantineTests.swift"))
            #expect(text.contains("keeps what was sent"))
            #expect(text.contains("no field 'sender'"))
        }
    }
}
