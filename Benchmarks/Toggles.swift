// Toggles: the engine's own cost per state, with almost no protocol in the way.
//
// `bits` independent booleans, each flipped by its own action: 2^bits reachable
// states, each with `bits` successors. Every step is one assignment, so the run
// time is nearly all exploration machinery (encoding, fingerprinting, the visited
// set, the frontier, the trace log). `bin/benchmark` uses it to report that floor
// next to the protocol specs. Not a protocol, so not among the shipped specs.
import Quorum

struct Toggles: Specification {
    @Parameter("number of independent booleans", in: 1...26) var bits = 20

    var spec: Spec {
        let bit = Sort.nodes("b", count: bits)
        let on = variable("on", .function(bit, Sort.bool))
        return Spec("Toggles", variables: [on]) {
            Initial { on <- function(bit) { _ in false } }
            Action("toggle", over: bit) { b in on[b] <- !on[b] }
        }
    }
}
