// Two-phase commit, after Gray and Lamport, "Consensus on Transaction Commit" (2006).
//
// A transaction manager and a set of resource managers must agree whether a
// transaction commits or aborts. Each resource manager starts out working; it may
// prepare (promising to commit if asked) or, while still working, decide on its own
// to abort. The transaction manager collects "prepared" messages; once every
// resource manager has prepared it may commit, and at any time before deciding it
// may abort. Its decision goes out as a message that resource managers act on.
//
// This is the TwoPhase module of the TLA+ Examples (transaction_commit/TwoPhase.tla),
// action for action: the same four variables, the same seven actions and the same
// message set, so the state graph is TLC's. Messages are never lost or removed:
// `msgs` only grows, which models a network that may deliver a message any number
// of times. With 3 resource managers TLC reports 288 distinct states and a search
// depth of 11; Quorum's tests pin the same figures.
//
// Bounds: the protocol is finite by itself; the only parameter is the number of
// resource managers (default 3).
//
// Properties:
// - "type correctness": TPTypeOK. Quorum's states are typed, so every state is
//   well-typed by construction; the property is stated anyway, as in the TLA+ spec,
//   so that both engines check the same list.
// - "consistency": no resource manager has committed while another has aborted
//   (TCConsistent of the TCommit module, which TwoPhase refines).
// - "commit reachable", "abort reachable": both outcomes can happen, so the spec is
//   not vacuously safe.
//
// Proof: `quorum prove` shows "consistency" inductive for the instance, at every
// depth, with six auxiliary invariants that say what each message and each local
// state implies. Consistency alone is not inductive: a state where one resource
// manager is working and another has committed is consistent, yet the working one
// may abort next. The strengthening rules that state out: a Commit message exists
// only once the manager has committed, which it does only after every resource
// manager prepared (so none is still working, and none can abort on its own), and a
// resource manager commits only on that message. Each auxiliary invariant is also an
// ordinary invariant, so `quorum check` confirms it on every reachable state.
import Quorum

/// Two-phase commit with a configurable number of resource managers.
public struct TwoPhaseCommit: Specification {
    @Parameter("number of resource managers", in: 1...8) public var resourceManagers = 3

    public init() {}

    public var spec: Spec {
        let resourceManager = Sort.nodes("rm", count: resourceManagers)
        let resourceManagerState = Sort.enumeration("RMState", "working", "prepared", "committed", "aborted")
        let managerState = Sort.enumeration("TMState", "init", "committed", "aborted")
        let message = Union("Message", [
            "Prepared": ["rm": resourceManager],
            "Commit": [:],
            "Abort": [:],
        ])

        let rmState = variable("rmState", .function(resourceManager, resourceManagerState))
        let tmState = variable("tmState", managerState)
        let tmPrepared = variable("tmPrepared", .setOf(resourceManager))
        let msgs = variable("msgs", .setOf(message))

        return Spec("TwoPhaseCommit", variables: [rmState, tmState, tmPrepared, msgs]) {
            Initial {
                rmState <- function(resourceManager) { _ in "working" }
                tmState <- "init"
                tmPrepared <- []
                msgs <- []
            }

            Action("TMRcvPrepared", over: resourceManager) { rm in
                Require(tmState == "init")
                Require(msgs.contains(message.Prepared(rm: rm)))
                tmPrepared <- tmPrepared.inserting(rm)
            }
            Action("TMCommit") {
                Require(tmState == "init")
                Require(tmPrepared == resourceManager.members)
                tmState <- "committed"
                msgs <- msgs.inserting(message.Commit())
            }
            Action("TMAbort") {
                Require(tmState == "init")
                tmState <- "aborted"
                msgs <- msgs.inserting(message.Abort())
            }
            Action("RMPrepare", over: resourceManager) { rm in
                Require(rmState[rm] == "working")
                rmState[rm] <- "prepared"
                msgs <- msgs.inserting(message.Prepared(rm: rm))
            }
            Action("RMChooseToAbort", over: resourceManager) { rm in
                Require(rmState[rm] == "working")
                rmState[rm] <- "aborted"
            }
            Action("RMRcvCommitMsg", over: resourceManager) { rm in
                Require(msgs.contains(message.Commit()))
                rmState[rm] <- "committed"
            }
            Action("RMRcvAbortMsg", over: resourceManager) { rm in
                Require(msgs.contains(message.Abort()))
                rmState[rm] <- "aborted"
            }

            Always("type correctness") {
                tmPrepared.isSubset(of: resourceManager.members) && msgs.isSubset(of: message.members)
            }
            Always("consistency") {
                forAll(resourceManager, resourceManager) { rm1, rm2 in
                    !(rmState[rm1] == "aborted" && rmState[rm2] == "committed")
                }
            }
            // Auxiliary invariants: together with "consistency" they are inductive.
            Always("prepared only after working", auxiliary: true) {
                forAll(resourceManager) { rm in msgs.contains(message.Prepared(rm: rm)) ==> (rmState[rm] != "working") }
            }
            Always("manager records only sent messages", auxiliary: true) {
                forAll(tmPrepared.named("rm")) { rm in msgs.contains(message.Prepared(rm: rm)) }
            }
            Always("decision messages follow the manager", auxiliary: true) {
                (msgs.contains(message.Commit()) ==> (tmState == "committed"))
                    && (msgs.contains(message.Abort()) ==> (tmState == "aborted"))
            }
            Always("commit only when all prepared", auxiliary: true) {
                msgs.contains(message.Commit()) ==> forAll(resourceManager) { rm in
                    rmState[rm] == "prepared" || rmState[rm] == "committed"
                }
            }
            Always("committed only on the decision", auxiliary: true) {
                forAll(resourceManager) { rm in (rmState[rm] == "committed") ==> msgs.contains(message.Commit()) }
            }
            Always("a prepared abort follows the decision", auxiliary: true) {
                forAll(resourceManager) { rm in
                    (rmState[rm] == "aborted" && msgs.contains(message.Prepared(rm: rm))) ==> msgs.contains(message.Abort())
                }
            }
            Sometimes("commit reachable") {
                forAll(resourceManager) { rm in rmState[rm] == "committed" }
            }
            Sometimes("abort reachable") {
                exists(resourceManager) { rm in rmState[rm] == "aborted" }
            }
        }
    }
}
