import Foundation
import SpecIR
import Z3Kit

/// A spec translated into Z3 terms for one engine run: the context that owns the
/// terms, the transition system, and how long the translation took (which every
/// reported time and time limit counts).
final class EncodedSpec {
    let context: Context
    let system: TransitionSystem
    let seconds: Double

    /// Encodes a validated spec (throws for constructs the symbolic engine cannot encode).
    init(_ spec: Spec) throws(SymbolicError) {
        let start = Date()
        do {
            context = try Context()
            system = try TransitionSystem(spec: spec, context: context)
        } catch {
            throw SymbolicError(error)
        }
        seconds = Date().timeIntervalSince(start)
    }
}
