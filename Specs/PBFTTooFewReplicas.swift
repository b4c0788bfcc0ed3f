// quorum:include PBFT.swift
//
// PBFT deployed on too few replicas: n = 3 for f = 1, with quorums of n − f.
//
// PBFT needs n ≥ 3f + 1 so that two quorums of n − f replicas share f + 1 replicas, at
// least one of them correct. A deployment that keeps the quorum rule "n − f" (so that it
// stays live with f replicas silent) but runs three replicas gets quorums of 2 that share
// one replica, which may be the Byzantine one. A Byzantine primary then pre-prepares two
// requests for the same sequence number and each is prepared at a different correct
// backup: "prepared-value uniqueness" fails, and commits follow.
//
// Everything else is PBFT.swift's model (this file includes it).
import Quorum

/// PBFT on three replicas with one Byzantine.
public struct PBFTTooFewReplicas: Specification {
    @Parameter("highest view explored", in: 0...3) public var maxView = 1
    @Parameter("highest sequence number explored", in: 1...3) public var maxSeq = 1
    @Parameter("number of client requests", in: 1...3) public var requests = 2
    @Parameter("most messages the Byzantine replicas send", in: 0...8) public var budget = 2

    public init() {}

    public var spec: Spec {
        PBFTModel(replicas: 3, faulty: 1, maxView: maxView, maxSeq: maxSeq, requests: requests, budget: budget)
            .spec("PBFTTooFewReplicas", auxiliary: false)
    }
}
