// quorum:include Raft.swift
//
// Raft with a classic counting bug: a candidate becomes leader with votes from half
// of the servers instead of a majority (votes × 2 ≥ servers rather than > servers).
//
// With an odd number of servers the two tests agree, which is how the bug survives
// three-node test clusters. With four servers two candidates of the same term can each
// collect two votes (their own and one other) and both become leader: "election
// safety" fails. Everything else is Raft.swift's model (this file includes it); only
// BecomeLeader differs.
//
// Bounds: 4 servers, terms up to 2, empty logs (no entry is needed to break election
// safety) and one message in flight at a time, so the search is small; the shortest
// trace is two interleaved elections.
import Quorum

/// Raft whose candidates win with half of the votes.
public struct RaftHalfVotes: Specification {
    @Parameter("number of servers", in: 1...5) public var servers = 4
    @Parameter("number of client values", in: 1...3) public var values = 1
    @Parameter("highest term explored (terms start at 1)", in: 1...6) public var maxTerm = 2
    @Parameter("longest log explored", in: 0...4) public var maxLogLength = 0
    @Parameter("most copies of one message in flight", in: 1...3) public var maxCopies = 1
    @Parameter("most distinct messages in flight", in: 1...8) public var maxMessages = 1

    public init() {}

    public var spec: Spec {
        let raft = RaftModel(servers: servers, values: values, maxTerm: maxTerm, maxLogLength: maxLogLength,
                             maxCopies: maxCopies, maxMessages: maxMessages)
        return raft.spec("RaftHalfVotes", replacing: [raft.becomeLeaderWithHalfTheVotes])
    }
}

extension RaftModel {
    /// The bug: half of the servers is taken for a majority.
    var becomeLeaderWithHalfTheVotes: Action {
        Action("BecomeLeader", over: server.named("i")) { i in
            Require(state[i] == "candidate" && votesGranted[i].count * 2 >= .int(servers))
            state[i] <- "leader"
            leaderOf[currentTerm[i]] <- some(i)
            nextIndex[i] <- function(server) { _ in log[i].length + 1 }
            matchIndex[i] <- function(server) { _ in 0 }
        }
    }
}
