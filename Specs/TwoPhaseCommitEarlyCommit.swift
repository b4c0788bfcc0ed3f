// Two-phase commit with a bug: the transaction manager commits early.
//
// The same spec as TwoPhaseCommit.swift (Gray and Lamport's TwoPhase), except that
// TMCommit waits only for some resource manager to have prepared, not for all of
// them. A resource manager that has not prepared may still abort on its own, and
// then one manager commits while another aborts.
//
// Expected: `quorum check` reports "consistency" violated and exits 1, with a
// shortest trace of 5 steps: one manager prepares, the transaction manager
// receives its vote and commits, another manager aborts on its own, and the first
// one receives the commit.
import Quorum

/// Two-phase commit whose transaction manager commits too early.
public struct TwoPhaseCommitEarlyCommit: Specification {
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

        return Spec("TwoPhaseCommitEarlyCommit", variables: [rmState, tmState, tmPrepared, msgs]) {
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
                // The bug: one prepared resource manager is taken as enough.
                Require(!tmPrepared.isEmpty)
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
            Sometimes("commit reachable") {
                forAll(resourceManager) { rm in rmState[rm] == "committed" }
            }
            Sometimes("abort reachable") {
                exists(resourceManager) { rm in rmState[rm] == "aborted" }
            }
        }
    }
}
