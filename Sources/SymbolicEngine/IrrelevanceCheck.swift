import Foundation
import SpecIR
import Z3Kit

/// What Z3 found out about a spec's irrelevance declarations.
public struct IrrelevanceVerdict: Sendable {
    public enum Status: String, Sendable {
        /// States equal outside the irrelevant entries are alike in every respect the search sees.
        case confirmed
        /// Some step, property or the constraint tells two such states apart.
        case refuted
        /// Z3 could not decide in time.
        case unknown
    }

    public var status: Status
    /// For `refuted`, what tells the states apart; for `unknown`, the solver's reason.
    public var reason: String?
    /// For `refuted`: the two states, equal outside irrelevant entries.
    public var states: (first: [Value], second: [Value])?
    /// For `refuted` by a step: the step from the first state.
    public var step: Step?
    /// For `refuted`: the declaration (its index in the spec) that fails even alone, if one does.
    public var declaration: Int?
    public var seconds: Double
}

/// Confirms with Z3 that a spec's irrelevance declarations (`Irrelevant`) are true, so
/// that the explicit engine may leave those entries out of state identity.
///
/// Two states are equal up to irrelevance when every variable is equal (ghosts too)
/// except entries that a declaration marks irrelevant in the first (its condition
/// reads only fully relevant variables, so the two agree on it). Leaving those
/// entries out of identity is sound when this equality is a bisimulation that the
/// properties respect: from two such states, inside the constraint, each outcome of
/// each action is enabled in both or neither and leads to two states equal up to
/// irrelevance again, giving every transition property the same value (and every state
/// property, where those states fall outside the constraint: the search judges them
/// without storing them); every invariant, reachability property and the constraint has
/// one value on both; evaluation fails in both or neither; and no condition fails to
/// evaluate. Then the search reaches a state up to
/// irrelevance exactly when it reaches the state, at the same depth, and judges
/// everything the same. The check asks Z3 for two states breaking one of these
/// (property by property, then action by action); none means confirmed. It covers
/// every state, reachable or not, so it is stronger than needed, never weaker.
public final class IrrelevanceCheck {
    public let spec: Spec
    let encoded: EncodedSpec
    /// Seconds a command-line check gives Z3 before going on without the declarations.
    public static let defaultTimeout = 300.0

    /// The version of the Z3 library that answers, part of what a remembered confirmation
    /// depends on.
    public static var solverVersion: String { Context.version }
    var context: Context { encoded.context }
    var system: TransitionSystem { encoded.system }

    /// Encodes a validated spec that declares irrelevance.
    public init(spec: Spec) throws(SymbolicError) {
        self.spec = spec
        encoded = try EncodedSpec(spec)
    }

    /// Stops the check from another thread (Ctrl-C): the query running and every later
    /// one answer unknown.
    public func interrupt() { context.interrupt() }

    /// Checks the declarations together; if they fail, finds the first that fails alone
    /// (`declaration`), so that the error points at it.
    public func run(timeoutSeconds: Double? = nil) throws(SymbolicError) -> IrrelevanceVerdict {
        do {
            let start = Date()
            // The time limit counts the translation already done.
            let deadline = timeoutSeconds.map { start.addingTimeInterval($0 - encoded.seconds) }
            var verdict = try check(spec.irrelevance, deadline)
            guard verdict.status == .refuted else { return verdict }
            guard spec.irrelevance.count > 1 else {
                verdict.declaration = 0
                return verdict
            }
            for (index, declaration) in spec.irrelevance.enumerated() {
                if let deadline, deadline.timeIntervalSinceNow <= 0 { break }
                var alone = try check([declaration], deadline)
                if alone.status == .refuted {
                    alone.declaration = index
                    alone.seconds = encoded.seconds + Date().timeIntervalSince(start)
                    return alone
                }
            }
            verdict.seconds = encoded.seconds + Date().timeIntervalSince(start)
            return verdict
        } catch {
            throw SymbolicError(error)
        }
    }

    /// Equality up to irrelevance of the placeholder state and the placeholder next state, as IR.
    ///
    /// With `bags: false` it leaves out the variables that hold bags: two states whose
    /// bags are equal may keep them in different slots, and then the same step outcome
    /// (one slot's message) is enabled in one state only. `check` compares those slot by slot.
    private func equality(_ declarations: [Irrelevance], bags: Bool) -> Expr {
        .and(spec.variables.filter { bags || !$0.sort.holdsBag }.map { variable -> Expr in
            let here = Expr.variable(variable.name)
            let there = Expr.primed(here)
            guard let declaration = declarations.first(where: { $0.variable == variable.name }),
                  case let .function(domain, _) = variable.sort else { return .equal(here, there) }
            let entry = Expr.bound("#entry")
            return .forAll("#entry", .universe(domain),
                           .or([.apply(declaration.condition, entry), .equal(.apply(here, entry), .apply(there, entry))]))
        })
    }

    private func check(_ declarations: [Irrelevance], _ deadline: Date?) throws -> IrrelevanceVerdict {
        let start = Date()
        let z3 = context
        let location = spec.irrelevance.first?.location ?? spec.location
        let translator = try Translator(spec: spec, encoding: system.encoding, current: system.state)
        translator.initialValues = system.initialValues
        translator.next = system.nextState
        translator.context = "irrelevance"
        let equal = try translator.formula(equality(declarations, bags: true), [:], at: location)
        let equalButBags = try translator.formula(equality(declarations, bags: false), [:], at: location)
        // Where evaluating a condition fails (the explicit engine evaluates them on the states it stores).
        let conditionFailures = translator.failures

        func verdict(_ status: IrrelevanceVerdict.Status, _ reason: String? = nil,
                     _ states: (first: [Value], second: [Value])? = nil, _ step: Step? = nil) -> IrrelevanceVerdict {
            IrrelevanceVerdict(status: status, reason: reason, states: states, step: step,
                               seconds: encoded.seconds + Date().timeIntervalSince(start))
        }
        var finite = true
        var unknownReason = "unknown"
        /// A solver holding `base`, asked one goal at a time (push, ask, pop).
        final class Session {
            var solver: Solver
            let base: [Term]
            init(_ base: [Term], _ z3: Context, finite: Bool) throws {
                self.base = base
                solver = try Solver(z3, finiteDomain: finite)
                for term in base { try solver.add(term) }
            }
        }
        /// A model of the session's base and `goal`, `.some(nil)` when there is none, nil
        /// when Z3 cannot say.
        func ask(_ session: Session, _ goal: Term) throws -> Model?? {
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                guard left > 0 else {
                    unknownReason = "timeout"
                    return nil
                }
                session.solver.timeout = left
            }
            try session.solver.push()
            try session.solver.add(goal)
            let answer = try session.solver.check()
            let model = answer == .satisfiable ? try session.solver.model() : nil
            try session.solver.pop()
            switch answer {
            case .satisfiable: return .some(model)
            case .unsatisfiable: return .some(nil)
            case let .unknown(reason):
                if finite {
                    // Z3's finite-domain solver gives up on terms it cannot bit-blast: the general one.
                    finite = false
                    session.solver = try Solver(z3, finiteDomain: false)
                    for term in session.base { try session.solver.add(term) }
                    return try ask(session, goal)
                }
                unknownReason = reason
                return nil
            }
        }
        /// `f` holds of the first pair and not of the second.
        func differs(_ f: Term, _ first: [Symbolic], _ second: [Symbolic], _ firstNext: [Symbolic]? = nil,
                     _ secondNext: [Symbolic]? = nil) throws -> Term {
            try z3.and([try system.instantiate(f, current: first, next: firstNext),
                        try z3.not(try system.instantiate(f, current: second, next: secondNext))])
        }

        let (one, oneBounds) = try system.freshState("first")
        let (two, twoBounds) = try system.freshState("second")
        // Before the step, bags are compared slot by slot: every pair of states equal up to
        // irrelevance has a pair like it with the bags in the same slots (the encoding of a
        // bag is free to put each message in any slot, and no step depends on which).
        let bagsAlike = try spec.variables.indices.filter { spec.variables[$0].sort.holdsBag }.flatMap { index in
            try zip(one[index].leaves, two[index].leaves).map { try z3.equal($0, $1) }
        }
        let alike = try z3.and([try system.instantiate(equalButBags, current: one, next: two)] + bagsAlike)
        let inside = try system.instantiate(system.constraint, current: one)
        let base = oneBounds + twoBounds + [alike]

        // A property or constraint that reads no variable with irrelevant entries has one
        // value on two states equal outside them (and fails on both or neither): only the
        // others are asked about.
        let masked = Set(declarations.map(\.variable))
        func mayTellApart(_ index: Int) -> Bool { !spec.properties[index].predicate.variablesRead.isDisjoint(with: masked) }

        // The constraint, the state properties and their evaluation.
        var judged: [(String, Term)] = []
        judged.append(("the state constraint", try differs(system.constraint, one, two)))
        for failure in system.constraintFailures {
            judged.append(("evaluating the state constraint", try differs(failure.condition, one, two)))
        }
        for failure in conditionFailures {
            judged.append(("evaluating the condition (\(failure.message))",
                           try z3.and([inside, try system.instantiate(failure.condition, current: one, next: two)])))
        }
        for (index, property) in spec.properties.enumerated() where property.kind != .transition && mayTellApart(index) {
            judged.append(("property \"\(property.name)\"", try z3.and([inside, try differs(system.predicates[index], one, two)])))
            for failure in system.propertyFailures[index] {
                judged.append(("evaluating property \"\(property.name)\"", try z3.and([inside, try differs(failure.condition, one, two)])))
            }
        }
        guard let answer = try ask(try Session(base, z3, finite: finite), try z3.or(judged.map(\.1))) else {
            return verdict(.unknown, unknownReason)
        }
        if let model = answer {
            let what = try judged.first { try model.boolean($0.1) }?.0 ?? "a property"
            if what.hasPrefix("evaluating the condition") {
                return verdict(.refuted, "\(what) can fail in a state inside the constraint",
                               (try system.decode(one, model), try system.decode(two, model)))
            }
            return verdict(.refuted, "\(what) differs on two states equal outside irrelevant entries",
                           (try system.decode(one, model), try system.decode(two, model)))
        }

        // Each action: the same outcomes enabled, leading to states alike again.
        let (oneNext, oneNextBounds) = try system.freshState("first'")
        let (twoNext, twoNextBounds) = try system.freshState("second'")
        let (selector, selectorBounds) = try system.freshSelector("irrelevance")
        // The frames define the states after the step (whatever the selected outcome); one
        // solver holds them, and each action's question is asked on top.
        let frameOne = try system.instantiate(system.frame, current: one, next: oneNext, selector: selector)
        let frameTwo = try system.instantiate(system.frame, current: two, next: twoNext, selector: selector)
        let movesOne = try system.instantiate(system.moves, current: one, selector: selector)
        let session = try Session(base + oneNextBounds + twoNextBounds + selectorBounds + [inside, frameOne, frameTwo], z3,
                                  finite: finite)
        let movesTwo = try system.instantiate(system.moves, current: two, selector: selector)
        let alikeAfter = try system.instantiate(equal, current: oneNext, next: twoNext)
        let outsideNext = try z3.not(try system.instantiate(system.constraint, current: oneNext))
        let transitions = spec.properties.indices.filter { spec.properties[$0].kind == .transition && mayTellApart($0) }
        let stateProperties = spec.properties.indices.filter { spec.properties[$0].kind != .transition && mayTellApart($0) }
        for action in spec.actions {
            let mine = system.outcomes.indices.filter { system.instances[system.outcomes[$0].instance].action.name == action.name }
            let chosen = try z3.or(try mine.map { try z3.equal(selector, try z3.int($0)) })
            var apart: [(String, Term)] = [
                ("it is enabled in one of them only", try z3.not(movesTwo)),
                ("it leads to states that differ outside irrelevant entries", try z3.not(alikeAfter)),
            ]
            // The states after the step are judged even outside the constraint, where the
            // first question above does not reach (inside, it does).
            for index in stateProperties {
                let name = spec.properties[index].name
                apart.append(("it leads to states that property \"\(name)\" tells apart",
                              try z3.and([outsideNext, try differs(system.predicates[index], oneNext, twoNext)])))
                for failure in system.propertyFailures[index] {
                    apart.append(("evaluating property \"\(name)\" fails after one of them only",
                                  try z3.and([outsideNext, try differs(failure.condition, oneNext, twoNext)])))
                }
            }
            for index in transitions {
                let name = spec.properties[index].name
                apart.append(("it gives property \"\(name)\" different values",
                              try differs(system.predicates[index], one, two, oneNext, twoNext)))
                for failure in system.propertyFailures[index] {
                    apart.append(("evaluating property \"\(name)\" fails after one of them only",
                                  try differs(failure.condition, one, two, oneNext, twoNext)))
                }
            }
            // Where evaluating the action fails (in both, else the second goal below), the
            // search stops with that error, so the states the step would lead to do not matter.
            let failing = system.actionFailures.filter { $0.context == "action \(action.name)" }
            let fails = try z3.or(try failing.map { try system.instantiate($0.condition, current: one) })
            // (An action with no outcomes can still fail to evaluate: its failures are asked all the same.)
            var goals = [mine.isEmpty ? try z3.bool(false) : try z3.and([chosen, movesOne, try z3.not(fails), try z3.or(apart.map(\.1))])]
            for failure in failing { goals.append(try differs(failure.condition, one, two)) }
            guard let answer = try ask(session, try z3.or(goals)) else { return verdict(.unknown, unknownReason) }
            guard let model = answer else { continue }
            let states = (try system.decode(one, model), try system.decode(two, model))
            if try model.boolean(goals[0]) {
                let step = try system.step(outcome: try model.integer(selector), after: try system.decode(oneNext, model),
                                           model, current: one)
                let what = try apart.first { try model.boolean($0.1) }?.0 ?? "it tells them apart"
                return verdict(.refuted, "from two states equal outside irrelevant entries, action \(step.action) tells them apart: \(what)",
                               states, step)
            }
            return verdict(.refuted, "evaluating action \(action.name) fails in one of two states equal outside irrelevant entries only", states)
        }
        return verdict(.confirmed)
    }
}
