import ExplicitEngine
import Quorum
import SymbolicEngine
import Testing
import TestSupport

/// Bounded model checking of a spec with symmetric identities asks only for paths that
/// name them in order, and its verdicts and trace lengths stay those of every path.
@Suite("Symmetry breaking in bounded model checking")
struct SymmetryBreakingTests {
    func run(_ spec: Spec, symmetry: Bool?) throws -> CheckResult {
        var options = BoundedOptions()
        options.stopAtFirstViolation = false
        options.depth = 4
        options.symmetry = symmetry
        return try BoundedModelChecker(spec: spec).run(options)
    }

    /// The voter identities a trace's steps pass as arguments, in order.
    func named(_ trace: Trace) -> [Int] {
        trace.steps.flatMap { $0.arguments.map(\.value.integer) }
    }

    @Test("with and without breaking: the same verdicts and lengths; with it, identities appear in order")
    func votes() throws {
        let spec = try ToySpecs.votes().validated()
        let explorer = Explorer(spec: spec)
        for symmetry in [nil, false] as [Bool?] {
            let result = try run(spec, symmetry: symmetry)
            #expect(result.properties.map(\.status) == [.violated, .holds, .witnessFound], "symmetry \(String(describing: symmetry))")
            #expect(result.properties[0].trace?.steps.count == 3)
            #expect(result.properties[2].trace?.steps.count == 1)
            for property in result.properties {
                guard let trace = property.trace else { continue }
                #expect(try explorer.replay(trace) == nil)
                guard symmetry == nil else { continue }
                // First appearances go 0, 1, 2: each identity's first use comes after the one before.
                var seen: [Int] = []
                for identity in named(trace) where !seen.contains(identity) { seen.append(identity) }
                #expect(seen == Array(0..<seen.count), "\(property.name): \(named(trace))")
            }
        }
    }
}
