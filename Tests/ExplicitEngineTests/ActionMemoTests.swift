@testable import ExplicitEngine
import Quorum
import QuorumSpecs
import SpecIR
import Testing
import TestSupport

/// Remembered runs of actions, keyed by the exact bits of the variables each touches.
@Suite("Action memo")
struct ActionMemoTests {
    /// Runs a spec with and without action memos.
    func both(_ spec: Spec, configure: (inout ExplorationOptions) -> Void = { _ in }) throws -> (CheckResult, CheckResult) {
        let validated = try spec.validated()
        var options = ExplorationOptions()
        configure(&options)
        var plain = options
        plain.actionMemos = false
        return (try Explorer(spec: validated).run(options), try Explorer(spec: validated).run(plain))
    }

    /// The figures and traces two runs must share.
    func expectSame(_ remembered: CheckResult, _ worked: CheckResult, _ comment: Comment) {
        #expect(remembered.verdict == worked.verdict, comment)
        #expect(remembered.statistics.distinctStates == worked.statistics.distinctStates, comment)
        #expect(remembered.statistics.generatedStates == worked.statistics.generatedStates, comment)
        #expect(remembered.statistics.depth == worked.statistics.depth, comment)
        #expect(remembered.properties == worked.properties, comment)
        #expect(remembered.deadlock == worked.deadlock, comment)
    }

    /// Shipped specs and settings small enough to run twice.
    static func shippedSpec(_ name: String) throws -> Spec {
        switch name {
        case "Raft, 2 servers": try Raft.instantiate(RaftTests.smallest)
        case "Raft, 2 servers, terms ≤ 3": try Raft.instantiate(RaftTests.twoServers)
        case "naive replication": try RaftNaiveReplication.instantiate(["servers": 2])
        case "half votes": try RaftHalfVotes.instantiate(["servers": 2])
        case "PBFT, silent attacker": try PBFT.instantiate(["budget": 0])
        case "PBFT forgery": try PBFTForgery.instantiate([:])
        case "Paxos": try Paxos.instantiate([:])
        case "Paxos voting below its promise": try PaxosVoteBelowPromise.instantiate([:])
        default: try TwoPhaseCommitEarlyCommit.instantiate([:])
        }
    }

    @Test("remembered runs give the counts, verdicts and traces of running every action: Raft and its bugs, PBFT's forger, Paxos, two-phase commit",
          arguments: ["Raft, 2 servers", "Raft, 2 servers, terms ≤ 3", "naive replication", "half votes", "PBFT, silent attacker",
                      "PBFT forgery", "Paxos", "Paxos voting below its promise", "early commit"])
    func shipped(_ name: String) throws {
        for reductions in [true, false] {
            let (remembered, worked) = try both(Self.shippedSpec(name)) { options in
                options.irrelevance = reductions
                if !reductions { options.symmetry = false }
            }
            expectSame(remembered, worked, "\(name), reductions \(reductions)")
        }
    }

    @Test("with a budget too small for any run, or stopping at the first violation, the counts and traces are still those of running every action")
    func budgetAndStop() throws {
        let (starved, worked) = try both(Self.shippedSpec("Raft, 2 servers, terms ≤ 3")) { options in
            options.memoBudget = ActionMemo.Budget(floor: 0, perState: 0)
            options.symmetry = false
        }
        expectSame(starved, worked, "no budget")
        let (stopped, workedStopped) = try both(Self.shippedSpec("half votes")) { options in
            options.stopAtFirstViolation = true
            options.checkDeadlock = true
        }
        expectSame(stopped, workedStopped, "first violation")
        #expect(stopped.verdict == .violated)
    }

    @Test("a variable read only in an assignment's path, or only in a parameter's range, is part of the key")
    func hiddenReads() throws {
        // `set` writes flags[pick] and `move` ranges over `open`: keyed without pick or
        // open, the runs of a state would be handed to states that differ in them.
        let node = Sort.nodes("n", count: 3)
        let pick = variable("pick", node)
        let open = variable("open", .setOf(node))
        let flags = variable("flags", .function(node, .range(0...1)))
        let spec = Spec("Hidden", variables: [pick, open, flags]) {
            Initial {
                pick <- .node(0, of: node)
                open <- [.node(0, of: node)]
                flags <- function(node) { _ in 0 }
            }
            Action("choose", over: node.named("i")) { i in
                pick <- i
            }
            Action("set") {
                flags[pick] <- 1
            }
            Action("open", over: node.named("i")) { i in
                open <- open.union([i])
            }
            Action("clear", over: open.named("i")) { i in
                flags[i] <- 0
            }
        }
        let (remembered, worked) = try both(spec)
        expectSame(remembered, worked, "hidden reads")
        // 3 picks × 4 open sets (n0 is always open) × 8 flag vectors.
        #expect(worked.statistics.distinctStates == 3 * 4 * 8)
    }

    @Test("a run is found again only under its key; an action touching more than six words has no memo")
    func keys() throws {
        let shapes = ShapeCache()
        let layout = StateLayout([.range(0...3), .range(0...3), .range(0...3)].map { shapes.shape($0) })
        let budget = UnsafeMutablePointer<ActionMemo.Budget>.allocate(capacity: 1)
        budget.initialize(to: ActionMemo.Budget())
        defer { budget.deallocate() }
        let memo = try #require(ActionMemo(layout: layout, touches: [0, 2], budget: budget))
        defer { memo.release() }
        func words(_ values: [Int]) -> [UInt64] {
            var words = [UInt64](repeating: 0, count: layout.wordCount)
            words.withUnsafeMutableBufferPointer { _ = layout.encode(values.map(Value.int), into: $0.baseAddress!) }
            return words
        }
        func find(_ values: [Int]) -> (slot: UnsafeMutablePointer<UInt64>, run: (count: Int, successors: UnsafePointer<UInt64>?)?) {
            let slot = words(values).withUnsafeBufferPointer { memo.locate($0.baseAddress!) }
            return (slot, memo.lookup(slot))
        }
        let first = find([1, 0, 2])
        #expect(first.run == nil)
        memo.remember([7, 1, 9, 2], in: first.slot)
        // The untouched variable is not part of the key; the touched ones are.
        let again = find([1, 3, 2]).run
        #expect(again?.count == 2)
        #expect(again?.successors.map { Array(UnsafeBufferPointer(start: $0, count: 4)) } == [7, 1, 9, 2])
        #expect(find([2, 0, 2]).run == nil)
        #expect(find([1, 0, 3]).run == nil)

        // Fourteen variables of 32 bits, two to a word: the even ones start words 0 to 6.
        let wide = StateLayout((0..<14).map { _ in shapes.shape(.range(0...(1 << 32 - 1))) })
        #expect(wide.wordCount == 7)
        let six = ActionMemo(layout: wide, touches: [0, 1, 2, 4, 6, 8, 10, 11], budget: budget)
        #expect(six?.keyWords == 6)
        six?.release()
        #expect(ActionMemo(layout: wide, touches: [0, 2, 4, 6, 8, 10, 12], budget: budget) == nil)
    }
}
