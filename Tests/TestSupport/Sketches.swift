import Quorum

/// The two fragments the DSL was designed against (docs/sketches.md): Raft's
/// AppendEntries handler and PBFT's prepared certificate. Tests validate and run
/// them, so the sketches in the docs stay real code.
public enum Sketches {
    /// raft.tla's HandleAppendEntriesRequest for one entry at a time, over a bag network.
    public static func raftAppendEntries(servers: Int = 2, maxTerm: Int = 1, maxLog: Int = 1) -> Spec {
        let server = Sort.nodes("s", count: servers)
        let term = Sort.range(0...maxTerm)
        let index = Sort.range(0...maxLog)
        let entry = Record("Entry", ["term": term, "value": Sort.range(1...1)])
        let role = Sort.enumeration("Role", "follower", "candidate", "leader")
        let message = Union("Message", [
            "appendEntriesRequest": ["term": term, "prevLogIndex": index, "prevLogTerm": term,
                                     "entries": Sort.sequence(of: entry, capacity: 1), "commitIndex": index,
                                     "source": server, "dest": server],
            "appendEntriesResponse": ["term": term, "success": Sort.bool, "matchIndex": index,
                                      "source": server, "dest": server],
        ])
        let net = Network("messages", of: message, .bag(maxCopies: 1))
        let currentTerm = variable("currentTerm", .function(server, term), durable: true)
        let state = variable("state", .function(server, role))
        let log = variable("log", .function(server, Sort.sequence(of: entry, capacity: maxLog)), durable: true)
        let commitIndex = variable("commitIndex", .function(server, index))

        return Spec("RaftAppendEntriesSketch", variables: [currentTerm, state, log, commitIndex]) {
            net
            Initial {
                currentTerm <- function(server) { _ in 0 }
                state <- function(server) { _ in "follower" }
                log <- function(server) { _ in [] }
                commitIndex <- function(server) { _ in 0 }
            }
            // A leader of term 0 with one entry, to have requests to handle.
            Action("LeaderSends", over: server.named("i"), server.named("j")) { i, j in
                Require(i != j && log[i].isEmpty)
                log[i] <- log[i].appending(entry(term: 0, value: 1))
                net.send(message.appendEntriesRequest(
                    term: currentTerm[i], prevLogIndex: 0, prevLogTerm: 0,
                    entries: .sequence(entry(term: 0, value: 1)), commitIndex: 0, source: i, dest: j))
            }
            Action("HandleAppendEntriesRequest", over: server.named("i")) { i in
                net.receive(where: { m in m.is("appendEntriesRequest") && m.dest == i }) { m in
                    Let(m.prevLogIndex == 0
                        || (m.prevLogIndex <= log[i].length && m.prevLogTerm == log[i][m.prevLogIndex].term)) { logOk in
                        Require(m.term <= currentTerm[i])
                        If(m.term < currentTerm[i] || (m.term == currentTerm[i] && state[i] == "follower" && !logOk)) {
                            // Reject the request.
                            net.send(message.appendEntriesResponse(
                                term: currentTerm[i], success: false, matchIndex: 0, source: i, dest: m.source))
                        } else: {
                            // Accept it: return to follower state, append the entry if new.
                            state[i] <- "follower"
                            If(log[i].length == m.prevLogIndex && !m.entries.isEmpty) {
                                log[i] <- log[i].appending(m.entries[1])
                            }
                            commitIndex[i] <- m.commitIndex
                            net.send(message.appendEntriesResponse(
                                term: currentTerm[i], success: true, matchIndex: m.prevLogIndex + m.entries.length,
                                source: i, dest: m.source))
                        }
                    }
                }
            }
            Always("log matching") {
                forAll(server.named("i"), server.named("j")) { i, j in
                    (log[i].length >= 1 && log[j].length >= 1) ==> (log[i][1] == log[j][1])
                }
            }
            Sometimes("an entry is replicated") {
                forAll(server.named("i")) { i in log[i].length == 1 }
            }
        }
    }

    /// PBFT's prepared predicate: a pre-prepare plus 2f prepares from distinct replicas
    /// other than the primary, all for the same view, sequence number and digest.
    public static func pbftPrepared(f: Int = 1) -> Spec {
        let replica = Sort.nodes("r", count: 3 * f + 1)
        let view = Sort.range(0...0)
        let sequence = Sort.range(1...1)
        let digest = Sort.enumeration("Request", "a", "b")
        let message = Union("Message", [
            "prePrepare": ["view": view, "seq": sequence, "digest": digest, "sender": replica],
            "prepare": ["view": view, "seq": sequence, "digest": digest, "sender": replica],
        ])
        let net = Network("sent", of: message, .set)
        let primary = replica.id(0)

        func prepared(_ d: Term, _ v: Term, _ n: Term) -> Term {
            net.messages.contains(message.prePrepare(view: v, seq: n, digest: d, sender: primary))
                && net.messages
                    .filter { m in m.is("prepare") && m.view == v && m.seq == n && m.digest == d && m.sender != primary }
                    .map { m in m.sender }
                    .count >= .int(2 * f)
        }

        let done = variable("done", Sort.bool)
        return Spec("PBFTPreparedSketch", variables: [done]) {
            net
            Initial { done <- false }
            Action("PrePrepare", over: digest.named("d")) { d in
                net.send(message.prePrepare(view: 0, seq: 1, digest: d, sender: primary))
            }
            Action("Prepare", over: replica.named("i"), digest.named("d")) { i, d in
                Require(i != primary)
                Require(net.messages.contains(message.prePrepare(view: 0, seq: 1, digest: d, sender: primary)))
                net.send(message.prepare(view: 0, seq: 1, digest: d, sender: i))
            }
            Sometimes("a request is prepared") { exists(digest.named("d")) { d in prepared(d, 0, 1) } }
            Always("prepared requests are unique") {
                forAll(digest.named("d1"), digest.named("d2")) { d1, d2 in
                    (prepared(d1, 0, 1) && prepared(d2, 0, 1)) ==> d1 == d2
                }
            }
        }
    }
}
