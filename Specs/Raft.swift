// Raft, after Diego Ongaro's TLA+ specification in his dissertation (raft.tla).
//
// Raft keeps a replicated log consistent with one leader per term. A server that
// hears nothing times out, becomes a candidate of the next term and asks every
// server (itself included) for a vote; a server grants at most one vote per term,
// and only to a candidate whose log is at least as up to date as its own (last
// term higher, or equal and at least as long). A candidate with a majority becomes
// leader, appends client requests to its log and replicates them one entry per
// AppendEntries request, each carrying the index and term of the entry before it;
// a follower accepts only if its own log has that entry (prevLogIndex/prevLogTerm),
// removes a conflicting last entry, or appends. The leader commits the highest index
// a majority stores, but only when that entry is of its own term. Any message with
// a newer term makes the receiver adopt the term and step down first.
//
// The spec follows raft.tla action for action. Restart(i), Timeout(i),
// RequestVote(i, j), BecomeLeader(i), ClientRequest(i, v), AdvanceCommitIndex(i) and
// AppendEntries(i, j) are actions of the same names; raft.tla's Receive(m) is split
// into one action per disjunct (UpdateTerm, HandleRequestVoteRequest,
// HandleRequestVoteResponse, DropStaleResponse, HandleAppendEntriesRequest,
// HandleAppendEntriesResponse), each over the messages in flight, with the same
// guards, so the steps are the same. Variables: currentTerm, state, votedFor, log,
// commitIndex, votesResponded, votesGranted, nextIndex, matchIndex and the message
// bag `messages`. Differences from raft.tla, each on purpose:
// - The network is Quorum's bag network: DropMessage and DuplicateMessage are its
//   `messages.drop` and `messages.duplicate`. raft.tla keeps a message whose count has
//   fallen to 0 in the bag's domain and lets it be received again (driving the count
//   below zero); here a delivered last copy is gone, as in a real network.
// - Restart is Quorum's instant crash-restart (`Crashes(restartsOf:)`): the node keeps
//   currentTerm, votedFor and log (declared durable) and every other per-server
//   variable returns to its initial value, exactly raft.tla's Restart.
// - The proof-only field mlog of raft.tla's messages and the history variables
//   elections, allLogs and voterLog are left out: no action reads them, and mlog would
//   multiply the messages. Three history variables are kept as ghosts (not part of state
//   identity, like TLC's VIEW, so they change no count): `committed`, the entries leaders
//   have committed, which leader completeness is about; and, for the proofs, `voted`
//   (whom each server voted for in each term, raft.tla's voterLog in small) and
//   `leaderOf` (each term's leader, what raft.tla's elections record).
//
// Bounds (the state constraint, as the TLC models of raft.tla use): every currentTerm
// ≤ maxTerm, every log ≤ maxLogLength entries, each message at most maxCopies times in
// flight and at most maxMessages distinct messages in flight. Servers and values are
// parameters. A state outside the constraint is checked but not expanded, so storage
// allows one more of each (terms to maxTerm + 1, logs to maxLogLength + 1, ...).
// The servers are declared symmetric (`Symmetric(server)`, TLC's SYMMETRY): no action
// or property singles one out, so states equal up to renaming servers are counted once.
// raft.tla leaves stale values behind: a server that stops leading keeps its nextIndex
// and matchIndex, and one that stops campaigning keeps its vote tallies, though nothing
// reads them until BecomeLeader or Timeout sets them afresh. The spec declares them
// irrelevant there (`Irrelevant`): a non-leader's nextIndex and matchIndex, and a
// follower's votesResponded and votesGranted (any non-candidate's in the bug variants
// that leave out the proof's invariants, which read a leader's tally). Z3 confirms, beside each check, that
// states differing only there step alike and satisfy the same properties, so they count
// as one state. The defaults have 77,083 states up to renaming and irrelevance (depth
// 37); 460,497 with `--no-symmetry`, 322,580 with `--no-irrelevance` and 1,931,973 (depth
// 53, every state counted as TLC counts them) with both flags.
//
// Properties:
// - "election safety": no two servers are leaders of the same term at once.
// - "log matching": if two logs have an entry with the same index and term, they are
//   identical in all entries up to that index.
// - "leader completeness": an entry committed by the leader of term t is, at the same
//   index, in the log of every leader of a term later than t (over the ghost `committed`:
//   like TLC's VIEW, a state is judged with the history of the first path reaching it).
// - "state machine safety": no two servers have committed (index ≤ commitIndex)
//   different entries at the same index.
// - "leader append-only" (a transition property): a leader that stays leader of the
//   same term never removes or changes entries of its log, it only appends.
// - "a leader is elected" and "an entry is committed": reachable, so the safety checks
//   above are not vacuous.
//
// The proof. `quorum prove Specs/Raft.swift --invariant "election safety"` shows election
// safety inductive with ten auxiliary invariants, so it holds at every depth of this
// instance. The argument is Raft's own: a server grants at most one vote per term. A
// vote of term t from k to candidate i lives in one of three places: k's votedFor
// (while k is in term t), a grant in flight, or i's votesGranted. The invariants say
// each of those agrees with the others ("a counted vote is the voter's vote of that
// term", "a grant in flight is the voter's vote of that term", "a grant in flight is
// counted by no other campaign", "grants in flight of one voter and term go to one
// candidate"), hence two campaigns of one term never count the same voter ("campaigns of
// one term share no voter"), and a leader counts a majority ("leaders hold a majority of
// votes"); two majorities intersect, so two leaders of one term would share a voter.
// Votes only move forward in time because no message carries a term its sender has not
// reached. The last three auxiliary invariants are not about votes: the proof also shows
// that no action fails to evaluate, and AppendEntries reads the leader's log at
// nextIndex - 1. A leader's nextIndex stays within its log because its requests in
// flight, and the successful answers to them, speak of entries it has.
//
// `quorum prove Specs/Raft.swift --invariant "log matching" --param values=2
// --param maxLogLength=2` shows log matching inductive with two client values and logs of
// two entries (also with three entries and terms up to 3, and with two messages in
// flight), where it is no longer trivial: two servers may hold different entries at one
// index, and an entry must fix the whole log before it. The argument needs history, kept
// in the ghosts `voted` and `leaderOf`, and sixteen more auxiliary invariants. The history
// agrees with the present ("votedFor is the vote of the current term in the history", "the
// history has no vote beyond a server's term", "a counted vote is in the history", "a
// grant in flight is in the history"), so a term's recorded leader won a majority of that
// term's votes ("a term's recorded leader had a majority of its votes") and two candidates
// of one term cannot both win: the current leader is the recorded one ("a leader is its
// term's recorded leader"), and a server that led a term never campaigns in it again ("a
// recorded leader has reached its term and campaigns in it no more"). Only a term's leader
// creates entries of that term, one per index, so every entry in a log or in flight is one
// its term's leader holds while it leads ("an entry in a log comes from its term's
// leader", "an entry in flight comes from its term's leader"), and two entries of one
// index and term are the same ("entries of one index and term are equal", "an entry in
// flight equals the logged entries of its index and term", "entries in flight of one index
// and term are equal, after entries of one term"). Terms only grow along a log and no
// entry is newer than its holder ("terms never decrease along a log", "an entry in a log is
// of its server's term or earlier", "an entry in flight is of a term from its prevLogTerm
// to its request's"). That gives the prefix: a request carries, with its entry, the term
// of the entry before it, which every log holding the entry agrees with ("an entry in
// flight agrees with the logs that hold it on the entry before"); the receiver checks the
// same term at prevLogIndex, so by log matching before the step the receiver's log up to
// there is every such log's, and the appended entry keeps it so.
//
// Leader completeness and state machine safety are proven only where at most one term
// can elect a leader, as at the defaults (terms start at 1, a timeout makes a candidate of
// the next term, and maxTerm is 2): `quorum prove Specs/Raft.swift --invariant "state
// machine safety"` (also with two values and logs of two entries), and the same for
// "leader completeness". Both follow from the bound, not from the commit rule. Two more
// auxiliary invariants say that the first term elects nobody ("a server of the first term
// is a follower", "the first term has no leader"); then every entry is of the one electing
// term, and by the log-matching invariants any two logs agree at every index they share,
// committed or not. A third ("a commit record is of a term that had a leader") puts every
// commit in that term, so no leader of a later term exists and leader completeness holds
// vacuously. With maxTerm 3 (two electing terms) state machine safety is not inductive: the
// counterexample is a leader of term 3 whose commitIndex is beyond its log appending an
// entry that differs from one a follower committed at that index. "commitIndex is within
// the log" would rule it out, but holding it needs leader completeness itself, as a
// follower removes a conflicting entry; and leader completeness is Raft's real argument,
// not written yet: a committed entry is held by the majority that acknowledged it, each of
// which votes in later terms only for a candidate whose log is at least as up to date, and
// such a log holds the entry because any entry of a later term was created by a leader that
// held it. Each auxiliary invariant is also checked by `quorum check`, in every reachable
// state; with two electing terms (`--param maxTerm=3`) that check covers all 1,680,041
// states up to renaming and irrelevance, with three (`maxTerm=4`) all 10,688,766, and
// every property holds.
//
// The classic bugs are variants of this model, each in its own file: RaftNaiveReplication
// (the seed's follower that appends without the prevLogIndex/prevLogTerm check),
// RaftVoteWithoutLogCheck, RaftCommitOldTerm (Figure 8 of the Raft paper) and
// RaftHalfVotes (a candidate wins with half the votes, on 4 servers).
import Quorum

/// Raft with configurable servers, values and bounds.
public struct Raft: Specification {
    @Parameter("number of servers", in: 1...5) public var servers = 3
    @Parameter("number of client values", in: 1...3) public var values = 1
    @Parameter("highest term explored (terms start at 1)", in: 1...6) public var maxTerm = 2
    @Parameter("longest log explored", in: 0...4) public var maxLogLength = 1
    @Parameter("most copies of one message in flight", in: 1...3) public var maxCopies = 1
    @Parameter("most distinct messages in flight", in: 1...8) public var maxMessages = 1

    public init() {}

    public var spec: Spec {
        RaftModel(servers: servers, values: values, maxTerm: maxTerm, maxLogLength: maxLogLength,
                  maxCopies: maxCopies, maxMessages: maxMessages).spec("Raft")
    }
}

/// The sorts, variables, actions and properties of Raft, from which Raft and its buggy
/// variants are assembled (a variant replaces actions by name).
public struct RaftModel {
    public let servers: Int
    public let server: Sort
    public let value: Sort
    public let maxTerm: Int
    public let maxLogLength: Int
    public let maxCopies: Int
    public let maxMessages: Int
    public let entry: Record
    public let message: Union
    public let index: Sort
    public let net: Network

    public let currentTerm: Term
    public let state: Term
    public let votedFor: Term
    public let log: Term
    public let commitIndex: Term
    public let votesResponded: Term
    public let votesGranted: Term
    public let nextIndex: Term
    public let matchIndex: Term
    public let committed: Term
    /// History for the proof of log matching: whom each server voted for in each term.
    public let voted: Term
    /// History for the proofs of log matching and of the commit properties: the leader each term had, if any.
    public let leaderOf: Term
    /// The terms a server may be in (one beyond maxTerm, for states outside the constraint).
    public let terms: Sort
    /// An entry a leader committed: its index, the entry, and the leader's term.
    public let commitRecord: Record

    public init(servers: Int, values: Int, maxTerm: Int, maxLogLength: Int, maxCopies: Int, maxMessages: Int) {
        self.servers = servers
        self.maxTerm = maxTerm
        self.maxLogLength = maxLogLength
        self.maxCopies = maxCopies
        self.maxMessages = maxMessages
        server = Sort.nodes("s", count: servers)
        value = Sort.nodes("v", count: values)
        let term = Sort.range(0...maxTerm)
        index = Sort.range(0...maxLogLength)
        entry = Record("Entry", ["term": Sort.range(1...maxTerm), "value": value])
        message = Union("Message", [
            "requestVoteRequest": ["term": term, "lastLogTerm": term, "lastLogIndex": index, "source": server, "dest": server],
            "requestVoteResponse": ["term": term, "voteGranted": Sort.bool, "source": server, "dest": server],
            "appendEntriesRequest": ["term": term, "prevLogIndex": index, "prevLogTerm": term,
                                     "entries": Sort.sequence(of: entry, capacity: 1), "commitIndex": index,
                                     "source": server, "dest": server],
            "appendEntriesResponse": ["term": term, "success": Sort.bool, "matchIndex": index, "source": server, "dest": server],
        ])
        // Storage holds one more than the constraint allows: such states are checked, not expanded.
        net = Network("messages", of: message, .bag(maxCopies: maxCopies + 1, maxDistinct: maxMessages + 1),
                      lossy: true, duplicating: true)
        let role = Sort.enumeration("State", "follower", "candidate", "leader")
        currentTerm = variable("currentTerm", .function(server, Sort.range(1...maxTerm + 1)), durable: true)
        state = variable("state", .function(server, role))
        votedFor = variable("votedFor", .function(server, server.orNone), durable: true)
        log = variable("log", .function(server, Sort.sequence(of: entry, capacity: maxLogLength + 1)), durable: true)
        commitIndex = variable("commitIndex", .function(server, Sort.range(0...maxLogLength + 1)))
        votesResponded = variable("votesResponded", .function(server, .setOf(server)))
        votesGranted = variable("votesGranted", .function(server, .setOf(server)))
        nextIndex = variable("nextIndex", .function(server, .function(server, Sort.range(1...maxLogLength + 2))))
        matchIndex = variable("matchIndex", .function(server, .function(server, Sort.range(0...maxLogLength + 1))))
        commitRecord = Record("Commit", [
            "index": Sort.range(1...maxLogLength + 1), "entry": entry.sort, "term": Sort.range(1...maxTerm + 1),
        ])
        committed = ghost("committed", .setOf(commitRecord))
        terms = Sort.range(1...maxTerm + 1)
        voted = ghost("voted", .function(server, .function(terms, server.orNone)))
        leaderOf = ghost("leaderOf", .function(terms, server.orNone))
    }

    /// The indices 1…maxLogLength + 1 a log may have.
    public var positions: Term { Sort.range(1...maxLogLength + 1).members }

    /// The term of the last entry of a log, 0 when it is empty.
    public func lastTerm(_ log: Term) -> Term { ite(log.isEmpty, 0, log.last.term) }

    /// A set of servers is a majority.
    public func isQuorum(_ set: Term) -> Term { set.count * 2 > .int(servers) }

    /// The whole spec, with `replacing` actions standing in for the ones of the same name.
    ///
    /// A variant (`replacing` not empty) leaves out the auxiliary invariants of the proofs
    /// unless `auxiliary` keeps them: they are facts about correct Raft, and most bugs break
    /// them before the property they are known for. A variant whose bug leaves them true
    /// keeps them, because bounded model checking assumes each one at a depth once it holds
    /// there, which prunes the deeper paths the solver must rule out.
    public func spec(_ name: String, replacing: [Action] = [], auxiliary: Bool? = nil) -> Spec {
        let auxiliary = auxiliary ?? replacing.isEmpty
        let replacements = Dictionary(uniqueKeysWithValues: replacing.map { ($0.name, $0) })
        let actions = self.actions.map { replacements[$0.name] ?? $0 }
        let variables = [currentTerm, state, votedFor, log, commitIndex, votesResponded, votesGranted,
                         nextIndex, matchIndex, committed, voted, leaderOf]
        let server = self.server
        return Spec(name, variables: variables) {
            net
            Crashes(restartsOf: server)
            Symmetric(server)
            Irrelevant(votesResponded) { i in tallyIrrelevant(i, auxiliary: auxiliary) }
            Irrelevant(votesGranted) { i in tallyIrrelevant(i, auxiliary: auxiliary) }
            Irrelevant(nextIndex) { i in state[i] != "leader" }
            Irrelevant(matchIndex) { i in state[i] != "leader" }
            Initial {
                currentTerm <- function(server) { _ in 1 }
                state <- function(server) { _ in "follower" }
                votedFor <- function(server) { _ in .none }
                log <- function(server) { _ in [] }
                commitIndex <- function(server) { _ in 0 }
                votesResponded <- function(server) { _ in [] }
                votesGranted <- function(server) { _ in [] }
                nextIndex <- function(server) { _ in function(server) { _ in 1 } }
                matchIndex <- function(server) { _ in function(server) { _ in 0 } }
                committed <- []
                voted <- function(server) { _ in function(terms) { _ in .none } }
                leaderOf <- function(terms) { _ in .none }
            }
            actions.map { $0 as any SpecComponent }
            properties(auxiliary: auxiliary)
            StateConstraint {
                forAll(server.named("i")) { i in currentTerm[i] <= .int(maxTerm) && log[i].length <= .int(maxLogLength) }
                    && net.messages.count <= .int(maxMessages)
                    && forAll(net.messages.named("m")) { m in net.term.copies(of: m) <= .int(maxCopies) }
            }
        }
    }

    /// Where server i's vote tallies are irrelevant: nothing reads them outside a
    /// campaign, but the proof's auxiliary invariants read a leader's, so with those only
    /// a follower's are.
    public func tallyIrrelevant(_ i: Term, auxiliary: Bool) -> Term {
        auxiliary ? state[i] == "follower" : state[i] != "candidate"
    }

    // MARK: - Actions

    public var actions: [Action] {
        [timeout, requestVote, becomeLeader, clientRequest, advanceCommitIndex, appendEntries,
         updateTerm, handleRequestVoteRequest, handleRequestVoteResponse, dropStaleResponse,
         handleAppendEntriesRequest, handleAppendEntriesResponse]
    }

    /// Server i times out and starts a new election.
    public var timeout: Action {
        Action("Timeout", over: server.named("i")) { i in
            Require(state[i] == "follower" || state[i] == "candidate")
            state[i] <- "candidate"
            currentTerm[i] <- currentTerm[i] + 1
            votedFor[i] <- .none
            votesResponded[i] <- []
            votesGranted[i] <- []
        }
    }

    /// Candidate i asks server j for its vote.
    public var requestVote: Action {
        Action("RequestVote", over: server.named("i"), server.named("j")) { i, j in
            Require(state[i] == "candidate" && !votesResponded[i].contains(j))
            net.send(message.requestVoteRequest(term: currentTerm[i], lastLogTerm: lastTerm(log[i]),
                                                lastLogIndex: log[i].length, source: i, dest: j))
        }
    }

    /// Candidate i with votes from a majority becomes leader.
    public var becomeLeader: Action {
        Action("BecomeLeader", over: server.named("i")) { i in
            Require(state[i] == "candidate" && isQuorum(votesGranted[i]))
            state[i] <- "leader"
            leaderOf[currentTerm[i]] <- some(i)
            nextIndex[i] <- function(server) { _ in log[i].length + 1 }
            matchIndex[i] <- function(server) { _ in 0 }
        }
    }

    /// Leader i appends a client's value to its log.
    public var clientRequest: Action {
        Action("ClientRequest", over: server.named("i"), value.named("v")) { i, v in
            Require(state[i] == "leader")
            log[i] <- log[i].appending(entry(term: currentTerm[i], value: v))
        }
    }

    /// Leader i commits the highest index a majority stores, if that entry is of its term.
    public var advanceCommitIndex: Action {
        Action("AdvanceCommitIndex", over: server.named("i")) { i in
            Require(state[i] == "leader")
            Let(positions.filter { n in
                n <= log[i].length && isQuorum(server.members.filter { k in k == i || matchIndex[i][k] >= n })
            }) { agreeIndexes in
                If(!agreeIndexes.isEmpty && log[i][agreeIndexes.max].term == currentTerm[i]) {
                    commit(i, upTo: agreeIndexes.max)
                }
            }
        }
    }

    /// Server i's commitIndex becomes `n`, and the ghost history records what it newly commits.
    @StatementBuilder
    public func commit(_ i: Term, upTo n: Term) -> [Statement] {
        committed <- committed.union(positions.filter { k in k > commitIndex[i] && k <= n }
            .map { k in commitRecord(index: k, entry: log[i][k], term: currentTerm[i]) })
        commitIndex[i] <- n
    }

    /// Leader i sends server j an AppendEntries request with at most one entry.
    public var appendEntries: Action {
        Action("AppendEntries", over: server.named("i"), server.named("j")) { i, j in
            Require(i != j && state[i] == "leader")
            Let(nextIndex[i][j] - 1) { prevLogIndex in
                Let(ite(log[i].length < nextIndex[i][j], log[i].length, nextIndex[i][j])) { lastEntry in
                    net.send(message.appendEntriesRequest(
                        term: currentTerm[i], prevLogIndex: prevLogIndex,
                        prevLogTerm: ite(prevLogIndex > 0, log[i][prevLogIndex].term, 0),
                        entries: ite(nextIndex[i][j] <= log[i].length, .sequence(log[i][nextIndex[i][j]]), .sequence()),
                        commitIndex: ite(commitIndex[i] < lastEntry, commitIndex[i], lastEntry),
                        source: i, dest: j))
                }
            }
        }
    }

    /// Any message with a newer term makes its receiver adopt the term and step down;
    /// the message stays in flight to be handled next.
    public var updateTerm: Action {
        Action("UpdateTerm", over: net.messages.named("m")) { m in
            Require(m.term > currentTerm[m.dest])
            currentTerm[m.dest] <- m.term
            state[m.dest] <- "follower"
            votedFor[m.dest] <- .none
        }
    }

    /// Server i = m.dest answers a vote request of its term or an older one.
    public var handleRequestVoteRequest: Action {
        Action("HandleRequestVoteRequest", over: net.messages.named("m")) { m in
            Require(m.is("requestVoteRequest"))
            Let(m.dest) { i in
                Let(m.lastLogTerm > lastTerm(log[i])
                    || (m.lastLogTerm == lastTerm(log[i]) && m.lastLogIndex >= log[i].length)) { logOk in
                    Let(m.term == currentTerm[i] && logOk && (votedFor[i] == .none || votedFor[i] == some(m.source))) { grant in
                        Require(m.term <= currentTerm[i])
                        If(grant) { vote(i, for: m.source) }
                        net.reply(message.requestVoteResponse(term: currentTerm[i], voteGranted: grant,
                                                              source: i, dest: m.source), to: m)
                    }
                }
            }
        }
    }

    /// Server i grants its vote of its current term to candidate c (and the history records it).
    @StatementBuilder
    public func vote(_ i: Term, for c: Term) -> [Statement] {
        votedFor[i] <- some(c)
        voted[i][currentTerm[i]] <- some(c)
    }

    /// Server i = m.dest tallies a vote response of its current term.
    public var handleRequestVoteResponse: Action {
        Action("HandleRequestVoteResponse", over: net.messages.named("m")) { m in
            Require(m.is("requestVoteResponse") && m.term == currentTerm[m.dest])
            votesResponded[m.dest] <- votesResponded[m.dest].inserting(m.source)
            If(m.voteGranted) { votesGranted[m.dest] <- votesGranted[m.dest].inserting(m.source) }
            net.discard(m)
        }
    }

    /// A response of an older term is dropped.
    public var dropStaleResponse: Action {
        Action("DropStaleResponse", over: net.messages.named("m")) { m in
            Require((m.is("requestVoteResponse") || m.is("appendEntriesResponse")) && m.term < currentTerm[m.dest])
            net.discard(m)
        }
    }

    /// Server i = m.dest handles an AppendEntries request: rejects it, returns to follower,
    /// or accepts it (already done, removes a conflicting entry, or appends).
    public var handleAppendEntriesRequest: Action {
        Action("HandleAppendEntriesRequest", over: net.messages.named("m")) { m in
            Require(m.is("appendEntriesRequest"))
            Let(m.dest) { i in
                Let(m.prevLogIndex == 0
                    || (m.prevLogIndex > 0 && m.prevLogIndex <= log[i].length
                        && m.prevLogTerm == log[i][m.prevLogIndex].term)) { logOk in
                    Require(m.term <= currentTerm[i])
                    If(m.term < currentTerm[i] || (m.term == currentTerm[i] && state[i] == "follower" && !logOk)) {
                        reject(m)
                    } else: {
                        Require(m.term == currentTerm[i])
                        If(state[i] == "candidate") {
                            state[i] <- "follower"
                        } else: {
                            Require(state[i] == "follower" && logOk)
                            accept(m, at: i)
                        }
                    }
                }
            }
        }
    }

    /// The reply refusing an AppendEntries request.
    public func reject(_ m: Term) -> Assignment {
        net.reply(message.appendEntriesResponse(term: currentTerm[m.dest], success: false, matchIndex: 0,
                                                source: m.dest, dest: m.source), to: m)
    }

    /// raft.tla's three ways of accepting a request whose previous entry matches.
    @StatementBuilder
    public func accept(_ m: Term, at i: Term) -> [Statement] {
        let index = m.prevLogIndex + 1
        let matches = m.entries.isEmpty
            || (log[i].length >= index && log[i][index].term == m.entries[1].term)
        If(matches) {
            // Already done with the request.
            commitIndex[i] <- m.commitIndex
            net.reply(message.appendEntriesResponse(term: currentTerm[i], success: true,
                                                    matchIndex: m.prevLogIndex + m.entries.length,
                                                    source: i, dest: m.source), to: m)
        } else: {
            If(log[i].length >= index) {
                // Conflict: remove one entry.
                log[i] <- log[i].prefix(log[i].length - 1)
            } else: {
                // No conflict: append the entry.
                Require(log[i].length == m.prevLogIndex)
                log[i] <- log[i].appending(m.entries[1])
            }
        }
    }

    /// Leader i = m.dest learns how far server j = m.source matches its log.
    public var handleAppendEntriesResponse: Action {
        Action("HandleAppendEntriesResponse", over: net.messages.named("m")) { m in
            Require(m.is("appendEntriesResponse") && m.term == currentTerm[m.dest])
            If(m.success) {
                nextIndex[m.dest][m.source] <- m.matchIndex + 1
                matchIndex[m.dest][m.source] <- m.matchIndex
            } else: {
                nextIndex[m.dest][m.source] <- ite(nextIndex[m.dest][m.source] > 1, nextIndex[m.dest][m.source] - 1, 1)
            }
            net.discard(m)
        }
    }

    // MARK: - Properties

    /// Raft's properties, and with `auxiliary` the invariants of the proofs in the essay.
    public func properties(auxiliary: Bool) -> [any SpecComponent] {
        safety + (auxiliary ? electionProof + logProof + commitProof : [])
    }

    /// The auxiliary invariants that, with those of log matching, prove leader completeness
    /// and state machine safety where at most one term can elect: the first term never
    /// does, and only a term with a leader commits.
    public var commitProof: [any SpecComponent] {
        [
            Always("a server of the first term is a follower", auxiliary: true) {
                forAll(server.named("i")) { i in currentTerm[i] == 1 ==> (state[i] == "follower") }
            },
            Always("the first term has no leader", auxiliary: true) {
                leaderOf[1].isNone
            },
            Always("a commit record is of a term that had a leader", auxiliary: true) {
                forAll(committed.named("c")) { c in leaderOf[c.term].isSome }
            },
        ]
    }

    /// Whether server i is a candidate or a leader (its votesGranted are the votes of its campaign).
    public func campaigning(_ i: Term) -> Term { state[i] == "candidate" || state[i] == "leader" }

    /// Whether a message is a vote granted.
    public func isGrant(_ m: Term) -> Term { m.is("requestVoteResponse") && m.voteGranted }

    /// The auxiliary invariants of the proof of election safety: each server grants at
    /// most one vote per term, wherever that vote now is (the voter's votedFor, a grant in
    /// flight, a campaign's votesGranted), and a leader counts a majority of them.
    public var electionProof: [any SpecComponent] {
        [
            Always("leaders hold a majority of votes", auxiliary: true) {
                forAll(server.named("i")) { i in state[i] == "leader" ==> isQuorum(votesGranted[i]) }
            },
            Always("campaigns of one term share no voter", auxiliary: true) {
                forAll(server.named("i"), server.named("j")) { i, j in
                    (i != j && campaigning(i) && campaigning(j) && currentTerm[i] == currentTerm[j])
                        ==> votesGranted[i].intersection(votesGranted[j]).isEmpty
                }
            },
            Always("a counted vote is the voter's vote of that term", auxiliary: true) {
                forAll(server.named("i"), server.named("k")) { i, k in
                    (campaigning(i) && votesGranted[i].contains(k))
                        ==> (currentTerm[k] >= currentTerm[i]
                            && (currentTerm[k] == currentTerm[i] ==> (votedFor[k] == some(i))))
                }
            },
            Always("a grant in flight is the voter's vote of that term", auxiliary: true) {
                forAll(net.messages.named("m")) { m in
                    isGrant(m) ==> (currentTerm[m.source] >= m.term
                        && (currentTerm[m.source] == m.term ==> (votedFor[m.source] == some(m.dest))))
                }
            },
            Always("a grant in flight is counted by no other campaign", auxiliary: true) {
                forAll(net.messages.named("m"), server.named("j")) { m, j in
                    (isGrant(m) && j != m.dest && campaigning(j) && currentTerm[j] == m.term)
                        ==> !votesGranted[j].contains(m.source)
                }
            },
            Always("grants in flight of one voter and term go to one candidate", auxiliary: true) {
                forAll(net.messages.named("m"), net.messages.named("n")) { m, n in
                    (isGrant(m) && isGrant(n) && m.term == n.term && m.source == n.source) ==> (m.dest == n.dest)
                }
            },
            // What keeps every action's indexing within the logs (the proof covers the failures
            // of evaluation too): a leader's nextIndex, and what its requests and their
            // successful answers say of its log, stay within that log.
            Always("no message is of a term its sender has not reached", auxiliary: true) {
                forAll(net.messages.named("m")) { m in m.term <= currentTerm[m.source] }
            },
            Always("a leader's nextIndex is within its log", auxiliary: true) {
                forAll(server.named("i"), server.named("j")) { i, j in
                    state[i] == "leader" ==> (nextIndex[i][j] <= log[i].length + 1)
                }
            },
            Always("a leader's requests in flight are within its log", auxiliary: true) {
                forAll(net.messages.named("m")) { m in
                    (m.is("appendEntriesRequest") && currentTerm[m.source] == m.term)
                        ==> (state[m.source] != "candidate"
                            && (state[m.source] == "leader" ==> (m.prevLogIndex + m.entries.length <= log[m.source].length)))
                }
            },
            Always("successful answers to a leader are within its log", auxiliary: true) {
                forAll(net.messages.named("m")) { m in
                    (m.is("appendEntriesResponse") && m.success)
                        ==> (m.term <= currentTerm[m.dest]
                            && (currentTerm[m.dest] == m.term
                                ==> (state[m.dest] != "candidate"
                                    && (state[m.dest] == "leader" ==> (m.matchIndex <= log[m.dest].length)))))
                }
            },
        ]
    }

    /// Whether entry e, at index n of a log or of a request in flight, came from its term's
    /// recorded leader, which still holds it while it leads that term.
    func fromLeader(_ e: Term, at n: Term) -> Term {
        define(leaderOf[e.term]) { recorded in
            recorded.isSome && define(recorded.unwrapped) { l in
                (state[l] == "leader" && currentTerm[l] == e.term) ==> (n <= log[l].length && log[l][n] == e)
            }
        }
    }

    /// Whether m is an AppendEntries request carrying an entry.
    func carriesEntry(_ m: Term) -> Term { m.is("appendEntriesRequest") && !m.entries.isEmpty }

    /// The auxiliary invariants of the proof of log matching, over the history variables
    /// `voted` and `leaderOf`: only the leader of a term creates entries of that term, one
    /// per index, so two entries of one index and term are the same entry.
    public var logProof: [any SpecComponent] {
        [
            Always("votedFor is the vote of the current term in the history", auxiliary: true) {
                forAll(server.named("k")) { k in voted[k][currentTerm[k]] == votedFor[k] }
            },
            Always("the history has no vote beyond a server's term", auxiliary: true) {
                forAll(server.named("k"), terms.members.named("t")) { k, t in
                    t > currentTerm[k] ==> voted[k][t].isNone
                }
            },
            Always("a counted vote is in the history", auxiliary: true) {
                forAll(server.named("i"), server.named("k")) { i, k in
                    (campaigning(i) && votesGranted[i].contains(k)) ==> (voted[k][currentTerm[i]] == some(i))
                }
            },
            Always("a grant in flight is in the history", auxiliary: true) {
                forAll(net.messages.named("m")) { m in
                    (isGrant(m) && m.term >= 1) ==> (voted[m.source][m.term] == some(m.dest))
                }
            },
            Always("a term's recorded leader had a majority of its votes", auxiliary: true) {
                forAll(terms.members.named("t")) { t in
                    leaderOf[t].isSome ==> isQuorum(server.members.filter { k in voted[k][t] == leaderOf[t] })
                }
            },
            Always("a leader is its term's recorded leader", auxiliary: true) {
                forAll(server.named("i")) { i in state[i] == "leader" ==> (leaderOf[currentTerm[i]] == some(i)) }
            },
            Always("a recorded leader has reached its term and campaigns in it no more", auxiliary: true) {
                forAll(terms.members.named("t")) { t in
                    leaderOf[t].isSome ==> (currentTerm[leaderOf[t].unwrapped] >= t
                        && (currentTerm[leaderOf[t].unwrapped] == t ==> (state[leaderOf[t].unwrapped] != "candidate")))
                }
            },
            Always("an entry in a log comes from its term's leader", auxiliary: true) {
                forAll(server.named("k"), positions.named("n")) { k, n in
                    n <= log[k].length ==> fromLeader(log[k][n], at: n)
                }
            },
            Always("an entry in flight comes from its term's leader", auxiliary: true) {
                forAll(net.messages.named("m")) { m in
                    carriesEntry(m) ==> fromLeader(m.entries[1], at: m.prevLogIndex + 1)
                }
            },
            Always("entries of one index and term are equal", auxiliary: true) {
                forAll(server.named("k"), server.named("j")) { k, j in
                    forAll(positions.named("n")) { n in
                        (n <= log[k].length && n <= log[j].length && log[k][n].term == log[j][n].term)
                            ==> (log[k][n] == log[j][n])
                    }
                }
            },
            Always("an entry in a log is of its server's term or earlier", auxiliary: true) {
                forAll(server.named("k"), positions.named("n")) { k, n in
                    n <= log[k].length ==> (log[k][n].term <= currentTerm[k])
                }
            },
            Always("an entry in flight is of a term from its prevLogTerm to its request's", auxiliary: true) {
                forAll(net.messages.named("m")) { m in
                    carriesEntry(m) ==> ((m.prevLogIndex == 0) == (m.prevLogTerm == 0)
                        && m.prevLogTerm <= m.entries[1].term && m.entries[1].term <= m.term)
                }
            },
            Always("entries in flight of one index and term are equal, after entries of one term", auxiliary: true) {
                forAll(net.messages.named("m"), net.messages.named("o")) { m, o in
                    (carriesEntry(m) && carriesEntry(o) && m.prevLogIndex == o.prevLogIndex
                        && m.entries[1].term == o.entries[1].term)
                        ==> (m.entries[1] == o.entries[1] && m.prevLogTerm == o.prevLogTerm)
                }
            },
            Always("terms never decrease along a log", auxiliary: true) {
                forAll(server.named("k"), positions.named("n")) { k, n in
                    n + 1 <= log[k].length ==> (log[k][n].term <= log[k][n + 1].term)
                }
            },
            Always("an entry in flight agrees with the logs that hold it on the entry before", auxiliary: true) {
                forAll(net.messages.named("m"), server.named("k")) { m, k in
                    (carriesEntry(m) && m.prevLogIndex >= 1 && m.prevLogIndex + 1 <= log[k].length
                        && log[k][m.prevLogIndex + 1].term == m.entries[1].term)
                        ==> (log[k][m.prevLogIndex].term == m.prevLogTerm)
                }
            },
            Always("an entry in flight equals the logged entries of its index and term", auxiliary: true) {
                forAll(net.messages.named("m"), server.named("k")) { m, k in
                    (carriesEntry(m) && m.prevLogIndex + 1 <= log[k].length
                        && log[k][m.prevLogIndex + 1].term == m.entries[1].term)
                        ==> (log[k][m.prevLogIndex + 1] == m.entries[1])
                }
            },
        ]
    }

    /// The properties checked of Raft and of each variant.
    public var safety: [any SpecComponent] {
        [
            Always("election safety") {
                forAll(server.named("i"), server.named("j")) { i, j in
                    (i != j && state[i] == "leader" && state[j] == "leader") ==> (currentTerm[i] != currentTerm[j])
                }
            },
            Always("log matching") {
                forAll(server.named("i"), server.named("j")) { i, j in
                    forAll(positions.named("n")) { n in
                        (n <= log[i].length && n <= log[j].length && log[i][n].term == log[j][n].term)
                            ==> (log[i].prefix(n) == log[j].prefix(n))
                    }
                }
            },
            Always("leader completeness") {
                forAll(committed.named("c"), server.named("l")) { c, l in
                    (state[l] == "leader" && currentTerm[l] > c.term)
                        ==> (c.index <= log[l].length && log[l][c.index] == c.entry)
                }
            },
            Always("state machine safety") {
                forAll(server.named("i"), server.named("j")) { i, j in
                    forAll(positions.named("n")) { n in
                        (n <= commitIndex[i] && n <= commitIndex[j] && n <= log[i].length && n <= log[j].length)
                            ==> (log[i][n] == log[j][n])
                    }
                }
            },
            Transition("leader append-only") {
                forAll(server.named("i")) { i in
                    (state[i] == "leader" && state.next[i] == "leader" && currentTerm.next[i] == currentTerm[i])
                        ==> (log.next[i].length >= log[i].length && log.next[i].prefix(log[i].length) == log[i])
                }
            },
            Sometimes("a leader is elected") {
                exists(server.named("i")) { i in state[i] == "leader" }
            },
            Sometimes("an entry is committed") {
                exists(server.named("i")) { i in commitIndex[i] > 0 }
            },
        ]
    }
}
