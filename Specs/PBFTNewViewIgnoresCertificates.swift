// quorum:include PBFT.swift
//
// PBFT whose new primary ignores the prepared certificates of the VIEW-CHANGE messages.
//
// The new-view rule is what carries a committed request into the next view: any quorum of
// view changes includes a correct replica prepared with it, and the new primary must
// re-propose the request of the highest certificate. A primary that only waits for a
// quorum of view changes and then proposes freely (and backups that accept such a
// NEW-VIEW) can give a sequence number that is already committed-local at one replica a
// different request in the next view: "commit agreement" fails across the view change,
// though "prepared-value uniqueness", which is per view, still holds.
//
// Everything else is PBFT.swift's model (this file includes it).
import Quorum

/// PBFT whose NEW-VIEW re-proposes nothing it was told.
public struct PBFTNewViewIgnoresCertificates: Specification {
    @Parameter("highest view explored", in: 0...3) public var maxView = 1
    @Parameter("highest sequence number explored", in: 1...3) public var maxSeq = 1
    @Parameter("number of client requests", in: 1...3) public var requests = 2
    @Parameter("most messages the Byzantine replicas send", in: 0...8) public var budget = 0

    public init() {}

    public var spec: Spec {
        PBFTModel(replicas: 4, faulty: 1, maxView: maxView, maxSeq: maxSeq, requests: requests, budget: budget,
                  keepsCertificates: false)
            .spec("PBFTNewViewIgnoresCertificates", auxiliary: false)
    }
}
