// Single-decree Paxos, after Lamport's "Paxos Made Simple" and the Paxos module
// of the TLA+ Examples (specifications/Paxos/Paxos.tla).
//
// Acceptors must agree on one value although proposers run concurrently and
// messages are delayed, repeated or never delivered. Ballots order the attempts.
// In phase 1 a ballot's leader asks acceptors to promise not to take part in
// lower ballots (1a); each acceptor answers with the last vote it cast (1b). In
// phase 2 the leader, once a majority has promised, proposes the value of the
// highest vote among those answers, or any value if there was none (2a), and
// acceptors vote for it unless they promised a higher ballot (2b). A value is
// chosen when a majority votes for it in one ballot.
//
// The spec follows Paxos.tla action for action: Phase1a(b), Phase1b(a),
// Phase2a(b, v) and Phase2b(a) over the variables maxBal, maxVBal, maxVal and a
// set of messages that only grows (so a message, once sent, can be received any
// number of times, in any order, or never). Quorums are the majorities of
// acceptors; TLA+'s None is an absent optional value, and the "no ballot" -1 is
// kept as in the original.
//
// Bounds: 3 acceptors, 2 values and ballots 0...1 by default, each a parameter.
// Ballots are the only unbounded part of Paxos; bounding them bounds every
// variable.
//
// Properties:
// - "agreement": at most one value is chosen (Consensus.tla's Cardinality(chosen) ≤ 1),
//   where v is chosen if every acceptor of some majority sent a 2b vote for v in
//   one ballot.
// - "a value is chosen": some reachable state has a chosen value, so the safety
//   check is not vacuous.
//
// Proof: `quorum prove` shows "agreement" inductive for the instance, at every
// depth, with five auxiliary invariants — the ones of Lamport's proof of Paxos.tla
// (its AccInv and MsgInv), stated over the same variables. Agreement alone is not
// inductive: a state may hold a 2a proposal for a value no majority could have let
// through, and a vote for it then breaks agreement. The strengthening says why no
// reachable state is like that. A 2a message proposes only a value that is *safe*
// at its ballot — for every lower ballot c some majority has either voted for that
// value in c or will never vote in c (each of its members has promised a higher
// ballot and cast no vote in c) — and there is one 2a message per ballot. A 1b
// message reports its sender's last vote truthfully, and that the sender cast no
// vote between it and the ballot it promised. A 2b vote follows a 2a proposal of its
// ballot. An acceptor's own variables agree with the votes it sent, and it never
// voted above maxVBal. Each auxiliary invariant is also an ordinary invariant, so
// `quorum check` confirms it on every reachable state.
import Quorum

/// Single-decree Paxos with configurable acceptors, values and ballots.
public struct Paxos: Specification {
    @Parameter("number of acceptors", in: 1...6) public var acceptors = 3
    @Parameter("number of values", in: 1...4) public var values = 2
    @Parameter("highest ballot number (ballots are 0...maxBallot)", in: 0...5) public var maxBallot = 1

    public init() {}

    public var spec: Spec {
        let acceptor = Sort.nodes("a", count: acceptors)
        let value = Sort.nodes("v", count: values)
        let ballot = Sort.range(0...maxBallot)
        let ballotOrNone = Sort.range(-1...maxBallot)
        let message = Union("Message", [
            "phase1a": ["bal": ballot],
            "phase1b": ["acc": acceptor, "bal": ballot, "mbal": ballotOrNone, "mval": value.orNone],
            "phase2a": ["bal": ballot, "val": value],
            "phase2b": ["acc": acceptor, "bal": ballot, "val": value],
        ])
        let majorities = Sort.setOf(acceptor).members.filter { q in q.count * 2 > .int(acceptors) }

        let maxBal = variable("maxBal", .function(acceptor, ballotOrNone))
        let maxVBal = variable("maxVBal", .function(acceptor, ballotOrNone))
        let maxVal = variable("maxVal", .function(acceptor, value.orNone))
        let msgs = variable("msgs", .setOf(message))

        /// Value v is chosen in ballot b: a majority voted for it there.
        func chosen(_ v: Term) -> Term {
            exists(ballot.named("b"), majorities.named("q")) { b, q in
                forAll(q.named("a")) { a in msgs.contains(message.phase2b(acc: a, bal: b, val: v)) }
            }
        }

        /// Acceptor a voted for v in ballot b.
        func votedFor(_ a: Term, _ b: Term, _ v: Term) -> Term { msgs.contains(message.phase2b(acc: a, bal: b, val: v)) }
        /// Acceptor a voted for some value in ballot b.
        func votedIn(_ a: Term, _ b: Term) -> Term { exists(value.named("w")) { w in votedFor(a, b, w) } }
        /// Value v is safe at ballot b: in each lower ballot some majority voted for v or never will vote.
        func safeAt(_ b: Term, _ v: Term) -> Term {
            forAll(ballot.named("c")) { c in
                (c < b) ==> exists(majorities.named("q")) { q in
                    forAll(q.named("a")) { a in votedFor(a, c, v) || (!votedIn(a, c) && maxBal[a] > c) }
                }
            }
        }

        return Spec("Paxos", variables: [maxBal, maxVBal, maxVal, msgs]) {
            Initial {
                maxBal <- function(acceptor) { _ in -1 }
                maxVBal <- function(acceptor) { _ in -1 }
                maxVal <- function(acceptor) { _ in .none }
                msgs <- []
            }

            Action("Phase1a", over: ballot.named("b")) { b in
                msgs <- msgs.inserting(message.phase1a(bal: b))
            }
            Action("Phase1b", over: acceptor) { a in
                Choose(msgs.named("m")) { m in
                    Require(m.is("phase1a") && m.bal > maxBal[a])
                    maxBal[a] <- m.bal
                    msgs <- msgs.inserting(message.phase1b(acc: a, bal: m.bal, mbal: maxVBal[a], mval: maxVal[a]))
                }
            }
            Action("Phase2a", over: ballot.named("b"), value) { b, v in
                Require(!exists(msgs.named("m")) { m in m.is("phase2a") && m.bal == b })
                Require(exists(majorities.named("q")) { q in
                    define(msgs.filter { m in m.is("phase1b") && q.contains(m.acc) && m.bal == b }) { promises in
                        define(promises.filter { m in m.mbal >= 0 }) { votes in
                            forAll(q.named("a")) { a in exists(promises.named("m")) { m in m.acc == a } }
                                && (votes.isEmpty || exists(votes.named("m")) { m in
                                    m.mval == some(v) && forAll(votes.named("mm")) { mm in m.mbal >= mm.mbal }
                                })
                        }
                    }
                })
                msgs <- msgs.inserting(message.phase2a(bal: b, val: v))
            }
            Action("Phase2b", over: acceptor) { a in
                Choose(msgs.named("m")) { m in
                    Require(m.is("phase2a") && m.bal >= maxBal[a])
                    maxBal[a] <- m.bal
                    maxVBal[a] <- m.bal
                    maxVal[a] <- some(m.val)
                    msgs <- msgs.inserting(message.phase2b(acc: a, bal: m.bal, val: m.val))
                }
            }

            Always("agreement") {
                forAll(value.named("v1"), value.named("v2")) { v1, v2 in (chosen(v1) && chosen(v2)) ==> v1 == v2 }
            }
            // Auxiliary invariants (Lamport's AccInv and MsgInv): with them "agreement" is inductive.
            Always("acceptors' variables match their votes", auxiliary: true) {
                forAll(acceptor.named("a")) { a in
                    ((maxVBal[a] == -1) == !maxVal[a].isSome)
                        && maxVBal[a] <= maxBal[a]
                        && ((maxVBal[a] >= 0) ==> exists(value.named("v")) { v in maxVal[a] == some(v) && votedFor(a, maxVBal[a], v) })
                        && forAll(ballot.named("c")) { c in (c > maxVBal[a]) ==> !votedIn(a, c) }
                }
            }
            Always("1b messages report the last vote", auxiliary: true) {
                forAll(msgs.named("m")) { m in
                    m.is("phase1b") ==> (
                        m.bal <= maxBal[m.acc]
                            && ((m.mbal >= 0 && exists(value.named("v")) { v in m.mval == some(v) && votedFor(m.acc, m.mbal, v) })
                                || (m.mbal == -1 && !m.mval.isSome))
                            && forAll(ballot.named("c")) { c in (c > m.mbal && c < m.bal) ==> !votedIn(m.acc, c) }
                    )
                }
            }
            Always("2a messages propose safe values", auxiliary: true) {
                forAll(msgs.named("m")) { m in m.is("phase2a") ==> safeAt(m.bal, m.val) }
            }
            Always("one 2a message per ballot", auxiliary: true) {
                forAll(ballot.named("b")) { b in msgs.filter { m in m.is("phase2a") && m.bal == b }.count <= 1 }
            }
            Always("2b votes follow a 2a proposal", auxiliary: true) {
                forAll(msgs.named("m")) { m in
                    m.is("phase2b") ==> (
                        exists(msgs.named("proposal")) { p in p.is("phase2a") && p.bal == m.bal && p.val == m.val }
                            && m.bal <= maxVBal[m.acc]
                    )
                }
            }
            Sometimes("a value is chosen") {
                exists(value.named("v")) { v in chosen(v) }
            }
        }
    }
}
