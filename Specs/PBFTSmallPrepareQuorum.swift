// quorum:include PBFT.swift
//
// PBFT whose prepare quorum is 2f instead of 2f + 1.
//
// A replica is prepared when the pre-prepare and 2f prepares from distinct backups
// vouch for a request: 2f + 1 replicas in all. Counting one prepare fewer (2f replicas in
// all, here the pre-prepare and one prepare) lets two such sets of 4 replicas share only
// the Byzantine primary, which pre-prepares two requests for one sequence number; each
// correct backup that prepares one is then prepared with it on its own prepare, and
// "prepared-value uniqueness" fails.
//
// Everything else is PBFT.swift's model (this file includes it).
import Quorum

/// PBFT that counts 2f − 1 prepares for a prepared certificate.
public struct PBFTSmallPrepareQuorum: Specification {
    @Parameter("highest view explored", in: 0...3) public var maxView = 1
    @Parameter("highest sequence number explored", in: 1...3) public var maxSeq = 1
    @Parameter("number of client requests", in: 1...3) public var requests = 2
    @Parameter("most messages the Byzantine replicas send", in: 0...8) public var budget = 2

    public init() {}

    public var spec: Spec {
        PBFTModel(replicas: 4, faulty: 1, maxView: maxView, maxSeq: maxSeq, requests: requests, budget: budget,
                  prepares: 2 * 1 - 1)
            .spec("PBFTSmallPrepareQuorum", auxiliary: false)
    }
}
