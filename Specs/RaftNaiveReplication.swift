// quorum:include Raft.swift
//
// Raft with the log replication of the Python sketch in the seed note: a follower
// appends whatever entries the leader sends, without checking that its log holds the
// entry before them (prevLogIndex/prevLogTerm), and answers success.
//
//     def append_entries(self, term, leader_id, entries):
//         if term < self.current_term: return False
//         self.current_term = term; self.state = "follower"
//         self.log.extend(entries)
//         return True
//
// A request delivered twice, or a request the leader repeats because the answer was
// lost, is appended twice; a request that overtakes an earlier one lands at the wrong
// index. The follower's log then holds an entry at an index and term the leader also
// has, with different entries before it or at it: "log matching" fails, and with it
// everything the leader concludes from its followers' answers. Everything else is
// Raft.swift's model (this file includes it); only HandleAppendEntriesRequest differs.
//
// Bounds: 3 servers, 2 values (so that two entries of one term can differ), terms up
// to 2, logs of two entries, one message in flight at a time.
import Quorum

/// Raft whose followers append without the consistency check.
public struct RaftNaiveReplication: Specification {
    @Parameter("number of servers", in: 1...5) public var servers = 3
    @Parameter("number of client values", in: 1...3) public var values = 2
    @Parameter("highest term explored (terms start at 1)", in: 1...6) public var maxTerm = 2
    @Parameter("longest log explored", in: 0...4) public var maxLogLength = 2
    @Parameter("most copies of one message in flight", in: 1...3) public var maxCopies = 1
    @Parameter("most distinct messages in flight", in: 1...8) public var maxMessages = 1

    public init() {}

    public var spec: Spec {
        let raft = RaftModel(servers: servers, values: values, maxTerm: maxTerm, maxLogLength: maxLogLength,
                             maxCopies: maxCopies, maxMessages: maxMessages)
        return raft.spec("RaftNaiveReplication", replacing: [raft.naiveHandleAppendEntriesRequest])
    }
}

extension RaftModel {
    /// The bug: no prevLogIndex/prevLogTerm check; the entries are appended to whatever is there.
    var naiveHandleAppendEntriesRequest: Action {
        Action("HandleAppendEntriesRequest", over: net.messages.named("m")) { m in
            Require(m.is("appendEntriesRequest"))
            Let(m.dest) { i in
                Require(m.term <= currentTerm[i])
                If(m.term < currentTerm[i]) {
                    reject(m)
                } else: {
                    state[i] <- "follower"
                    If(!m.entries.isEmpty) { log[i] <- log[i].appending(m.entries[1]) }
                    commitIndex[i] <- m.commitIndex
                    net.reply(message.appendEntriesResponse(term: currentTerm[i], success: true,
                                                            matchIndex: m.prevLogIndex + m.entries.length,
                                                            source: i, dest: m.source), to: m)
                }
            }
        }
    }
}
