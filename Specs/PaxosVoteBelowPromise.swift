// Single-decree Paxos with a bug: acceptors vote in ballots they promised to ignore.
//
// The same spec as Paxos.swift (the TLA+ Examples' Paxos), except that Phase2b
// lets an acceptor vote for a 2a proposal whatever ballot it has promised
// (the guard m.bal ≥ maxBal[a] is gone). A proposer relies on promises: once a
// majority promised ballot 1, no value other than ballot 1's may be chosen in
// ballot 0. Without the guard, a value chosen in ballot 1 and another voted by a
// majority in ballot 0 break agreement.
//
// Expected: `quorum check` reports "agreement" violated and exits 1 with a
// shortest trace (its length is pinned in the tests and listed in the README).
import Quorum

/// Single-decree Paxos whose acceptors vote below their promise.
public struct PaxosVoteBelowPromise: Specification {
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

        return Spec("PaxosVoteBelowPromise", variables: [maxBal, maxVBal, maxVal, msgs]) {
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
                    // The bug: the promise (maxBal) is not checked.
                    Require(m.is("phase2a"))
                    maxBal[a] <- m.bal
                    maxVBal[a] <- m.bal
                    maxVal[a] <- some(m.val)
                    msgs <- msgs.inserting(message.phase2b(acc: a, bal: m.bal, val: m.val))
                }
            }

            Always("agreement") {
                forAll(value.named("v1"), value.named("v2")) { v1, v2 in (chosen(v1) && chosen(v2)) ==> v1 == v2 }
            }
            Sometimes("a value is chosen") {
                exists(value.named("v")) { v in chosen(v) }
            }
        }
    }
}
