// Practical Byzantine Fault Tolerance, after Castro and Liskov (OSDI 1999).
//
// n = 3f + 1 replicas agree on the order of client requests although f of them are
// Byzantine. The primary of view v (replica v mod n) assigns a request a sequence number
// in a PRE-PREPARE; each backup that accepts it (one request per view and sequence
// number) sends a PREPARE. A replica is *prepared* with the request when it holds the
// pre-prepare and 2f matching prepares from distinct backups: 2f + 1 replicas vouch for
// the assignment, and two such quorums of the n share a correct replica, which never
// vouches twice; so prepared requests are unique per view and sequence number. A
// prepared replica sends COMMIT; with 2f + 1 matching commits it is *committed-local*
// and executes the request. When the primary seems faulty, replicas move to the next
// view with a VIEW-CHANGE carrying their prepared certificates; the new primary, with
// 2f + 1 view changes, sends a NEW-VIEW that re-proposes, for each sequence number, the
// request of the certificate of the highest view among them. A request committed-local
// somewhere was prepared at 2f + 1 replicas, f + 1 of them correct, one of which is in
// any quorum of view changes: the request survives into every later view.
//
// The model. Quorum's Byzantine fault model (`Byzantine`) makes f replicas Byzantine,
// every choice of f of them (each its own initial state; `--param byzantine=k` fixes
// replica k instead): they run no protocol code and
// may, at any step, send any message of any type, with any field values, signed as
// themselves. A certificate inside a VIEW-CHANGE stands for signed messages of others, so
// a Byzantine replica may only put in one a certificate whose pre-prepare and 2f prepares
// were sent (`embeds(certificate, provenBy:)`). The network keeps every message sent
// (set semantics: any delay, reordering and duplication); a correct replica acts on a
// message whenever it likes after it was sent, which is receipt with arbitrary delay.
// What a replica has acted on is its state: `view`, `changing` (sent a VIEW-CHANGE for
// `view` and waits for its NEW-VIEW), `accepted` (the assignments of requests to view and
// sequence number it pre-prepared, prepared or took from a NEW-VIEW: a replica remembers
// what it sent itself, so a forged message in its name cannot change its mind),
// `prepared` (its certificates) and `committed` (its committed-local decisions).
//
// Differences from the paper, each on purpose:
// - Requests are the values a, b, …, always available (clients are not modelled); there
//   are no replies, checkpoints or garbage collection, and a VIEW-CHANGE carries no
//   checkpoint. Messages carry the request itself for its digest.
// - A certificate is (view, sequence number, request). Correct replicas only hold
//   certificates they earned, and a Byzantine replica only embeds proven ones, so the
//   pre-prepare and prepares behind one are always in the network, as signatures would
//   guarantee.
// - A NEW-VIEW carries its re-proposals O (per sequence number, a request or none) but
//   not the view changes V: a replica accepts it when some 2f + 1 VIEW-CHANGE messages of
//   the view, from distinct replicas, justify O, which is the check the paper's backups
//   make on V. A sequence number without a certificate is left free (the new primary may
//   pre-prepare any request there) where the paper fills the gaps below the highest
//   certificate with null requests; no request can have committed there in an earlier view.
// - A Byzantine replica that sent several VIEW-CHANGE messages for one view may be
//   counted with a different one for each sequence number, as if it had sent their
//   union, which it may do.
// - `budget` bounds how many messages the Byzantine replicas send in a behaviour (each is
//   a new state; an unbounded attacker multiplies the states by every subset of its
//   messages). Views, sequence numbers and requests are bounded by their domains.
//
// Properties, over correct replicas only:
// - "prepared-value uniqueness": no two correct replicas are prepared with different
//   requests for the same view and sequence number.
// - "commit agreement": no two correct replicas commit (committed-local) different
//   requests for the same sequence number, in any views.
// - "a request is committed" and "a view change completes" (a correct replica is
//   active in a view after 0): reachable, so the checks are not vacuous.
//
// The proof. `quorum prove Specs/PBFT.swift --invariant "prepared-value uniqueness"`
// shows uniqueness inductive with the auxiliary invariants below, so it holds at every
// depth of this instance (Byzantine sends included: they are actions like any other).
// Two certificates of one view and sequence number rest on 2f prepares each from
// distinct backups. If the primary is correct it pre-prepared one request only (it sends
// one NEW-VIEW per view, before any pre-prepare of the view, and pre-prepares only where
// its NEW-VIEW proposed nothing); if it is Byzantine, the two sets of 2f backups overlap
// in f replicas, at most f − 1 of them Byzantine, and a correct backup prepares one
// request per view and sequence number (it prepares only in its current view, before
// leaving it). The auxiliary invariants are those steps: a correct replica accepts one
// request per view and sequence number; accepts nothing of a view it has not entered;
// sends (pre-prepares, prepares, re-proposes) only what it accepted; accepted only what
// the view's primary pre-prepared; and holds only certificates it accepted, with their
// prepares. The fault model adds its own: the Byzantine replicas stay the f chosen.
import Quorum

/// PBFT with f Byzantine replicas among 3f + 1.
public struct PBFT: Specification {
    @Parameter("Byzantine replicas tolerated (f); there are 3f + 1 replicas", in: 1...2) public var faulty = 1
    @Parameter("highest view explored", in: 0...3) public var maxView = 1
    @Parameter("highest sequence number explored", in: 1...3) public var maxSeq = 1
    @Parameter("number of client requests", in: 1...3) public var requests = 2
    @Parameter("most messages the Byzantine replicas send", in: 0...8) public var budget = 2
    @Parameter("the one Byzantine replica (index from 0), or -1 for every choice of f replicas", in: -1...6)
    public var byzantine = -1

    public init() {}

    public var spec: Spec {
        PBFTModel(replicas: 3 * faulty + 1, faulty: faulty, maxView: maxView, maxSeq: maxSeq,
                  requests: requests, budget: budget, byzantine: byzantine < 0 ? nil : [byzantine]).spec("PBFT")
    }
}

/// The sorts, variables, actions and properties of PBFT; the buggy variants change its knobs.
public struct PBFTModel {
    public let replicas: Int
    public let faulty: Int
    public let maxView: Int
    /// Matching commits a replica needs (2f + 1 in the paper, n − f in general).
    public let quorum: Int
    /// Matching prepares from distinct backups a prepared certificate needs (2f in the paper).
    public let prepares: Int
    public let authenticated: Bool
    /// Whether the new-view rule re-proposes the certificates of the view changes.
    public let keepsCertificates: Bool

    public let replica: Sort
    public let view: Sort
    public let seq: Sort
    public let request: Sort
    public let certificate: Record
    public let decision: Record
    /// A NEW-VIEW's re-proposals: per sequence number a request, or none.
    public let proposals: Sort
    public let message: Union
    public let sent: Network
    public let faults: Byzantine

    public let currentView: Term
    public let changing: Term
    public let accepted: Term
    public let prepared: Term
    public let committed: Term

    public init(replicas: Int, faulty: Int, maxView: Int, maxSeq: Int, requests: Int, budget: Int,
                byzantine: [Int]? = nil, quorum: Int? = nil, prepares: Int? = nil, authenticated: Bool = true,
                keepsCertificates: Bool = true) {
        self.replicas = replicas
        self.faulty = faulty
        self.maxView = maxView
        self.quorum = quorum ?? replicas - faulty
        self.prepares = prepares ?? (quorum ?? replicas - faulty) - 1
        self.authenticated = authenticated
        self.keepsCertificates = keepsCertificates
        replica = Sort.nodes("r", count: replicas)
        view = Sort.range(0...maxView)
        seq = Sort.range(1...maxSeq)
        request = Sort.enumeration(name: "Request", cases: Array(["a", "b", "c"].prefix(requests)))
        certificate = Record("Certificate", ["view": view, "seq": seq, "request": request])
        decision = Record("Decision", ["seq": seq, "request": request])
        proposals = Sort.function(seq, request.orNone)
        message = Union("Message", [
            "prePrepare": ["view": view, "seq": seq, "request": request, "sender": replica],
            "prepare": ["view": view, "seq": seq, "request": request, "sender": replica],
            "commit": ["view": view, "seq": seq, "request": request, "sender": replica],
            "viewChange": ["view": view, "prepared": Sort.setOf(certificate), "sender": replica],
            "newView": ["view": view, "proposals": proposals, "sender": replica],
        ])
        let sent = Network("sent", of: message, .set)
        self.sent = sent
        currentView = variable("view", .function(replica, view))
        changing = variable("changing", .function(replica, Sort.bool))
        accepted = variable("accepted", .function(replica, .setOf(certificate)))
        prepared = variable("prepared", .function(replica, .setOf(certificate)))
        committed = variable("committed", .function(replica, .setOf(decision)))
        if let byzantine {
            faults = Byzantine(of: replica, fixed: byzantine, sending: sent, authenticated: authenticated, budget: budget)
        } else {
            faults = Byzantine(of: replica, count: faulty, sending: sent, authenticated: authenticated, budget: budget)
        }
    }

    /// The primary of a view: replica v mod n.
    public func primary(_ v: Term) -> Term {
        var result = replica.id(maxView % replicas)
        for w in stride(from: maxView - 1, through: 0, by: -1) {
            result = ite(v == .int(w), replica.id(w % replicas), result)
        }
        return result
    }

    /// Whether the primary of view v pre-prepared the request at n: by a PRE-PREPARE, or by
    /// re-proposing it in its NEW-VIEW.
    public func prePrepared(_ v: Term, _ n: Term, _ d: Term) -> Term {
        sent.messages.contains(message.prePrepare(view: v, seq: n, request: d, sender: primary(v)))
            || exists(proposals.named("o")) { o in
                o[n] == some(d) && sent.messages.contains(message.newView(view: v, proposals: o, sender: primary(v)))
            }
    }

    /// The number of distinct backups that sent a PREPARE for the request at (v, n).
    public func prepareCount(_ v: Term, _ n: Term, _ d: Term) -> Term {
        replica.members.filter { r in
            r != primary(v) && sent.messages.contains(message.prepare(view: v, seq: n, request: d, sender: r))
        }.count
    }

    /// Whether the messages behind a certificate were sent: its pre-prepare and enough prepares.
    public func proven(_ c: Term) -> Term {
        prePrepared(c.view, c.seq, c.request) && prepareCount(c.view, c.seq, c.request) >= .int(prepares)
    }

    /// Whether replica q sent a VIEW-CHANGE for view w whose certificates satisfy `holds`.
    func viewChange(_ w: Term, from q: Term, where holds: (Term) -> Term) -> Term {
        exists(Sort.setOf(certificate).named("P")) { p in
            sent.messages.contains(message.viewChange(view: w, prepared: p, sender: q)) && holds(p)
        }
    }

    /// The sets of replicas that are quorums of exactly `quorum` members.
    var quorums: Term {
        let all = (0..<(1 << replicas)).filter { $0.nonzeroBitCount == quorum }.map { mask in
            Term(.setOf(replica, (0..<replicas).filter { mask & (1 << $0) != 0 }.map { .literal(.int($0), replica) }))
        }
        return Term(.setOf(.set(element: replica), all.map(\.expr)))
    }

    /// The new-view rule: some quorum of VIEW-CHANGE messages for view w justifies re-proposals o.
    ///
    /// For each sequence number, o proposes the request of the certificate of the highest view
    /// among the quorum's, or nothing when none has one.
    public func justified(_ w: Term, _ o: Term) -> Term {
        exists(quorums.named("Q")) { q in
            forAll(q.named("q")) { member in viewChange(w, from: member) { _ in true } }
                && (keepsCertificates ? forAll(seq.named("n")) { n in reproposes(q, w, n, o[n]) } : true)
        }
    }

    /// Whether the quorum's view changes for w make `proposal` the re-proposal at n.
    func reproposes(_ q: Term, _ w: Term, _ n: Term, _ proposal: Term) -> Term {
        let none = forAll(q.named("q")) { member in
            viewChange(w, from: member) { p in !exists(p.named("c")) { c in c.seq == n } }
        }
        let highest = exists(view.named("u")) { u in
            let below = { (p: Term) in forAll(p.named("c")) { c in c.seq == n ==> c.view <= u } }
            return exists(q.named("q")) { member in
                viewChange(w, from: member) { p in
                    p.contains(certificate(view: u, seq: n, request: proposal.unwrapped)) && below(p)
                }
            } && forAll(q.named("q")) { member in viewChange(w, from: member, where: below) }
        }
        return ite(proposal.isNone, none, proposal.isSome && highest)
    }

    /// Whether a replica's accepted assignments hold one for view v and sequence number n.
    public func assigned(_ accepted: Term, _ v: Term, _ n: Term) -> Term {
        exists(accepted.named("a")) { a in a.view == v && a.seq == n }
    }

    /// The assignments a NEW-VIEW for view w with re-proposals o makes.
    public func reproposed(_ w: Term, _ o: Term) -> Term {
        seq.members.filter { n in o[n].isSome }.map { n in certificate(view: w, seq: n, request: o[n].unwrapped) }
    }

    /// A replica's VIEW-CHANGE certificates: for each sequence number, the one of the highest view.
    public func latest(_ certificates: Term) -> Term {
        certificates.filter { c in
            !exists(certificates.named("d")) { d in d.seq == c.seq && d.view > c.view }
        }
    }

    /// The whole spec; a variant (`auxiliary: false`) leaves out the proof's invariants, which
    /// are facts about correct PBFT that a bug may break before the property it is known for.
    public func spec(_ name: String, auxiliary: Bool = true) -> Spec {
        let replica = self.replica
        let model = self
        let faults = self.faults.embeds(certificate) { c in model.proven(c) }
        return Spec(name, variables: [currentView, changing, accepted, prepared, committed]) {
            sent
            faults
            Initial {
                currentView <- function(replica) { _ in 0 }
                changing <- function(replica) { _ in false }
                accepted <- function(replica) { _ in [] }
                prepared <- function(replica) { _ in [] }
                committed <- function(replica) { _ in [] }
            }
            actions.map { $0 as any SpecComponent }
            properties(auxiliary: auxiliary).map { $0 as any SpecComponent }
        }
    }

    public var actions: [Action] {
        let (message, sent, currentView, changing, accepted, prepared, committed) =
            (self.message, self.sent, self.currentView, self.changing, self.accepted, self.prepared, self.committed)
        let (request, proposals, view, seq, certificate, decision) =
            (self.request, self.proposals, self.view, self.seq, self.certificate, self.decision)
        return [
            // The primary of the current view assigns request d sequence number n.
            Action("PrePrepare", over: replica.named("i"), seq.named("n"), request.named("d")) { i, n, d in
                Let(currentView[i]) { v in
                    // Not where it pre-prepared, or its NEW-VIEW re-proposed, a request already.
                    Require(!changing[i] && primary(v) == i && !assigned(accepted[i], v, n))
                    accepted[i] <- accepted[i].inserting(certificate(view: v, seq: n, request: d))
                    sent.send(message.prePrepare(view: v, seq: n, request: d, sender: i))
                }
            },
            // A backup accepts the primary's pre-prepare: one request per view and sequence number.
            Action("Prepare", over: replica.named("i"), seq.named("n"), request.named("d")) { i, n, d in
                Let(currentView[i]) { v in
                    Require(!changing[i] && primary(v) != i)
                    Require(sent.messages.contains(message.prePrepare(view: v, seq: n, request: d, sender: primary(v))))
                    Require(!assigned(accepted[i], v, n))
                    accepted[i] <- accepted[i].inserting(certificate(view: v, seq: n, request: d))
                    sent.send(message.prepare(view: v, seq: n, request: d, sender: i))
                }
            },
            // Prepared: the pre-prepare and 2f matching prepares; the replica sends COMMIT.
            Action("Commit", over: replica.named("i"), seq.named("n"), request.named("d")) { i, n, d in
                Let(currentView[i]) { v in
                    Require(!changing[i] && accepted[i].contains(certificate(view: v, seq: n, request: d)))
                    Require(prepareCount(v, n, d) >= .int(prepares))
                    Require(!prepared[i].contains(certificate(view: v, seq: n, request: d)))
                    prepared[i] <- prepared[i].inserting(certificate(view: v, seq: n, request: d))
                    sent.send(message.commit(view: v, seq: n, request: d, sender: i))
                }
            },
            // Committed-local: prepared and 2f + 1 matching commits; the replica executes d at n.
            Action("Execute", over: replica.named("i"), seq.named("n"), request.named("d")) { i, n, d in
                Let(currentView[i]) { v in
                    Require(!changing[i] && prepared[i].contains(certificate(view: v, seq: n, request: d)))
                    Require(replica.members.filter { r in
                        sent.messages.contains(message.commit(view: v, seq: n, request: d, sender: r))
                    }.count >= .int(quorum))
                    Require(!committed[i].contains(decision(seq: n, request: d)))
                    committed[i] <- committed[i].inserting(decision(seq: n, request: d))
                }
            },
            // The replica suspects the primary and moves to the next view, with its certificates.
            Action("StartViewChange", over: replica.named("i")) { i in
                Require(currentView[i] < .int(maxView))
                Let(currentView[i] + 1) { w in
                    currentView[i] <- w
                    changing[i] <- true
                    sent.send(message.viewChange(view: w, prepared: latest(prepared[i]), sender: i))
                }
            },
            // The new primary, with a quorum of view changes, announces the view and its re-proposals.
            Action("NewView", over: replica.named("i"), proposals.named("o")) { i, o in
                Let(currentView[i]) { v in
                    Require(changing[i] && primary(v) == i && justified(v, o))
                    changing[i] <- false
                    accepted[i] <- accepted[i].union(reproposed(v, o))
                    sent.send(message.newView(view: v, proposals: o, sender: i))
                }
            },
            // A backup checks a NEW-VIEW of a later view (or the one it waits for), enters that
            // view and prepares the re-proposals.
            Action("AcceptNewView", over: replica.named("i"), view.named("w"), proposals.named("o")) { i, w, o in
                Require(w > currentView[i] || (w == currentView[i] && changing[i]))
                Require(primary(w) != i)
                Require(sent.messages.contains(message.newView(view: w, proposals: o, sender: primary(w))))
                Require(justified(w, o))
                currentView[i] <- w
                changing[i] <- false
                accepted[i] <- accepted[i].union(reproposed(w, o))
                ForEach(seq.named("n")) { n in
                    If(o[n].isSome) {
                        sent.send(message.prepare(view: w, seq: n, request: o[n].unwrapped, sender: i))
                    }
                }
            },
        ]
    }

    /// Whether both replicas are correct: the properties speak of correct replicas only.
    func correct(_ i: Term, _ j: Term) -> Term { Byzantine.isCorrect(i) && Byzantine.isCorrect(j) }

    public func properties(auxiliary: Bool) -> [any PropertyDeclaration] {
        let (replica, prepared, committed, currentView, changing) =
            (self.replica, self.prepared, self.committed, self.currentView, self.changing)
        return [
            Always("prepared-value uniqueness") {
                forAll(replica.named("i"), replica.named("j")) { i, j in
                    correct(i, j) ==> forAll(prepared[i].named("c"), prepared[j].named("d")) { c, d in
                        (c.view == d.view && c.seq == d.seq) ==> c.request == d.request
                    }
                }
            },
            Always("commit agreement") {
                forAll(replica.named("i"), replica.named("j")) { i, j in
                    correct(i, j) ==> forAll(committed[i].named("c"), committed[j].named("d")) { c, d in
                        c.seq == d.seq ==> c.request == d.request
                    }
                }
            },
            Sometimes("a request is committed") {
                exists(replica.named("i")) { i in Byzantine.isCorrect(i) && !committed[i].isEmpty }
            },
            Sometimes("a view change completes") {
                exists(replica.named("i")) { i in Byzantine.isCorrect(i) && currentView[i] > 0 && !changing[i] }
            },
        ] + (auxiliary ? self.auxiliary : [])
    }

    /// The strengthening invariants of the proof of prepared-value uniqueness (see the essay).
    public var auxiliary: [any PropertyDeclaration] {
        let (replica, view, seq, request, certificate, message, sent) =
            (self.replica, self.view, self.seq, self.request, self.certificate, self.message, self.sent)
        let (currentView, changing, accepted, prepared) = (self.currentView, self.changing, self.accepted, self.prepared)
        let correct = { (i: Term) in Byzantine.isCorrect(i) }
        /// For every correct replica, view, sequence number and request.
        func everyCorrect(_ body: @escaping (Term, Term, Term, Term) -> Term) -> Term {
            forAll(replica.named("i"), view.named("v")) { i, v in
                correct(i) ==> forAll(seq.named("n"), request.named("d")) { n, d in body(i, v, n, d) }
            }
        }
        return [
            Always("a correct replica accepts one request per view and sequence number", auxiliary: true) {
                forAll(replica.named("i")) { i in
                    correct(i) ==> forAll(accepted[i].named("a"), accepted[i].named("b")) { a, b in
                        (a.view == b.view && a.seq == b.seq) ==> a.request == b.request
                    }
                }
            },
            Always("a correct replica accepts nothing of a view it has not entered", auxiliary: true) {
                forAll(replica.named("i")) { i in
                    correct(i) ==> forAll(accepted[i].named("a")) { a in
                        a.view < currentView[i] || (a.view == currentView[i] && !changing[i])
                    }
                }
            },
            Always("a correct replica sends only assignments it accepted", auxiliary: true) {
                everyCorrect { i, v, n, d in
                    let assignment = certificate(view: v, seq: n, request: d)
                    return ((sent.messages.contains(message.prePrepare(view: v, seq: n, request: d, sender: i))
                        || sent.messages.contains(message.prepare(view: v, seq: n, request: d, sender: i))
                        || exists(proposals.named("o")) { o in
                            o[n] == some(d) && sent.messages.contains(message.newView(view: v, proposals: o, sender: i))
                        }) ==> accepted[i].contains(assignment))
                }
            },
            Always("what a correct replica accepted was pre-prepared", auxiliary: true) {
                everyCorrect { i, v, n, d in
                    accepted[i].contains(certificate(view: v, seq: n, request: d)) ==> prePrepared(v, n, d)
                }
            },
            Always("a correct replica's certificates were accepted and have their prepares", auxiliary: true) {
                forAll(replica.named("i")) { i in
                    correct(i) ==> forAll(prepared[i].named("c")) { c in
                        accepted[i].contains(c) && prepareCount(c.view, c.seq, c.request) >= .int(prepares)
                    }
                }
            },
        ]
    }
}
