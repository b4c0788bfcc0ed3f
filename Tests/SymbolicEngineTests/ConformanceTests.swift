import ExplicitEngine
import Quorum
import QuorumSpecs
import SymbolicEngine
import Testing
import TestSupport

/// One conformance suite for both engines: the same verdict on every property and,
/// for every violation and witness, a trace of the same (shortest) length.
///
/// Each spec is explored completely by the explicit engine; bounded model checking
/// then runs as deep as the explicit engine's deepest level, which covers every
/// reachable state, so the two must agree on everything they report.
@Suite("Conformance of the explicit and symbolic engines")
struct ConformanceTests {
    static let cases: [(String, @Sendable () throws -> Spec)] = [
        ("counter", { ToySpecs.counter(limit: 4) }),
        ("counter with a violated invariant", { ToySpecs.counter(limit: 6, invariantBelow: 3) }),
        ("counter with a constraint", { ToySpecs.counter(limit: 10, invariantBelow: 4, constraintAtMost: 3) }),
        ("counter with a decreasing step", { ToySpecs.counter(limit: 3, canDecrement: true) }),
        ("toggles", { ToySpecs.toggles(bits: 3) }),
        ("symmetric voters (bmc breaks the symmetry)", { ToySpecs.votes() }),
        ("choices in the initial block", { ToySpecs.choices(count: 3) }),
        ("set network", { ToySpecs.pingPong(.set, lossy: false) }),
        ("bag network", { ToySpecs.pingPong(.bag(maxCopies: 1), lossy: false) }),
        ("lossy, duplicating bag network", { ToySpecs.pingPong(.bag(maxCopies: 2), lossy: true, duplicating: true) }),
        ("bag network stored as slots", { ToySpecs.pingPong(.bag(maxCopies: 2, maxDistinct: 2), lossy: true, duplicating: true) }),
        ("FIFO network", { ToySpecs.pingPong(.fifo(between: Sort.nodes("p", count: 2), capacity: 1), lossy: true) }),
        ("FIFO ordering", { ToySpecs.ordering(fifo: true) }),
        ("bag reordering", { ToySpecs.ordering(fifo: false) }),
        ("crash-restart", { ToySpecs.crashRestart(maxCrashes: 1) }),
        ("crash-stop", { ToySpecs.crashRestart(maxCrashes: 1, restart: false) }),
        ("two-phase commit", { try TwoPhaseCommit.instantiate([:]) }),
        ("two-phase commit, early commit", { try TwoPhaseCommitEarlyCommit.instantiate([:]) }),
        ("Paxos, 1 acceptor, 1 value", { try Paxos.instantiate(["acceptors": 1, "values": 1]) }),
        ("Paxos, 2 acceptors, ballots 0...1", { try Paxos.instantiate(["acceptors": 2, "values": 2]) }),
        ("Paxos, vote below promise", { try PaxosVoteBelowPromise.instantiate([:]) }),
        ("Raft AppendEntries sketch (logs as sequences, a bag of messages)", { Sketches.raftAppendEntries() }),
        ("PBFT prepared certificate sketch", { Sketches.pbftPrepared() }),
        ("division by a variable (the general solver)", { ToySpecs.division() }),
        ("Byzantine voter, budget 1", { ToySpecs.byzantineVotes(budget: 1) }),
        ("Byzantine voter without signatures", { ToySpecs.byzantineVotes(.forging, budget: 1) }),
        ("out-of-range entries left where nothing is held", { ToySpecs.narrowingPrefix() }),
        ("out-of-range entries left where nothing is held, of a one-value sort", { ToySpecs.narrowingPrefix(upper: 0) }),
        ("Byzantine voter, embedded ballots unchecked", { ToySpecs.byzantineVotes(.undeclaredEmbedding, budget: 1, fixed: [0]) }),
    ]

    @Test("both engines agree, with either of Z3's solvers", arguments: cases.map(\.0), [true, false])
    func agree(_ name: String, finiteDomain: Bool) throws {
        let spec = try #require(Self.cases.first { $0.0 == name }).1().validated()
        var explicitOptions = ExplorationOptions()
        explicitOptions.stopAtFirstViolation = false
        explicitOptions.checkDeadlock = true
        let explicit = try Explorer(spec: spec).run(explicitOptions)
        #expect(explicit.verdict != .incomplete(.maxDepth))

        var options = BoundedOptions()
        options.stopAtFirstViolation = false
        options.checkDeadlock = true
        // The explicit engine's deepest level is `depth` (initial states are level 1):
        // paths of that many steps reach every state it found and one step beyond.
        options.depth = explicit.statistics.depth
        options.finiteDomain = finiteDomain
        let checker = try BoundedModelChecker(spec: spec)
        let bounded = try checker.run(options)
        // Only division by a variable is beyond the finite-domain solver: no other case
        // moves to the general solver (silently slower), and that one must.
        #expect(checker.leftFiniteDomain == (finiteDomain && name.hasPrefix("division")))

        let discrepancies = CrossCheck.compare(explicit: explicit, bounded: bounded)
        #expect(discrepancies.isEmpty, "\(discrepancies)")
        // A missing witness fails an explicit run; bounded model checking cannot tell a
        // missing witness from a deeper one, so only violations are compared here.
        let violated = { (r: CheckResult) in r.properties.contains { $0.status == .violated } || r.deadlock != nil }
        #expect(violated(explicit) == violated(bounded))

        // Every symbolic trace is a behaviour of the spec that ends where it claims.
        let explorer = Explorer(spec: spec)
        if let deadlock = bounded.deadlock {
            #expect(try explorer.replay(deadlock) == nil)
            #expect(try explorer.successors(of: deadlock.last).isEmpty)
        }
        for property in bounded.properties {
            guard let trace = property.trace else { continue }
            #expect(try explorer.replay(trace) == nil, "\(property.name)")
            let before = trace.steps.count >= 2 ? trace.steps[trace.steps.count - 2].state : trace.initial
            let holds = property.kind == .transition
                ? try explorer.holds(property.name, in: before, next: trace.last)
                : try explorer.holds(property.name, in: trace.last)
            #expect(holds == (property.kind == .sometimes), "\(property.name)")
        }
    }

    @Test("bmc finds each buggy variant's shortest violation")
    func buggyVariants() throws {
        var options = BoundedOptions()
        options.depth = 12
        let early = try BoundedModelChecker(spec: TwoPhaseCommitEarlyCommit.instantiate([:])).run(options)
        #expect(early.verdict == .violated)
        #expect(early.properties.first { $0.name == "consistency" }?.trace?.steps.count == 5)
        let paxos = try BoundedModelChecker(spec: PaxosVoteBelowPromise.instantiate([:])).run(options)
        #expect(paxos.verdict == .violated)
        #expect(paxos.properties.first { $0.name == "agreement" }?.trace?.steps.count == 12)
    }

    @Test("bmc finds Raft's bugs (2 servers) at the explicit engine's lengths, and the traces replay",
          arguments: [("RaftHalfVotes", "election safety", 10), ("RaftNaiveReplication", "log matching", 16)])
    func raftBugs(_ name: String, _ property: String, _ steps: Int) throws {
        let spec = try name == "RaftHalfVotes" ? RaftHalfVotes.instantiate(["servers": 2])
            : RaftNaiveReplication.instantiate(["servers": 2])
        let explicit = try Explorer(spec: spec).run()
        let shortest = try #require(explicit.properties.first { $0.name == property }?.trace).steps.count
        #expect(shortest == steps)
        try bmcFinds(spec, property, in: shortest)
    }

    /// Bounded model checking to `steps` finds `property` violated in exactly that many
    /// steps, and the explicit engine replays the trace and sees the property fail at its end.
    func bmcFinds(_ spec: Spec, _ property: String, in steps: Int) throws {
        var options = BoundedOptions()
        options.depth = steps
        let checker = try BoundedModelChecker(spec: spec)
        let bounded = try checker.run(options)
        #expect(!checker.leftFiniteDomain)
        #expect(bounded.verdict == .violated)
        let trace = try #require(bounded.properties.first { $0.name == property }?.trace)
        #expect(trace.steps.count == steps)
        let explorer = Explorer(spec: spec)
        #expect(try explorer.replay(trace) == nil)
        #expect(try !explorer.holds(property, in: trace.last))
    }

    @Test("bmc finds PBFT's classic bugs at the explicit engine's depth, and the traces replay",
          arguments: [("PBFTTooFewReplicas", 6), ("PBFTSmallPrepareQuorum", 6), ("PBFTForgery", 8),
                      ("PBFTNewViewIgnoresCertificates", 17)])
    func pbftBugs(_ name: String, _ steps: Int) throws {
        let specs: [String: any Specification.Type] = [
            "PBFTTooFewReplicas": PBFTTooFewReplicas.self, "PBFTSmallPrepareQuorum": PBFTSmallPrepareQuorum.self,
            "PBFTForgery": PBFTForgery.self, "PBFTNewViewIgnoresCertificates": PBFTNewViewIgnoresCertificates.self,
        ]
        let spec = try #require(specs[name]).instantiate([:])
        let property = name == "PBFTNewViewIgnoresCertificates" ? "commit agreement" : "prepared-value uniqueness"
        try bmcFinds(spec, property, in: steps)
    }

    @Test("no violation within the depth is incomplete, never a pass")
    func boundedIsIncomplete() throws {
        var options = BoundedOptions()
        options.depth = 4
        let result = try BoundedModelChecker(spec: TwoPhaseCommit.instantiate([:])).run(options)
        #expect(result.verdict == .incomplete(.depth))
        #expect(result.bound == 4)
        #expect(result.properties.first { $0.name == "consistency" }?.status == .unviolated)
        #expect(result.properties.first { $0.name == "commit reachable" }?.status == .witnessNotYetFound)
    }

    @Test("when no longer path exists, every state was checked and the verdict holds")
    func exhaustedPaths() throws {
        var options = BoundedOptions()
        options.depth = 10
        let result = try BoundedModelChecker(spec: ToySpecs.counter(limit: 3).validated()).run(options)
        #expect(result.verdict == .holds)
        #expect(result.bound == 3)
    }
}
