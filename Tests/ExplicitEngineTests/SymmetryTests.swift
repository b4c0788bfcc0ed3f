@testable import ExplicitEngine
import Quorum
import QuorumSpecs
import SpecIR
import Testing

/// Symmetry reduction renames run-time values directly; renaming their IR values is the
/// reference it must agree with.
@Suite("Symmetry")
struct SymmetryTests {
    /// Per node, the nodes it has heard from, in order: a function over the node sort too
    /// large to rank, so renaming moves its parts instead of looking it up.
    static func gossip() -> Spec {
        let node = Sort.nodes("n", count: 3)
        let heard = variable("heard", .function(node, Sort.sequence(of: node, capacity: 40)))
        return Spec("Gossip", variables: [heard]) {
            Symmetric(node)
            Initial { heard <- function(node) { _ in [] } }
            Action("hear", over: node.named("i"), node.named("j")) { i, j in
                Require(i != j && heard[i].length < 3)
                heard[i] <- heard[i].appending(j)
            }
        }
    }

    @Test("renaming run-time values directly gives what renaming their IR values gives",
          arguments: ["Raft, naive replication, two values", "gossip", "Raft, two-entry logs", "Raft, half votes, 4 servers"])
    func renamerAgreesWithIR(_ name: String) throws {
        // Naive replication with two values: logs, a bag of messages and two symmetric
        // sorts. Gossip: a function over the symmetric sort kept in parts. Raft with logs of
        // two entries: nextIndex and matchIndex are ranks too large for a table.
        let spec = name == "gossip" ? try Self.gossip().validated()
            : name == "Raft, two-entry logs" ? try Raft.instantiate(["maxLogLength": 2])
            : name == "Raft, half votes, 4 servers" ? try RaftHalfVotes.instantiate([:])
            : try RaftNaiveReplication.instantiate(["servers": 3, "values": 2])
        let explorer = Explorer(spec: spec)
        let program = Program(spec)
        let sorts = spec.symmetricSorts
        let symmetry = try #require(Symmetry(program: program, sorts: sorts))
        #expect(symmetry.renamings.count == (name == "Raft, naive replication, two values" ? 3 * 2 * 2 - 1
            : name == "Raft, half votes, 4 servers" ? 4 * 3 * 2 - 1 : 5))
        if name == "gossip", case .permuted? = symmetry.renamers[0]?.kind {} else if name == "gossip" {
            Issue.record("gossip's function is not renamed by moving its parts")
        }
        if name == "Raft, two-entry logs" {
            let nextIndex = try #require(spec.variables.firstIndex { $0.name == "nextIndex" })
            if case .rankedFunction? = symmetry.renamers[nextIndex]?.kind {} else {
                Issue.record("nextIndex is not renamed digit by digit")
            }
        }
        if name == "Raft, half votes, 4 servers" {
            // 65,536 values, within a table's limit, but 23 renamings of them: digits instead.
            let votesGranted = try #require(spec.variables.firstIndex { $0.name == "votesGranted" })
            if case .rankedFunction? = symmetry.renamers[votesGranted]?.kind {} else {
                Issue.record("votesGranted is not renamed digit by digit")
            }
        }

        // States from the first levels of the search. This walk ignores the state
        // constraint, so a state beyond it may have a step that leaves the variables'
        // sorts: such states are kept but not expanded.
        var states = try explorer.initialStates()
        var level = states
        while states.count < 3000 && !level.isEmpty {
            level = level.flatMap { ((try? explorer.successors(of: $0)) ?? []).map(\.state) }
            states += level
        }
        if name == "Raft, two-entry logs" {
            // The first levels hold no leader, so nextIndex and matchIndex are the same for
            // every server there: add states that differ only in those, made up (renaming
            // needs values of the sort, not reachable states).
            let nextIndex = try #require(spec.variables.firstIndex { $0.name == "nextIndex" })
            let matchIndex = try #require(spec.variables.firstIndex { $0.name == "matchIndex" })
            let base = try #require(states.first)
            for shift in 0..<4 {
                var state = base
                let row = { (i: Int) -> Value in .tuple((0..<3).map { j in .int((i + 2 * j + shift) % 4) }) }
                state[nextIndex] = .tuple((0..<3).map { i in .tuple(row(i).elements.map { .int($0.integer + 1) }) })
                state[matchIndex] = .tuple((0..<3).map(row))
                states.append(state)
            }
        }
        var compared = 0
        for state in states {
            let runtime = program.toRuntime(state)
            for (r, renaming) in symmetry.renamings.enumerated() {
                for (index, variable) in spec.variables.enumerated() where !variable.isGhost {
                    let shape = program.variableShapes[index]
                    let reference = shape.toRuntime(Symmetry.rename(shape.toIR(runtime[index]), variable.sort, sorts, renaming))
                    #expect(symmetry.renamers[index]?.apply(runtime[index], r) == reference)
                    compared += 1
                }
            }
        }
        #expect(compared > 1000)
    }
}
