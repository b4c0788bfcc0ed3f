// quorum:include PBFT.swift
//
// PBFT with an attacker that can forge: messages are not authenticated.
//
// PBFT's quorum arguments count replicas by the signatures on their messages. Turn
// authentication off (the Byzantine fault model's `authenticated: false`) and the one
// Byzantine replica may send messages in the name of any replica, the primary included:
// it forges a second pre-prepare from a correct primary and prepares for both requests,
// and two correct backups are prepared with different requests for one sequence number.
// That the checker finds this is the evidence that the attacker of PBFT.swift is strong
// enough to matter: the same attacker, minus signatures, breaks the protocol.
//
// Bounds: view 0 only (no view change is needed, and a forger that may sign as anyone
// has some hundred messages to choose from at every step), a budget of 3 messages.
//
// Everything else is PBFT.swift's model (this file includes it).
import Quorum

/// PBFT whose Byzantine replica may sign as anyone.
public struct PBFTForgery: Specification {
    @Parameter("highest view explored", in: 0...3) public var maxView = 0
    @Parameter("highest sequence number explored", in: 1...3) public var maxSeq = 1
    @Parameter("number of client requests", in: 1...3) public var requests = 2
    @Parameter("most messages the Byzantine replicas send", in: 0...8) public var budget = 3

    public init() {}

    public var spec: Spec {
        PBFTModel(replicas: 4, faulty: 1, maxView: maxView, maxSeq: maxSeq, requests: requests, budget: budget,
                  authenticated: false)
            .spec("PBFTForgery", auxiliary: false)
    }
}
