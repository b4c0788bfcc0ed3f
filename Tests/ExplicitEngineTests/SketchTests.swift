import ExplicitEngine
import Quorum
import TestSupport
import Testing

/// The DSL sketches of docs/sketches.md build, validate and run.
@Suite("DSL sketches")
struct SketchTests {
    @Test("Raft's AppendEntries handler replicates an entry and keeps logs matching")
    func raft() throws {
        let result = try Explorer(spec: Sketches.raftAppendEntries().validated()).run()
        #expect(result.properties.map(\.status) == [.holds, .witnessFound])
    }

    @Test("PBFT's prepared certificate: reachable, but an honest-only primary never prepares two requests")
    func pbft() throws {
        let result = try Explorer(spec: Sketches.pbftPrepared().validated()).run()
        #expect(result.properties[0].status == .witnessFound)
        // The primary pre-prepares both requests (it is not restricted here), and with
        // 2f prepares each both become prepared: the certificate alone does not stop an
        // equivocating primary, the prepare rule of the full protocol does.
        #expect(result.properties[1].status == .violated)
    }
}
