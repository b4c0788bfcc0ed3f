import Quorum

/// Small specs whose state counts can be worked out by hand, for engine tests.
public enum ToySpecs {
    /// A counter from 0 that steps up by one to `limit`: limit + 1 states, depth limit + 1.
    public static func counter(limit: Int, invariantBelow: Int? = nil, constraintAtMost: Int? = nil,
                               canDecrement: Bool = false) -> Spec {
        let x = variable("x", .range(0...limit))
        return Spec("Counter", variables: [x]) {
            Initial { x <- 0 }
            Action("increment") {
                Require(x < .int(limit))
                x <- x + 1
            }
            if canDecrement {
                Action("decrement") {
                    Require(x > 0)
                    x <- x - 1
                }
            }
            if let invariantBelow {
                Always("x is small") { x < .int(invariantBelow) }
            }
            if let constraintAtMost {
                StateConstraint { x <= .int(constraintAtMost) }
            }
            Transition("x never decreases") { x.next >= x }
        }
    }

    /// `bits` independent booleans, each toggled by its own action: 2^bits states, depth bits + 1.
    public static func toggles(bits: Int) -> Spec {
        let node = Sort.nodes("n", count: bits)
        let on = variable("on", .function(node, Sort.bool))
        return Spec("Toggles", variables: [on]) {
            Initial { on <- function(node) { _ in false } }
            Action("toggle", over: node) { n in
                on[n] <- !on[n]
            }
            Sometimes("all on") { forAll(node) { n in on[n] } }
            Sometimes("impossible") { exists(node) { n in on[n] && !on[n] } }
        }
    }

    /// Two counters x and y in 0...4, each stepped up by its own action, with the given
    /// properties and constraint. A successor is judged again only by what its step
    /// changed, so tests on it check that each verdict still comes from the first state
    /// where it changes, inside the constraint and outside it.
    public static func twoCounters(@SpecBuilder _ judged: (_ x: Term, _ y: Term) -> [any SpecComponent]) -> Spec {
        let x = variable("x", .range(0...4))
        let y = variable("y", .range(0...4))
        return Spec("TwoCounters", variables: [x, y]) {
            Initial {
                x <- 0
                y <- 0
            }
            Action("incrementX") {
                Require(x < 4)
                x <- x + 1
            }
            Action("incrementY") {
                Require(y < 4)
                y <- y + 1
            }
            judged(x, y)
        }
    }

    /// Three interchangeable voters (declared symmetric), each voting once for any of them:
    /// 64 states, depth 4. Some voter wins every vote after three steps.
    public static func votes() -> Spec {
        let voter = Sort.nodes("v", count: 3)
        let vote = variable("vote", .function(voter, voter.orNone))
        return Spec("Votes", variables: [vote]) {
            Symmetric(voter)
            Initial { vote <- function(voter) { _ in .none } }
            Action("cast", over: voter.named("i"), voter.named("j")) { i, j in
                Require(vote[i].isNone)
                vote[i] <- some(j)
            }
            Always("no unanimous winner") {
                !exists(voter.named("c")) { c in forAll(voter.named("k")) { k in vote[k] == some(c) } }
            }
            Always("a vote names a voter") { forAll(voter.named("k")) { k in vote[k].isNone || vote[k].isSome } }
            Sometimes("a vote for another") {
                exists(voter.named("i"), voter.named("j")) { i, j in i != j && vote[i] == some(j) }
            }
        }
    }

    /// Initial states chosen nondeterministically; no actions: `count` states, depth 1.
    public static func choices(count: Int) -> Spec {
        let x = variable("x", .range(0...(count - 1)))
        return Spec("Choices", variables: [x]) {
            Initial {
                Choose(Sort.range(0...(count - 1))) { v in x <- v }
            }
        }
    }

    /// Integers divided by a variable divisor: Z3's finite-domain solver gives up on the
    /// division, and bounded model checking must go on with the general solver.
    public static func division() -> Spec {
        let x = variable("x", .range(0...7))
        let y = variable("y", .range(1...3))
        return Spec("Division", variables: [x, y]) {
            Initial {
                x <- 7
                y <- 1
            }
            Action("divide") { x <- x / y }
            Action("bump") {
                Require(y < 3)
                y <- y + 1
            }
            Always("x is never 3 with y at 3") { !(x == 3 && y == 3) }
        }
    }

    /// A short log of 0...5 cut to its first `keep` entries into a variable of 0...`upper`:
    /// the entries it leaves behind (5, out of range) are stored where nothing is held,
    /// which is no error, and must not make the step impossible. 2 states, depth 2.
    public static func narrowingPrefix(keep: Int = 0, upper: Int = 3) -> Spec {
        let wide = variable("wide", .sequence(of: Sort.range(0...5), capacity: 2))
        let narrow = variable("narrow", .sequence(of: Sort.range(0...upper), capacity: 2))
        return Spec("NarrowingPrefix", variables: [wide, narrow]) {
            Initial {
                wide <- .sequence(5, 5)
                narrow <- []
            }
            Action("cut") {
                Require(narrow.length == 0 && wide.length == 2)
                narrow <- wide.prefix(.int(keep))
                wide <- wide.prefix(1)
            }
            Sometimes("cut") { wide.length == 1 }
        }
    }

    /// A ping-pong over a built-in network, for network semantics.
    public static func pingPong(_ semantics: Network.Semantics, lossy: Bool, duplicating: Bool = false) -> Spec {
        let node = Sort.nodes("p", count: 2)
        let message = Union("Message", ["ping": ["from": node], "pong": ["from": node]])
        let net = Network("net", of: message, semantics, lossy: lossy, duplicating: duplicating)
        let pongs = variable("pongs", .range(0...2))
        return Spec("PingPong", variables: [pongs]) {
            net
            Initial { pongs <- 0 }
            Action("ping", over: node) { p in
                Require(pongs == 0)
                if case .fifo = semantics {
                    Require(net.channel(from: p, to: p).isEmpty)
                    net.send(message.ping(from: p), from: p, to: p)
                } else {
                    Require(!net.messages.contains(message.ping(from: p)))
                    net.send(message.ping(from: p))
                }
            }
            if case let .fifo(between, _) = semantics {
                Action("answer", over: node) { p in
                    net.receive(at: p, from: between) { m, _ in
                        Require(m.is("ping"))
                        pongs <- pongs + 1
                    }
                }
            } else {
                Action("answer") {
                    net.receive(where: { m in m.is("ping") }) { _ in
                        Require(pongs < 2)
                        pongs <- pongs + 1
                    }
                }
            }
        }
    }

    /// One node sends `first` then `second` to another, which records what it receives:
    /// over a FIFO channel it receives them in order, over a bag in either order.
    public static func ordering(fifo: Bool) -> Spec {
        let node = Sort.nodes("p", count: 2)
        let message = Sort.enumeration("Message", "first", "second")
        let net = fifo ? Network("net", of: message, .fifo(between: node, capacity: 2))
            : Network("net", of: message, .bag(maxCopies: 1))
        let sent = variable("sent", .range(0...2))
        let received = variable("received", .sequence(of: message, capacity: 2))
        let sender = node.id(0)
        let receiver = node.id(1)
        return Spec("Ordering", variables: [sent, received]) {
            net
            Initial {
                sent <- 0
                received <- []
            }
            Action("send") {
                Require(sent < 2)
                If(sent == 0) {
                    if fifo { net.send("first", from: sender, to: receiver) } else { net.send("first") }
                } else: {
                    if fifo { net.send("second", from: sender, to: receiver) } else { net.send("second") }
                }
                sent <- sent + 1
            }
            Action("deliver") {
                if fifo {
                    net.receive(at: receiver, from: node) { m, _ in received <- received.appending(m) }
                } else {
                    net.receive { m in received <- received.appending(m) }
                }
            }
            Always("in order") { received.length < 1 || received[1] == "first" }
        }
    }

    /// A node that counts to 2 in volatile memory and records it durably, with crash-restart.
    public static func crashRestart(maxCrashes: Int, restart: Bool = true) -> Spec {
        let node = Sort.nodes("s", count: 1)
        let volatile = variable("volatile", .function(node, Sort.range(0...2)))
        let durable = variable("durable", .function(node, Sort.range(0...2)), durable: true)
        return Spec("CrashRestart", variables: [volatile, durable]) {
            Crashes(of: node, restart: restart, maxCrashes: maxCrashes)
            Initial {
                volatile <- function(node) { _ in 0 }
                durable <- function(node) { _ in 0 }
            }
            Action("count", over: node) { s in
                Require(volatile[s] < 2)
                volatile[s] <- volatile[s] + 1
                durable[s] <- volatile[s]
            }
            Sometimes("restarted with durable progress") {
                exists(node) { s in Crashes.isUp(s) && volatile[s] == 0 && durable[s] == 2 }
            }
        }
    }

    /// How a Byzantine toy is configured: which knobs of the fault model are turned.
    public enum Attacker: Sendable {
        /// Signatures and embedded proofs, as declared.
        case authenticated
        /// Embedded votes are not declared, so they are not checked.
        case undeclaredEmbedding
        /// Signatures off: a Byzantine node may name any sender and embed anything.
        case forging
    }

    /// Three voters, one of them Byzantine: correct voters vote "yes" once and may relay
    /// a vote they saw; the Byzantine one sends whatever it can sign, within a budget.
    public static func byzantineVotes(_ attacker: Attacker = .authenticated, budget: Int = 2,
                                      fixed: [Int]? = nil) -> Spec {
        let voter = Sort.nodes("v", count: 3)
        let choice = Sort.enumeration("Choice", "yes", "no")
        let ballot = Record("Ballot", ["choice": choice, "voter": voter])
        let message = Union("Message", [
            "vote": ["choice": choice, "sender": voter],
            "relay": ["ballot": ballot, "sender": voter],
        ])
        let sent = Network("sent", of: message, .set)
        let voted = variable("voted", .function(voter, Sort.bool))
        var faults = fixed.map { Byzantine(of: voter, fixed: $0, sending: sent, authenticated: attacker != .forging, budget: budget) }
            ?? Byzantine(of: voter, count: 1, sending: sent, authenticated: attacker != .forging, budget: budget)
        if attacker != .undeclaredEmbedding {
            faults = faults.embeds(ballot) { b in sent.messages.contains(message.vote(choice: b.choice, sender: b.voter)) }
        }
        return Spec("ByzantineVotes", variables: [voted]) {
            sent
            faults
            Initial { voted <- function(voter) { _ in false } }
            Action("Vote", over: voter.named("i")) { i in
                Require(!voted[i])
                voted[i] <- true
                sent.send(message.vote(choice: "yes", sender: i))
            }
            Action("Relay", over: voter.named("i"), voter.named("j")) { i, j in
                Require(sent.messages.contains(message.vote(choice: "yes", sender: j)))
                sent.send(message.relay(ballot: ballot(choice: "yes", voter: j), sender: i))
            }
            Always("Byzantine voters run no protocol code") {
                forAll(voter.named("i")) { i in !Byzantine.isCorrect(i) ==> !voted[i] }
            }
            Always("correct voters only vote yes") {
                forAll(sent.messages.named("m")) { m in
                    (m.is("vote") && Byzantine.isCorrect(m.sender)) ==> m.choice == "yes"
                }
            }
            Always("relayed ballots were cast") {
                forAll(sent.messages.named("m")) { m in
                    m.is("relay") ==> sent.messages.contains(message.vote(choice: m.ballot.choice, sender: m.ballot.voter))
                }
            }
            Sometimes("a Byzantine voter equivocates") {
                exists(voter.named("i")) { i in
                    sent.messages.contains(message.vote(choice: "yes", sender: i))
                        && sent.messages.contains(message.vote(choice: "no", sender: i))
                }
            }
        }
    }

    /// How a worker's stale scratch value is (mis)used in `workers`.
    public enum Stale {
        /// Never read once the worker is idle: the declaration is true.
        case unread
        /// Read by an action of an idle worker.
        case readByAction
        /// Read by a reachability property.
        case readByProperty
    }

    /// Two workers, each taking at most two jobs: Start makes an idle
    /// worker busy with scratch 0, Work counts scratch up to 2, Finish (from scratch 1 or
    /// 2) makes it idle again and leaves scratch as it was. Per worker: idle before any
    /// job (1 state), busy at done 0 or 1 with scratch 0 to 2 (6), idle after 1 or 2 jobs
    /// with scratch 1 or 2 (4): 11, so 121 states. `Irrelevant(scratch)` while idle
    /// merges the idle states of equal done: 9 per worker, 81 states. The deepest states
    /// are idle after two jobs, the last with scratch 2: 7 steps a worker, depth 15. Up to
    /// irrelevance scratch no longer counts there: 6 steps a worker, depth 13. Both workers
    /// finish twice after 12 steps either way.
    public static func workers(_ stale: Stale = .unread) -> Spec {
        let worker = Sort.nodes("w", count: 2)
        let mode = variable("mode", .function(worker, Sort.enumeration("Mode", "idle", "busy")))
        let scratch = variable("scratch", .function(worker, .range(0...2)))
        let done = variable("done", .function(worker, .range(0...2)))
        return Spec("Workers", variables: [mode, scratch, done]) {
            Irrelevant(scratch) { i in mode[i] == "idle" }
            Initial {
                mode <- function(worker) { _ in "idle" }
                scratch <- function(worker) { _ in 0 }
                done <- function(worker) { _ in 0 }
            }
            Action("Start", over: worker.named("i")) { i in
                Require(mode[i] == "idle" && done[i] < 2)
                mode[i] <- "busy"
                scratch[i] <- 0
            }
            Action("Work", over: worker.named("i")) { i in
                Require(mode[i] == "busy" && scratch[i] < 2)
                scratch[i] <- scratch[i] + 1
            }
            Action("Finish", over: worker.named("i")) { i in
                Require(mode[i] == "busy" && scratch[i] >= 1)
                mode[i] <- "idle"
                done[i] <- done[i] + 1
            }
            if stale == .readByAction {
                Action("Peek", over: worker.named("i")) { i in
                    Require(mode[i] == "idle" && scratch[i] == 1 && done[i] < 2)
                    done[i] <- 2
                }
            }
            Always("done within bounds") { forAll(worker.named("i")) { i in done[i] <= 2 } }
            Sometimes("both finished twice") { forAll(worker.named("i")) { i in done[i] == 2 } }
            if stale == .readByProperty {
                Sometimes("an idle worker kept 1") { exists(worker.named("i")) { i in mode[i] == "idle" && scratch[i] == 1 } }
            }
        }
    }
}
