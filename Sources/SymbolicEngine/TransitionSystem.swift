import SpecIR
import Z3Kit

/// A spec as formulas over placeholder states: its initial states, its steps, its
/// properties and the conditions under which evaluation fails.
///
/// Built once; bounded model checking and induction instantiate the formulas at each
/// step by substituting a step's state terms for the placeholders.
final class TransitionSystem {
    let spec: Spec
    let encoding: Encoding
    var z3: Context { encoding.z3 }

    /// The placeholder state steps start from, and the one they lead to.
    let state: [Symbolic]
    let nextState: [Symbolic]
    /// Constraints making any state's terms a value of each variable's sort.
    let stateConstraints: [Term]
    let nextConstraints: [Term]
    /// Which outcome a step takes.
    let selector: Term

    /// `Init(state)`.
    private(set) var initial: Term
    /// Conditions under which the initial block fails (they read no state).
    private(set) var initialFailures: [Translator.Failure] = []
    /// Each action instance: the action and its arguments.
    private(set) var instances: [Instance] = []
    /// Each way a step can go: its instance, when it is enabled, the state it leads to.
    private(set) var outcomes: [(instance: Int, alive: Term, next: [Symbolic], choices: [(name: String, value: Symbolic, sort: Sort)])] = []
    /// `Next(state, selector, nextState)`: `moves ∧ frame`.
    private(set) var transition: Term
    /// The selected outcome is enabled in `state`.
    private(set) var moves: Term
    /// `nextState` is what the selected outcome makes of `state` (whether enabled or not).
    private(set) var frame: Term
    /// Conditions over `state` under which expanding it fails.
    private(set) var actionFailures: [Translator.Failure] = []
    /// Each property's predicate (over `state`, or over `state` and `nextState`).
    private(set) var predicates: [Term] = []
    /// Conditions under which evaluating each property fails.
    private(set) var propertyFailures: [[Translator.Failure]] = []
    /// The state constraint over `state` (true when the spec has none), and its failures.
    private(set) var constraint: Term
    private(set) var constraintFailures: [Translator.Failure] = []

    struct Instance {
        let action: Action
        let arguments: [(name: String, value: Symbolic, sort: Sort)]
    }

    init(spec: Spec, context: Context) throws {
        self.spec = spec
        encoding = Encoding(context)
        (state, stateConstraints) = try TransitionSystem.freshState(spec, encoding, "")
        (nextState, nextConstraints) = try TransitionSystem.freshState(spec, encoding, "'", recordingBounds: true)
        selector = try context.variable("step", try context.intSort())
        initial = try context.bool(false)
        transition = try context.bool(false)
        moves = try context.bool(false)
        frame = try context.bool(true)
        constraint = try context.bool(true)
        try buildInitial()
        try buildTransition()
        try buildProperties()
    }

    // MARK: Initial states

    private func buildInitial() throws {
        let translator = try Translator(spec: spec, encoding: encoding, current: spec.variables.map { _ in nil })
        translator.context = "the initial block"
        let executor = Executor(translator: translator, initialMode: true)
        let outcomes = try located(spec.initialLocation, "the initial block") {
            try executor.run(spec.initial, [:], Executor.Outcome(alive: try z3.bool(true), state: spec.variables.map { _ in nil }))
        }
        initialFailures = translator.failures
        var disjuncts: [Term] = []
        var agreed: [Symbolic?] = spec.variables.map { _ in nil }
        for (n, outcome) in outcomes.enumerated() {
            var parts = [outcome.alive]
            for (i, variable) in spec.variables.enumerated() {
                guard let value = outcome.state[i] else {
                    throw EncodingError("the initial block does not set '\(variable.name)' on every branch", at: spec.initialLocation)
                }
                parts.append(try encoding.equal(state[i], value, variable.sort))
                if n == 0 {
                    agreed[i] = value
                } else if let known = agreed[i], try encoding.equal(known, value, variable.sort).boolConstant != true {
                    // Equality ignores the parts that hold no value.
                    agreed[i] = nil
                }
            }
            disjuncts.append(try z3.and(parts))
        }
        initial = try z3.or(disjuncts)
        if initial.boolConstant == false {
            throw EncodingError("the spec has no initial state", at: spec.initialLocation)
        }
        // A variable has an initial value to reset to when every initial outcome gives it
        // the same constant (crash-restart reads it).
        initialValues = agreed.map { value in
            guard let value, value.leaves.allSatisfy({ $0.constant != nil || $0.boolConstant != nil }) else { return nil }
            return value
        }
    }

    private(set) var initialValues: [Symbolic?] = []

    // MARK: Steps

    private func buildTransition() throws {
        let translator = try Translator(spec: spec, encoding: encoding, current: state)
        translator.initialValues = initialValues
        let executor = Executor(translator: translator)
        let yes = try z3.bool(true)
        for action in spec.actions {
            translator.context = "action \(action.name)"
            try located(action.location, "action \(action.name)") {
                var combinations: [(Term, [(name: String, value: Symbolic, sort: Sort)], Translator.Scope)] = [(yes, [], [:])]
                for parameter in action.parameters {
                    var extended: [(Term, [(name: String, value: Symbolic, sort: Sort)], Translator.Scope)] = []
                    for (present, arguments, scope) in combinations {
                        let (entries, element, _) = try translator.with(condition: present) {
                            try translator.members(parameter.range, scope, at: action.location, primed: false)
                        }
                        for (member, value) in entries where member.boolConstant != false {
                            var inner = scope
                            inner[parameter.name] = (value, element)
                            extended.append((try z3.and([present, member]), arguments + [(parameter.name, value, element)], inner))
                        }
                    }
                    combinations = extended
                    try executor.checkLimit(combinations.count, at: action.location)
                }
                for (present, arguments, scope) in combinations {
                    let instance = instances.count
                    instances.append(Instance(action: action, arguments: arguments))
                    let results = try executor.run(action.body, scope, Executor.Outcome(alive: present, state: state))
                    for result in results {
                        outcomes.append((instance, result.alive, result.state.map { $0! }, result.choices))
                    }
                }
            }
        }
        actionFailures = translator.failures
        try executor.checkLimit(outcomes.count, at: spec.location)

        // Next = (some enabled outcome is selected) ∧ (each part of the next state is the
        // selected outcome's, or unchanged when the outcome leaves it alone).
        var enabled: [Term] = []
        var choices: [Term] = []
        for (n, outcome) in outcomes.enumerated() {
            let chosen = try z3.equal(selector, try z3.int(n))
            choices.append(chosen)
            enabled.append(try z3.and([chosen, outcome.alive]))
        }
        let current = state.flatMap(\.leaves)
        let next = nextState.flatMap(\.leaves)
        var equations: [Term] = []
        var chains = current
        let outcomeLeaves = outcomes.map { $0.next.flatMap(\.leaves) }
        for n in stride(from: outcomes.count - 1, through: 0, by: -1) {
            let leaves = outcomeLeaves[n]
            guard leaves.count == current.count else {
                throw EncodingError("internal error: action \(instances[outcomes[n].instance].action.name) leaves a state of another layout")
            }
            for i in leaves.indices where !leaves[i].isIdentical(to: current[i]) {
                chains[i] = try z3.ite(choices[n], leaves[i], chains[i])
            }
        }
        for i in next.indices {
            // A part of a sort with one value is that constant (a different value there is
            // an out-of-range store, a failure of its own, or a part holding no value).
            if next[i].constant != nil || next[i].boolConstant != nil { continue }
            // Unchanged, the part is already within its bounds.
            let stored = chains[i].isIdentical(to: current[i]) ? chains[i] : try encoding.clamp(chains[i], into: next[i])
            equations.append(try z3.equal(next[i], stored))
        }
        moves = try z3.or(enabled)
        frame = try z3.and(equations)
        transition = try z3.and([moves, frame])
    }

    /// Whether evaluating the spec can fail at all (some failure condition is not false).
    var canFail: Bool {
        !actionFailures.isEmpty || !constraintFailures.isEmpty || propertyFailures.contains { !$0.isEmpty }
    }

    /// Whether some action is enabled in `state`.
    func enabled() throws -> Term { try z3.or(outcomes.map(\.alive)) }

    // MARK: Properties

    private func buildProperties() throws {
        let translator = try Translator(spec: spec, encoding: encoding, current: state)
        translator.initialValues = initialValues
        translator.next = nextState
        for property in spec.properties {
            translator.failures = []
            translator.context = "property \"\(property.name)\""
            let predicate = try located(property.location, translator.context) {
                try translator.formula(property.predicate, [:], at: property.location)
            }
            predicates.append(predicate)
            propertyFailures.append(translator.failures)
        }
        if let c = spec.constraint {
            translator.failures = []
            translator.context = "the state constraint"
            constraint = try located(c.location, translator.context) { try translator.formula(c.predicate, [:], at: c.location) }
            constraintFailures = translator.failures
        }
    }

    /// Gives an encoding error without a location the declaration's.
    private func located<T>(_ loc: SourceLocation, _ context: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch var error as EncodingError {
            if error.location == nil { error.location = loc }
            if error.context == nil { error.context = context }
            throw error
        }
    }

    // MARK: Instantiation

    /// A fresh copy of the state's terms, for one step of an unrolling.
    func freshState(_ label: String) throws -> (state: [Symbolic], constraints: [Term]) {
        try TransitionSystem.freshState(spec, encoding, "@" + label)
    }

    /// Fresh terms for every variable (named after it, with `suffix`), and the
    /// constraints that make them a state.
    private static func freshState(_ spec: Spec, _ encoding: Encoding, _ suffix: String, recordingBounds: Bool = false)
        throws -> (state: [Symbolic], constraints: [Term])
    {
        var values: [Symbolic] = []
        var constraints: [Term] = []
        for variable in spec.variables {
            let (s, c): (Symbolic, [Term])
            do { (s, c) = try encoding.variable(variable.name + suffix, variable.sort, recordingBounds: recordingBounds) } catch var error as EncodingError {
                if error.location == nil { error.location = variable.location }
                if error.context == nil { error.context = "variable '\(variable.name)'" }
                throw error
            }
            values.append(s)
            constraints += c
        }
        return (values, constraints)
    }

    /// Whether two states of an unrolling are the same state: every variable equal (a
    /// bag's slots compared as the bag they hold).
    ///
    /// Ghosts count, unlike in the explicit engine's identity: a path that visits two
    /// states differing only in ghosts cannot be cut short without changing the ghosts
    /// after it, which invariants may read.
    func same(_ a: [Symbolic], _ b: [Symbolic]) throws -> Term {
        try z3.and(try spec.variables.indices.map { try encoding.equal(a[$0], b[$0], spec.variables[$0].sort) })
    }

    /// A fresh step selector for one step of an unrolling, and its bounds: it ranges over
    /// the outcomes, stated outright, as Z3's finite-domain solver needs.
    func freshSelector(_ label: String) throws -> (selector: Term, constraints: [Term]) {
        let s = try z3.variable("step@" + label, try z3.intSort())
        return (s, [try z3.compare(.greaterOrEqual, s, try z3.int(0)), try z3.compare(.less, s, try z3.int(max(1, outcomes.count)))])
    }

    /// A formula over the placeholders, moved onto given states (and step selector).
    func instantiate(_ formula: Term, current: [Symbolic], next: [Symbolic]? = nil, selector step: Term? = nil) throws -> Term {
        var from = state.flatMap(\.leaves)
        var to = current.flatMap(\.leaves)
        if let next {
            from += nextState.flatMap(\.leaves)
            to += next.flatMap(\.leaves)
        }
        if let step {
            from.append(selector)
            to.append(step)
        }
        return try z3.substitute(formula, from, to)
    }

    /// Decodes a state from a model.
    func decode(_ values: [Symbolic], _ model: Model) throws -> [Value] {
        try zip(values, spec.variables).map { try encoding.decode($0, $1.sort, model) }
    }

    /// The path a model gives an unrolling: `states[0...depth]`, joined by the steps
    /// `selectors[0..<depth]` choose.
    func trace(_ model: Model, states: [[Symbolic]], selectors: [Term], through depth: Int) throws -> Trace {
        let values = try (0...depth).map { try decode(states[$0], model) }
        var steps: [Step] = []
        for k in 0..<depth {
            steps.append(try step(outcome: try model.integer(selectors[k]), after: values[k + 1], model, current: states[k]))
        }
        return Trace(initial: values[0], steps: steps)
    }

    /// The step an outcome number stands for, with the state after it.
    func step(outcome: Int, after: [Value], _ model: Model, current: [Symbolic]) throws -> Step {
        guard outcomes.indices.contains(outcome) else {
            throw EncodingError("internal error: the model takes step \(outcome), which is no step of the spec")
        }
        let instance = instances[outcomes[outcome].instance]
        var arguments: [Argument] = []
        for argument in instance.arguments + outcomes[outcome].choices {
            // Arguments drawn from a guarded list are terms over the state before the step.
            let value = try encoding.decode(try instantiateValue(argument.value, current), argument.sort, model)
            arguments.append(Argument(name: argument.name, value: value, sort: argument.sort))
        }
        return Step(action: instance.action.name, arguments: arguments, state: after)
    }

    private func instantiateValue(_ value: Symbolic, _ current: [Symbolic]) throws -> Symbolic {
        let leaves = value.leaves
        if leaves.allSatisfy({ $0.constant != nil || $0.boolConstant != nil }) { return value }
        let from = state.flatMap(\.leaves)
        let to = current.flatMap(\.leaves)
        let moved = try leaves.map { try z3.substitute($0, from, to) }
        var iterator = moved.makeIterator()
        return value.replacingLeaves(&iterator)
    }
}
