import ExplicitEngine
import Quorum
import QuorumSpecs
import Testing

/// PBFT with a Byzantine replica: pinned counts, the properties, and each classic bug's
/// shortest trace, which replays.
@Suite("PBFT")
struct PBFTTests {
    func run(_ spec: Spec, all: Bool = true) throws -> CheckResult {
        var options = ExplorationOptions()
        options.stopAtFirstViolation = !all
        return try Explorer(spec: spec.validated()).run(options)
    }

    @Test("a silent attacker (budget 0): 2,630 states, depth 19, every property holds")
    func silent() throws {
        let result = try run(PBFT.instantiate(["budget": 0]))
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 2_630)
        #expect(result.statistics.depth == 19)
        #expect(result.properties.first { $0.name == "a request is committed" }?.trace?.steps.count == 7)
        #expect(result.properties.first { $0.name == "a view change completes" }?.trace?.steps.count == 4)
    }

    @Test("an attacker of one message: 74,139 states, depth 21, every property holds")
    func oneMessage() throws {
        let result = try run(PBFT.instantiate(["budget": 1]))
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 74_139)
        #expect(result.statistics.depth == 21)
    }

    @Test("every choice of the Byzantine replica explores the fixed choices side by side (budget 1)")
    func fixedChoices() throws {
        let counts = try (0..<4).map { k in
            try run(PBFT.instantiate(["budget": 1, "byzantine": k])).statistics.distinctStates
        }
        // A Byzantine primary of view 0 has the fewest states: the correct replicas wait on it.
        #expect(counts == [3_316, 7_727, 31_548, 31_548])
        #expect(counts.reduce(0, +) == 74_139)
    }

    @Test("the defaults (budget 2): 1,026,693 states, depth 22, every property holds")
    func defaults() throws {
        let result = try run(PBFT.instantiate([:]))
        #expect(result.verdict == .holds)
        #expect(result.statistics.distinctStates == 1_026_693)
        #expect(result.statistics.depth == 22)
    }

    @Test("each classic bug: the property it breaks and its shortest trace, which replays",
          arguments: [
              ("PBFTTooFewReplicas", "prepared-value uniqueness", 6),
              ("PBFTSmallPrepareQuorum", "prepared-value uniqueness", 6),
              ("PBFTNewViewIgnoresCertificates", "commit agreement", 17),
              ("PBFTForgery", "prepared-value uniqueness", 8),
          ])
    func bug(_ name: String, _ property: String, _ steps: Int) throws {
        let spec = try bugSpec(name)
        let result = try run(spec, all: false)
        #expect(result.verdict == .violated)
        let trace = try #require(result.properties.first { $0.name == property }?.trace)
        #expect(trace.steps.count == steps)
        let explorer = Explorer(spec: spec)
        #expect(try explorer.replay(trace) == nil)
        #expect(try !explorer.holds(property, in: trace.last))
    }

    @Test("ignoring the certificates breaks agreement across views, not uniqueness within one")
    func ignoredCertificatesKeepUniqueness() throws {
        let result = try run(PBFTNewViewIgnoresCertificates.instantiate([:]))
        #expect(result.properties.first { $0.name == "prepared-value uniqueness" }?.status == .holds)
    }

    func bugSpec(_ name: String) throws -> Spec {
        switch name {
        case "PBFTTooFewReplicas": return try PBFTTooFewReplicas.instantiate([:])
        case "PBFTSmallPrepareQuorum": return try PBFTSmallPrepareQuorum.instantiate([:])
        case "PBFTNewViewIgnoresCertificates": return try PBFTNewViewIgnoresCertificates.instantiate([:])
        default: return try PBFTForgery.instantiate([:])
        }
    }
}
