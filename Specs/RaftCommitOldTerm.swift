// quorum:include Raft.swift
//
// Raft whose leader commits entries of earlier terms by counting replicas: the
// situation of Figure 8 of the Raft paper.
//
// A leader may count replicas only for an entry of its own term; entries of earlier
// terms are committed indirectly, by the first entry of its own term. This variant
// drops that condition from AdvanceCommitIndex. Then: S1, leader of term 2, appends
// an entry and, before replicating it, loses to S2, which leads term 3 with a different entry
// at the same index; S1 leads term 4 and replicates its term-2 entry to a majority,
// which now counts as committed; S2, whose last entry (term 3) is more up to date than
// that majority's, wins term 5 and overwrites the committed entry. "Leader
// completeness" fails when S2 becomes leader of term 5. Everything else is Raft.swift's
// model (this file includes it); only AdvanceCommitIndex differs.
//
// Bounds: 3 servers, terms up to 5 (four elections are the least this bug needs: the
// entry's term, the term of the conflicting entry, the term of the bad commit and the term
// of the leader without it), logs of one entry, one message in flight at a time. In
// raft.tla's steps an election takes nine (a timeout, a vote request to the candidate
// itself and to one other server, each handled and answered, the other first adopting the
// term, then becoming leader), so the behaviour above takes 50 steps, and breadth-first
// search shows none is shorter: `quorum check` of this file finds "leader completeness"
// violated with a 50-step trace after 30.8 million states, about 20 minutes on one core
// and under 1 GiB. It needs Raft.swift's irrelevance declarations (a server's stale
// nextIndex, matchIndex and vote tallies do not make states distinct): without them the
// levels grow 1.2 times each and depth 50 would take about a billion states; with them
// the levels peak near depth 40, at about 1.6 million states, and shrink after it as the
// bounds run out. The
// tests walk the behaviour above and see leader completeness fail at its last step and
// nowhere before.
import Quorum

/// Raft whose leaders commit entries of earlier terms by counting replicas.
public struct RaftCommitOldTerm: Specification {
    @Parameter("number of servers", in: 1...5) public var servers = 3
    @Parameter("number of client values", in: 1...3) public var values = 1
    @Parameter("highest term explored (terms start at 1)", in: 1...6) public var maxTerm = 5
    @Parameter("longest log explored", in: 0...4) public var maxLogLength = 1
    @Parameter("most copies of one message in flight", in: 1...3) public var maxCopies = 1
    @Parameter("most distinct messages in flight", in: 1...8) public var maxMessages = 1

    public init() {}

    public var spec: Spec {
        let raft = RaftModel(servers: servers, values: values, maxTerm: maxTerm, maxLogLength: maxLogLength,
                             maxCopies: maxCopies, maxMessages: maxMessages)
        return raft.spec("RaftCommitOldTerm", replacing: [raft.advanceCommitIndexOfAnyTerm])
    }
}

extension RaftModel {
    /// The bug: the highest index a majority stores is committed whatever its term.
    var advanceCommitIndexOfAnyTerm: Action {
        Action("AdvanceCommitIndex", over: server.named("i")) { i in
            Require(state[i] == "leader")
            Let(positions.filter { n in
                n <= log[i].length && isQuorum(server.members.filter { k in k == i || matchIndex[i][k] >= n })
            }) { agreeIndexes in
                If(!agreeIndexes.isEmpty) { commit(i, upTo: agreeIndexes.max) }
            }
        }
    }
}
