-------------------------------- MODULE Raft --------------------------------
(***************************************************************************)
(* Quorum's Raft model (Specs/Raft.swift and its bug variants), restated   *)
(* in TLA+ so that TLC can count the same states. It is written from the   *)
(* Swift spec, action for action, and so follows the actions of Ongaro's   *)
(* raft.tla, with the differences the Swift spec's essay lists: a          *)
(* delivered last copy leaves the bag, messages carry no mlog, and only    *)
(* the history `committed` is kept, outside the VIEW so it changes no      *)
(* count. `Bug` selects a variant: "none" (Raft), "naive"                  *)
(* (RaftNaiveReplication), "votelog" (RaftVoteWithoutLogCheck), "half"     *)
(* (RaftHalfVotes) or "oldterm" (RaftCommitOldTerm). bin/tlc runs it.      *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets, TLC

CONSTANTS Server, Value, Nil, MaxTerm, MaxLogLength, MaxCopies, MaxMessages, Bug

VARIABLES currentTerm, state, votedFor, log, commitIndex,
          votesResponded, votesGranted, nextIndex, matchIndex, messages,
          committed

protocol == <<currentTerm, state, votedFor, log, commitIndex,
              votesResponded, votesGranted, nextIndex, matchIndex, messages>>
vars == <<protocol, committed>>

Majority(S) == Cardinality(S) * 2 > Cardinality(Server)
IsQuorum(S) == IF Bug = "half" THEN Cardinality(S) * 2 >= Cardinality(Server) ELSE Majority(S)
LastTerm(l) == IF Len(l) = 0 THEN 0 ELSE l[Len(l)].term
Max(S) == CHOOSE x \in S : \A y \in S : y <= x
Min(a, b) == IF a < b THEN a ELSE b

\* The bag of messages in flight: a function from message to copies, every count at least 1.
Add(m, bag) == IF m \in DOMAIN bag THEN [bag EXCEPT ![m] = @ + 1] ELSE bag @@ (m :> 1)
Remove(m, bag) == IF bag[m] = 1 THEN [k \in DOMAIN bag \ {m} |-> bag[k]] ELSE [bag EXCEPT ![m] = @ - 1]
Send(m) == messages' = Add(m, messages)
Discard(m) == messages' = Remove(m, messages)
Reply(response, request) == messages' = Add(response, Remove(request, messages))

Init ==
    /\ currentTerm = [i \in Server |-> 1]
    /\ state = [i \in Server |-> "follower"]
    /\ votedFor = [i \in Server |-> Nil]
    /\ log = [i \in Server |-> << >>]
    /\ commitIndex = [i \in Server |-> 0]
    /\ votesResponded = [i \in Server |-> {}]
    /\ votesGranted = [i \in Server |-> {}]
    /\ nextIndex = [i \in Server |-> [j \in Server |-> 1]]
    /\ matchIndex = [i \in Server |-> [j \in Server |-> 0]]
    /\ messages = [m \in {} |-> 0]
    /\ committed = {}

\* A crash and instant restart: currentTerm, votedFor and log are durable.
Restart(i) ==
    /\ state' = [state EXCEPT ![i] = "follower"]
    /\ commitIndex' = [commitIndex EXCEPT ![i] = 0]
    /\ votesResponded' = [votesResponded EXCEPT ![i] = {}]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {}]
    /\ nextIndex' = [nextIndex EXCEPT ![i] = [j \in Server |-> 1]]
    /\ matchIndex' = [matchIndex EXCEPT ![i] = [j \in Server |-> 0]]
    /\ UNCHANGED <<currentTerm, votedFor, log, messages, committed>>

Timeout(i) ==
    /\ state[i] \in {"follower", "candidate"}
    /\ state' = [state EXCEPT ![i] = "candidate"]
    /\ currentTerm' = [currentTerm EXCEPT ![i] = @ + 1]
    /\ votedFor' = [votedFor EXCEPT ![i] = Nil]
    /\ votesResponded' = [votesResponded EXCEPT ![i] = {}]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {}]
    /\ UNCHANGED <<log, commitIndex, nextIndex, matchIndex, messages, committed>>

RequestVote(i, j) ==
    /\ state[i] = "candidate"
    /\ j \notin votesResponded[i]
    /\ Send([type |-> "RequestVoteRequest", term |-> currentTerm[i], lastLogTerm |-> LastTerm(log[i]),
             lastLogIndex |-> Len(log[i]), source |-> i, dest |-> j])
    /\ UNCHANGED <<currentTerm, state, votedFor, log, commitIndex, votesResponded, votesGranted,
                   nextIndex, matchIndex, committed>>

BecomeLeader(i) ==
    /\ state[i] = "candidate"
    /\ IsQuorum(votesGranted[i])
    /\ state' = [state EXCEPT ![i] = "leader"]
    /\ nextIndex' = [nextIndex EXCEPT ![i] = [j \in Server |-> Len(log[i]) + 1]]
    /\ matchIndex' = [matchIndex EXCEPT ![i] = [j \in Server |-> 0]]
    /\ UNCHANGED <<currentTerm, votedFor, log, commitIndex, votesResponded, votesGranted, messages, committed>>

ClientRequest(i, v) ==
    /\ state[i] = "leader"
    /\ log' = [log EXCEPT ![i] = Append(@, [term |-> currentTerm[i], value |-> v])]
    /\ UNCHANGED <<currentTerm, state, votedFor, commitIndex, votesResponded, votesGranted,
                   nextIndex, matchIndex, messages, committed>>

\* The highest index a majority stores is committed if its entry is of the leader's term
\* (of any term in "oldterm"); the history records the newly committed entries.
AdvanceCommitIndex(i) ==
    /\ state[i] = "leader"
    /\ LET agree(n) == {i} \cup {k \in Server : matchIndex[i][k] >= n}
           indexes == {n \in 1..Len(log[i]) : Majority(agree(n))}
       IN IF indexes /= {} /\ (Bug = "oldterm" \/ log[i][Max(indexes)].term = currentTerm[i])
          THEN /\ committed' = committed \cup
                    {[index |-> k, entry |-> log[i][k], term |-> currentTerm[i]] : k \in commitIndex[i] + 1 .. Max(indexes)}
               /\ commitIndex' = [commitIndex EXCEPT ![i] = Max(indexes)]
          ELSE UNCHANGED <<commitIndex, committed>>
    /\ UNCHANGED <<currentTerm, state, votedFor, log, votesResponded, votesGranted, nextIndex, matchIndex, messages>>

AppendEntries(i, j) ==
    /\ i /= j
    /\ state[i] = "leader"
    /\ LET prevLogIndex == nextIndex[i][j] - 1
           lastEntry == Min(Len(log[i]), nextIndex[i][j])
       IN Send([type |-> "AppendEntriesRequest", term |-> currentTerm[i], prevLogIndex |-> prevLogIndex,
                prevLogTerm |-> IF prevLogIndex > 0 THEN log[i][prevLogIndex].term ELSE 0,
                entries |-> IF nextIndex[i][j] <= Len(log[i]) THEN << log[i][nextIndex[i][j]] >> ELSE << >>,
                commitIndex |-> Min(commitIndex[i], lastEntry), source |-> i, dest |-> j])
    /\ UNCHANGED <<currentTerm, state, votedFor, log, commitIndex, votesResponded, votesGranted,
                   nextIndex, matchIndex, committed>>

UpdateTerm(m) ==
    /\ m.term > currentTerm[m.dest]
    /\ currentTerm' = [currentTerm EXCEPT ![m.dest] = m.term]
    /\ state' = [state EXCEPT ![m.dest] = "follower"]
    /\ votedFor' = [votedFor EXCEPT ![m.dest] = Nil]
    /\ UNCHANGED <<log, commitIndex, votesResponded, votesGranted, nextIndex, matchIndex, messages, committed>>

HandleRequestVoteRequest(m) ==
    LET i == m.dest
        logOk == \/ Bug = "votelog"
                 \/ m.lastLogTerm > LastTerm(log[i])
                 \/ m.lastLogTerm = LastTerm(log[i]) /\ m.lastLogIndex >= Len(log[i])
        grant == m.term = currentTerm[i] /\ logOk /\ votedFor[i] \in {Nil, m.source}
    IN /\ m.type = "RequestVoteRequest"
       /\ m.term <= currentTerm[i]
       /\ votedFor' = IF grant THEN [votedFor EXCEPT ![i] = m.source] ELSE votedFor
       /\ Reply([type |-> "RequestVoteResponse", term |-> currentTerm[i], voteGranted |-> grant,
                 source |-> i, dest |-> m.source], m)
       /\ UNCHANGED <<currentTerm, state, log, commitIndex, votesResponded, votesGranted,
                      nextIndex, matchIndex, committed>>

HandleRequestVoteResponse(m) ==
    /\ m.type = "RequestVoteResponse"
    /\ m.term = currentTerm[m.dest]
    /\ votesResponded' = [votesResponded EXCEPT ![m.dest] = @ \cup {m.source}]
    /\ votesGranted' = IF m.voteGranted THEN [votesGranted EXCEPT ![m.dest] = @ \cup {m.source}] ELSE votesGranted
    /\ Discard(m)
    /\ UNCHANGED <<currentTerm, state, votedFor, log, commitIndex, nextIndex, matchIndex, committed>>

DropStaleResponse(m) ==
    /\ m.type \in {"RequestVoteResponse", "AppendEntriesResponse"}
    /\ m.term < currentTerm[m.dest]
    /\ Discard(m)
    /\ UNCHANGED <<currentTerm, state, votedFor, log, commitIndex, votesResponded, votesGranted,
                   nextIndex, matchIndex, committed>>

Reject(m) ==
    Reply([type |-> "AppendEntriesResponse", term |-> currentTerm[m.dest], success |-> FALSE, matchIndex |-> 0,
           source |-> m.dest, dest |-> m.source], m)

Accepted(m) ==
    Reply([type |-> "AppendEntriesResponse", term |-> currentTerm[m.dest], success |-> TRUE,
           matchIndex |-> m.prevLogIndex + Len(m.entries), source |-> m.dest, dest |-> m.source], m)

HandleAppendEntriesRequest(m) ==
    LET i == m.dest
        logOk == \/ m.prevLogIndex = 0
                 \/ m.prevLogIndex > 0 /\ m.prevLogIndex <= Len(log[i]) /\ m.prevLogTerm = log[i][m.prevLogIndex].term
        index == m.prevLogIndex + 1
    IN /\ m.type = "AppendEntriesRequest"
       /\ m.term <= currentTerm[i]
       /\ \/ /\ \/ m.term < currentTerm[i]
                \/ m.term = currentTerm[i] /\ state[i] = "follower" /\ ~logOk
             /\ Reject(m)
             /\ UNCHANGED <<state, log, commitIndex>>
          \/ /\ m.term = currentTerm[i]
             /\ state[i] = "candidate"
             /\ state' = [state EXCEPT ![i] = "follower"]
             /\ UNCHANGED <<log, commitIndex, messages>>
          \/ /\ m.term = currentTerm[i]
             /\ state[i] = "follower"
             /\ logOk
             /\ UNCHANGED state
             /\ \/ /\ \/ m.entries = << >>
                      \/ m.entries /= << >> /\ Len(log[i]) >= index /\ log[i][index].term = m.entries[1].term
                   /\ commitIndex' = [commitIndex EXCEPT ![i] = m.commitIndex]
                   /\ Accepted(m)
                   /\ UNCHANGED log
                \/ /\ m.entries /= << >>
                   /\ Len(log[i]) >= index
                   /\ log[i][index].term /= m.entries[1].term
                   /\ log' = [log EXCEPT ![i] = SubSeq(@, 1, Len(@) - 1)]
                   /\ UNCHANGED <<commitIndex, messages>>
                \/ /\ m.entries /= << >>
                   /\ Len(log[i]) = m.prevLogIndex
                   /\ log' = [log EXCEPT ![i] = Append(@, m.entries[1])]
                   /\ UNCHANGED <<commitIndex, messages>>
       /\ UNCHANGED <<currentTerm, votedFor, votesResponded, votesGranted, nextIndex, matchIndex, committed>>

\* RaftNaiveReplication: the follower appends without checking the entry before.
HandleAppendEntriesRequestNaive(m) ==
    LET i == m.dest
    IN /\ m.type = "AppendEntriesRequest"
       /\ m.term <= currentTerm[i]
       /\ \/ /\ m.term < currentTerm[i]
             /\ Reject(m)
             /\ UNCHANGED <<state, log, commitIndex>>
          \/ /\ m.term = currentTerm[i]
             /\ state' = [state EXCEPT ![i] = "follower"]
             /\ log' = IF m.entries /= << >> THEN [log EXCEPT ![i] = Append(@, m.entries[1])] ELSE log
             /\ commitIndex' = [commitIndex EXCEPT ![i] = m.commitIndex]
             /\ Accepted(m)
       /\ UNCHANGED <<currentTerm, votedFor, votesResponded, votesGranted, nextIndex, matchIndex, committed>>

HandleAppendEntriesResponse(m) ==
    /\ m.type = "AppendEntriesResponse"
    /\ m.term = currentTerm[m.dest]
    /\ IF m.success
       THEN /\ nextIndex' = [nextIndex EXCEPT ![m.dest][m.source] = m.matchIndex + 1]
            /\ matchIndex' = [matchIndex EXCEPT ![m.dest][m.source] = m.matchIndex]
       ELSE /\ nextIndex' = [nextIndex EXCEPT ![m.dest][m.source] = IF @ > 1 THEN @ - 1 ELSE 1]
            /\ UNCHANGED matchIndex
    /\ Discard(m)
    /\ UNCHANGED <<currentTerm, state, votedFor, log, commitIndex, votesResponded, votesGranted, committed>>

DuplicateMessage(m) ==
    /\ Send(m)
    /\ UNCHANGED <<currentTerm, state, votedFor, log, commitIndex, votesResponded, votesGranted,
                   nextIndex, matchIndex, committed>>

DropMessage(m) ==
    /\ Discard(m)
    /\ UNCHANGED <<currentTerm, state, votedFor, log, commitIndex, votesResponded, votesGranted,
                   nextIndex, matchIndex, committed>>

Next ==
    \/ \E i \in Server : Restart(i)
    \/ \E i \in Server : Timeout(i)
    \/ \E i, j \in Server : RequestVote(i, j)
    \/ \E i \in Server : BecomeLeader(i)
    \/ \E i \in Server, v \in Value : ClientRequest(i, v)
    \/ \E i \in Server : AdvanceCommitIndex(i)
    \/ \E i, j \in Server : AppendEntries(i, j)
    \/ \E m \in DOMAIN messages :
          \/ UpdateTerm(m)
          \/ HandleRequestVoteRequest(m)
          \/ HandleRequestVoteResponse(m)
          \/ DropStaleResponse(m)
          \/ IF Bug = "naive" THEN HandleAppendEntriesRequestNaive(m) ELSE HandleAppendEntriesRequest(m)
          \/ HandleAppendEntriesResponse(m)
          \/ DuplicateMessage(m)
          \/ DropMessage(m)

Spec == Init /\ [][Next]_vars

\* The state constraint: states beyond it are judged, not explored.
Bounds ==
    /\ \A i \in Server : currentTerm[i] <= MaxTerm /\ Len(log[i]) <= MaxLogLength
    /\ Cardinality(DOMAIN messages) <= MaxMessages
    /\ \A m \in DOMAIN messages : messages[m] <= MaxCopies

Positions == 1 .. MaxLogLength + 1

ElectionSafety ==
    \A i, j \in Server : (i /= j /\ state[i] = "leader" /\ state[j] = "leader") => currentTerm[i] /= currentTerm[j]

LogMatching ==
    \A i, j \in Server : \A n \in Positions :
        (n <= Len(log[i]) /\ n <= Len(log[j]) /\ log[i][n].term = log[j][n].term)
            => SubSeq(log[i], 1, n) = SubSeq(log[j], 1, n)

LeaderCompleteness ==
    \A c \in committed, l \in Server :
        (state[l] = "leader" /\ currentTerm[l] > c.term) => (c.index <= Len(log[l]) /\ log[l][c.index] = c.entry)

StateMachineSafety ==
    \A i, j \in Server : \A n \in Positions :
        (n <= commitIndex[i] /\ n <= commitIndex[j] /\ n <= Len(log[i]) /\ n <= Len(log[j])) => log[i][n] = log[j][n]

LeaderAppendOnly ==
    [][\A i \in Server : (state[i] = "leader" /\ state'[i] = "leader" /\ currentTerm'[i] = currentTerm[i])
                         => (Len(log'[i]) >= Len(log[i]) /\ SubSeq(log'[i], 1, Len(log[i])) = log[i])]_vars

Symmetry == Permutations(Server)
=============================================================================
