import ExplicitEngine
import Quorum
import QuorumSpecs
import SymbolicEngine
import Testing

@Suite("Smoke")
struct SmokeTests {
    @Test func prove() throws {
        for spec in [try TwoPhaseCommit.instantiate([:]), try Paxos.instantiate([:])] {
            let result = try InductionProver(spec: spec).run()
            print(spec.name, result.verdict, result.obligations.map { "\($0.name) \($0.status) \($0.seconds)" })
            if let c = result.counterexample {
                print(c.kind, c.property, c.message ?? "")
                print("  before", zip(spec.variables.map(\.name), c.state).map { "\($0)=\($1)" })
                if let s = c.step { print("  step", s.action, s.arguments.map(\.value)); print("  after", zip(spec.variables.map(\.name), s.state).map { "\($0)=\($1)" }) }
            }
        }
    }
}
