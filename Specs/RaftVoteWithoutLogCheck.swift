// quorum:include Raft.swift
//
// Raft whose voters forget the election restriction: a server grants its vote without
// checking that the candidate's log is at least as up to date as its own.
//
// Votes still go to one candidate per term, so "election safety" holds. But a
// candidate missing a committed entry can now win: the voters that store the entry no
// longer refuse it. The new leader lacks an entry committed in an earlier term
// ("leader completeness" fails), and once it replicates its own log it overwrites
// committed entries. Everything else is Raft.swift's model (this file includes it);
// only HandleRequestVoteRequest differs: logOk is always true.
//
// The bug leaves Raft.swift's auxiliary invariants true: they speak of votes, of the
// history and of where entries come from, never of whose log deserved a vote. So this file
// keeps them, for bounded model checking, which assumes an invariant at a depth once no
// path breaks it there. Without them (`--no-auxiliary`) depths 17, 18 and 19 of
// `--engine bmc --depth 25` took 18, 146 and 559 s and a 20-minute run ended in depth 20;
// with them 17, 31 and 30 s, depth 24 393 s, and bmc finds the 25-step violation in 19 to
// 21 minutes (BENCHMARKS.md). Explicit search checks them in every state too (22 s of
// search instead of 15, measured in session 12), and it loses some reduction: one of them reads a leader's vote
// tallies, so only a follower's are irrelevant here, not every non-candidate's (415,471
// states instead of 376,143).
//
// Bounds: 3 servers, terms up to 3, logs of one entry, one message in flight at a time.
import Quorum

/// Raft whose voters do not compare logs.
public struct RaftVoteWithoutLogCheck: Specification {
    @Parameter("number of servers", in: 1...5) public var servers = 3
    @Parameter("number of client values", in: 1...3) public var values = 1
    @Parameter("highest term explored (terms start at 1)", in: 1...6) public var maxTerm = 3
    @Parameter("longest log explored", in: 0...4) public var maxLogLength = 1
    @Parameter("most copies of one message in flight", in: 1...3) public var maxCopies = 1
    @Parameter("most distinct messages in flight", in: 1...8) public var maxMessages = 1

    public init() {}

    public var spec: Spec {
        let raft = RaftModel(servers: servers, values: values, maxTerm: maxTerm, maxLogLength: maxLogLength,
                             maxCopies: maxCopies, maxMessages: maxMessages)
        return raft.spec("RaftVoteWithoutLogCheck", replacing: [raft.handleRequestVoteRequestWithoutLogCheck], auxiliary: true)
    }
}

extension RaftModel {
    /// The bug: the vote ignores the candidate's last log term and index.
    var handleRequestVoteRequestWithoutLogCheck: Action {
        Action("HandleRequestVoteRequest", over: net.messages.named("m")) { m in
            Require(m.is("requestVoteRequest"))
            Let(m.dest) { i in
                Let(m.term == currentTerm[i] && (votedFor[i] == .none || votedFor[i] == some(m.source))) { grant in
                    Require(m.term <= currentTerm[i])
                    If(grant) { vote(i, for: m.source) }
                    net.reply(message.requestVoteResponse(term: currentTerm[i], voteGranted: grant,
                                                          source: i, dest: m.source), to: m)
                }
            }
        }
    }
}
