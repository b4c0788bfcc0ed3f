import Foundation
import SpecIR
import Z3Kit

/// Options of an induction proof.
public struct ProofOptions: Sendable {
    /// The invariants to prove (by name); empty: every invariant of the spec.
    public var invariants: [String] = []
    /// k-induction: assume the invariants along k different states before the step (1: plain induction).
    public var k = 1
    public var timeoutSeconds: Double?
    /// Whether the spec's auxiliary invariants strengthen the ones to prove.
    public var useAuxiliary = true

    public init() {}
}

/// Proves invariants inductive with Z3: they hold in every initial state (initiation)
/// and every action preserves them (consecution), so they hold at every depth.
///
/// The auxiliary invariants of the spec are proven along with the chosen ones, and
/// assumed by them. Consecution is checked action by action, so a failure names the
/// action; its counterexample is a state satisfying every invariant from which that
/// action leads to a state breaking one. The state constraint, when the spec has
/// one, is assumed of the state before each step, as the explicit engine expands
/// only states inside it.
public final class InductionProver {
    public let spec: Spec
    let encoded: EncodedSpec
    var context: Context { encoded.context }
    var system: TransitionSystem { encoded.system }
    var encodingSeconds: Double { encoded.seconds }

    /// Encodes a validated spec (throws for constructs the symbolic engine cannot encode).
    public init(spec: Spec) throws(SymbolicError) {
        self.spec = spec
        encoded = try EncodedSpec(spec)
    }

    /// Stops the running check (from another thread); the proof ends unknown.
    public func interrupt() { context.interrupt() }

    public func run(_ options: ProofOptions = ProofOptions()) throws(SymbolicError) -> ProofResult {
        do { return try prove(options) } catch { throw SymbolicError(error) }
    }

    private func prove(_ options: ProofOptions) throws -> ProofResult {
        let start = Date()
        let z3 = context
        let invariants = spec.properties.indices.filter { spec.properties[$0].kind == .always }
        for name in options.invariants where !invariants.contains(where: { spec.properties[$0].name == name }) {
            let known = invariants.map { "\"\(spec.properties[$0].name)\"" }.joined(separator: ", ")
            throw EncodingError("\(spec.name) has no invariant named \"\(name)\" (its invariants: \(known))", at: spec.location)
        }
        guard options.k >= 1 else { throw EncodingError("k-induction needs k of at least 1", at: spec.location) }
        let goals = options.invariants.isEmpty
            ? invariants.filter { !spec.properties[$0].isAuxiliary }
            : invariants.filter { options.invariants.contains(spec.properties[$0].name) }
        let auxiliary = options.useAuxiliary ? invariants.filter { spec.properties[$0].isAuxiliary && !goals.contains($0) } : []
        let proven = goals + auxiliary
        let transitions = options.invariants.isEmpty ? spec.properties.indices.filter { spec.properties[$0].kind == .transition } : []
        // The time limit counts the translation already done.
        let deadline = options.timeoutSeconds.map { start.addingTimeInterval($0 - encodingSeconds) }
        var obligations: [Obligation] = []
        var note: String? = nil

        func result(_ verdict: ProofResult.Verdict, _ counterexample: InductionCounterexample? = nil) -> ProofResult {
            ProofResult(spec: spec.name, parameters: Dictionary(uniqueKeysWithValues: spec.parameters.map { ($0.name, $0.value) }),
                        verdict: verdict, invariants: goals.map { spec.properties[$0].name },
                        auxiliary: auxiliary.map { spec.properties[$0].name }, transitions: transitions.map { spec.properties[$0].name },
                        obligations: obligations, counterexample: counterexample, k: options.k,
                        seconds: encodingSeconds + Date().timeIntervalSince(start), encodingSeconds: encodingSeconds, note: note)
        }

        // Z3's finite-domain solver while it accepts the queries, as in bounded model checking.
        var finite = true

        /// Checks a goal in a fresh solver; `.some(model)` when it is satisfiable.
        func ask(_ assertions: [Term]) throws -> Model?? {
            let solver = try Solver(z3, finiteDomain: finite)
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 {
                    note = "timeout"
                    return nil
                }
                solver.timeout = left
            }
            for a in assertions { try solver.add(a) }
            let answer = try solver.check()
            if finite && answer.isGiveUp {
                finite = false
                return try ask(assertions)
            }
            switch answer {
            case .satisfiable: return .some(try solver.model())
            case .unsatisfiable: return .some(nil)
            case let .unknown(reason):
                note = reason
                return nil
            }
        }

        func holdAll(_ state: [Symbolic]) throws -> [Term] {
            try proven.map { try system.instantiate(system.predicates[$0], current: state) }
        }
        func failures(_ list: [Translator.Failure], _ current: [Symbolic], _ next: [Symbolic]? = nil) throws -> [Term] {
            try list.map { try system.instantiate($0.condition, current: current, next: next) }
        }
        let stateFailures = proven.flatMap { system.propertyFailures[$0] }

        // Without initial states every invariant would hold vacuously: an error instead.
        if case .some(nil) = try ask(stateConstraintsOf(system.freshState("init")) ) {
            throw EncodingError("the spec has no initial state", at: spec.initialLocation)
        }

        // Initiation, and with k > 1 the first k - 1 steps from it: the base case.
        var obligationStart = Date()
        var path: [[Symbolic]] = []
        var pathConstraints: [Term] = []
        var selectors: [Term] = []
        let transitionFailures = transitions.flatMap { system.propertyFailures[$0] }
        for j in 0..<options.k {
            let (s, c) = try system.freshState("base\(j)")
            var goals: [Term] = []
            if j == 0 {
                pathConstraints += c
                pathConstraints.append(try system.instantiate(system.initial, current: s))
                goals += system.initialFailures.map(\.condition)
            } else {
                // Expanding the state before must not fail (consecution covers only states
                // with k - 1 predecessors; these may have fewer).
                let previous = path[j - 1]
                let inside = try system.instantiate(system.constraint, current: previous)
                let expanding = try failures(system.actionFailures, previous)
                if !expanding.isEmpty {
                    guard let answer = try ask(pathConstraints + [inside, try z3.or(expanding)]) else {
                        obligations.append(Obligation(name: "initiation", status: .unknown, seconds: Date().timeIntervalSince(obligationStart)))
                        return result(.unknown)
                    }
                    if let model = answer {
                        obligations.append(Obligation(name: "initiation", status: .failed, seconds: Date().timeIntervalSince(obligationStart)))
                        let found = try system.trace(model, states: path, selectors: selectors, through: j - 1)
                        let index = try expanding.firstIndex { try model.boolean($0) } ?? 0
                        let f = system.actionFailures[index]
                        return result(.notInductive, InductionCounterexample(
                            kind: .evaluation, state: found.last, prefix: j > 1 ? found : nil,
                            step: nil, property: "evaluation", message: "\(f.location): \(f.message)"))
                    }
                }
                let (selector, bounds) = try system.freshSelector("base\(j)")
                pathConstraints += c + bounds
                pathConstraints.append(inside)
                pathConstraints.append(try system.instantiate(system.transition, current: previous, next: s, selector: selector))
                selectors.append(selector)
                // Every step of the path keeps the transition properties.
                goals += try transitions.map { try z3.not(try system.instantiate(system.predicates[$0], current: previous, next: s)) }
                goals += try failures(transitionFailures, previous, s)
            }
            path.append(s)
            goals += try holdAll(s).map { try z3.not($0) }
            goals += try failures(stateFailures + system.constraintFailures, s)
            guard let answer = try ask(pathConstraints + [try z3.or(goals)]) else {
                obligations.append(Obligation(name: "initiation", status: .unknown, seconds: Date().timeIntervalSince(obligationStart)))
                return result(.unknown)
            }
            if let model = answer {
                obligations.append(Obligation(name: "initiation", status: .failed, seconds: Date().timeIntervalSince(obligationStart)))
                let found = try system.trace(model, states: path, selectors: selectors, through: j)
                var property = try brokenName(model, s, among: proven)
                if property == nil && j > 0 {
                    for t in transitions where !(try model.boolean(try system.instantiate(system.predicates[t], current: path[j - 1], next: s))) {
                        property = spec.properties[t].name
                        break
                    }
                }
                return result(.notInductive, InductionCounterexample(
                    kind: property == nil ? .evaluation : .initiation, state: found.last,
                    prefix: j > 0 ? found : nil,
                    step: nil, property: property ?? "evaluation",
                    message: property == nil ? "evaluating a property or the state constraint fails" : nil))
            }
        }
        obligations.append(Obligation(name: "initiation", status: .proven, seconds: Date().timeIntervalSince(obligationStart)))

        // Consecution, action by action: k different states satisfying the invariants (each
        // but the first a step from the one before), then one step of the action.
        var states: [[Symbolic]] = []
        var assumptions: [Term] = []
        var stepSelectors: [Term] = []
        for j in 0..<options.k {
            let (s, c) = try system.freshState("s\(j)")
            assumptions += c
            assumptions += try holdAll(s)
            assumptions.append(try system.instantiate(system.constraint, current: s))
            if j > 0 {
                let (selector, bounds) = try system.freshSelector("s\(j)")
                assumptions += bounds
                assumptions.append(try system.instantiate(system.transition, current: states[j - 1], next: s, selector: selector))
                stepSelectors.append(selector)
            }
            // A simple path: a shortest way to a violation never visits a state twice (else
            // cutting the loop would shorten it), so the assumed states may be taken
            // pairwise different, all variables (ghosts too) compared. Without this a step
            // that changes nothing repeats one unreachable state k times, and no k helps.
            for earlier in states { assumptions.append(try z3.not(try system.same(earlier, s))) }
            states.append(s)
        }
        let before = states[options.k - 1]
        let (after, afterConstraints) = try system.freshState("after")
        let (selector, selectorBounds) = try system.freshSelector("after")
        let step = try system.instantiate(system.transition, current: before, next: after, selector: selector)
        for action in spec.actions {
            obligationStart = Date()
            let mine = system.outcomes.indices.filter { system.instances[system.outcomes[$0].instance].action.name == action.name }
            let chosen = try z3.or(try mine.map { try z3.equal(selector, try z3.int($0)) })
            let broken = try proven.map { try z3.not(try system.instantiate(system.predicates[$0], current: after)) }
                + transitions.map { try z3.not(try system.instantiate(system.predicates[$0], current: before, next: after)) }
            let actionFailures = system.actionFailures.filter { failure in
                failure.context == "action \(action.name)"
            }
            // Expanding `before` must not fail; the step must keep every invariant and
            // transition property, and evaluating them (and the constraint) after it must not fail.
            let afterFailing = try failures(stateFailures + system.constraintFailures, after)
                + (try failures(transitionFailures, before, after))
            let goal = try z3.or([
                try z3.or(try failures(actionFailures, before)),
                try z3.and([chosen, step, try z3.or(broken + afterFailing)]),
            ])
            guard let answer = try ask(assumptions + afterConstraints + selectorBounds + [goal]) else {
                obligations.append(Obligation(name: action.name, status: .unknown, seconds: Date().timeIntervalSince(obligationStart)))
                return result(.unknown)
            }
            guard let model = answer else {
                obligations.append(Obligation(name: action.name, status: .proven, seconds: Date().timeIntervalSince(obligationStart)))
                continue
            }
            obligations.append(Obligation(name: action.name, status: .failed, seconds: Date().timeIntervalSince(obligationStart)))
            let assumed = try system.trace(model, states: states, selectors: stepSelectors, through: options.k - 1)
            let prefix: Trace? = options.k > 1 ? assumed : nil
            let beforeValues = assumed.last
            // An evaluation failure, if that is what the model shows.
            let failureTerms = try failures(actionFailures, before)
            if let index = try failureTerms.firstIndex(where: { try model.boolean($0) }) {
                return result(.notInductive, InductionCounterexample(
                    kind: .evaluation, state: beforeValues, prefix: prefix, step: nil, property: "evaluation",
                    message: "\(actionFailures[index].location): \(actionFailures[index].message)"))
            }
            let afterValues = try system.decode(after, model)
            let taken = try system.step(outcome: try model.integer(selector), after: afterValues, model, current: before)
            var property = try brokenName(model, after, among: proven)
            if property == nil {
                for t in transitions where !(try model.boolean(try system.instantiate(system.predicates[t], current: before, next: after))) {
                    property = spec.properties[t].name
                    break
                }
            }
            return result(.notInductive, InductionCounterexample(
                kind: property == nil ? .evaluation : .consecution, state: beforeValues, prefix: prefix, step: taken,
                property: property ?? "evaluation", message: property == nil ? "evaluating an invariant fails after the step" : nil))
        }
        return result(.proven)
    }

    /// A fresh state's constraints together with `Init` on it.
    private func stateConstraintsOf(_ fresh: (state: [Symbolic], constraints: [Term])) throws -> [Term] {
        fresh.constraints + [try system.instantiate(system.initial, current: fresh.state)]
    }

    /// The first invariant among `candidates` false in the model at `state`.
    private func brokenName(_ model: Model, _ state: [Symbolic], among candidates: [Int]) throws -> String? {
        for i in candidates where !(try model.boolean(try system.instantiate(system.predicates[i], current: state))) {
            return spec.properties[i].name
        }
        return nil
    }
}
