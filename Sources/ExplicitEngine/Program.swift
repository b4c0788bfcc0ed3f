import SpecIR

/// A spec compiled for the explicit engine: runnable initial block, actions and properties.
final class Program {
    let spec: Spec
    let layout: StateLayout
    let slots: Int
    let initial: Continuation
    let actions: [CompiledAction]
    let invariants: [StatePredicate]
    let reachability: [StatePredicate]
    /// Transition properties, with the variables they read in either state.
    let transitions: [StatePredicate]
    /// The state constraint's conjuncts, each with the variables it reads, so a step is
    /// judged again only by the bounds it may have moved.
    let constraint: [StatePredicate]
    let choiceSites: [(name: String, sort: Sort)]
    /// The spec's irrelevance declarations, compiled (used unless a run turns them off).
    let masks: [Mask]
    /// Their conditions, each once.
    let maskConditions: [StatePredicate]
    /// The run-time form of each variable.
    let variableShapes: [Shape]
    let shapes: ShapeCache

    struct CompiledAction {
        let name: String
        let parameters: [(name: String, sort: Sort)]
        /// The local slot of each parameter.
        let slots: [Int]
        let context: String
        /// The variables the action reads or assigns (its parameters' ranges included):
        /// a run of the action is a function of these (see `ActionMemo`).
        let touches: [Int]
        /// Runs every branch of the action on the frame's state, emitting each successor.
        let run: Continuation
    }

    /// A compiled predicate (a property or a conjunct of the constraint) with the
    /// variables it reads.
    struct StatePredicate {
        /// The property's index in the spec (0 for the constraint).
        let index: Int
        let check: Evaluation
        /// The indices of the variables the predicate reads, in either state: a step that
        /// changes none of them leaves a state predicate its parent's value, and gives a
        /// transition property its value on the parent's stuttering step.
        let reads: [Int]
        /// The same variables as a `VariableSet`, tested once per successor.
        let readSet: VariableSet

        init(index: Int, check: @escaping Evaluation, reads: [Int]) {
            self.index = index
            self.check = check
            self.reads = reads
            readSet = VariableSet(reads)
        }
    }

    init(_ spec: Spec) {
        self.spec = spec
        let variableIndex = Dictionary(uniqueKeysWithValues: spec.variables.enumerated().map { ($1.name, $0) })
        var compiler = Compiler(spec: spec)
        shapes = compiler.shapes
        variableShapes = spec.variables.map { compiler.shape($0.sort) }
        layout = StateLayout(variableShapes, ghosts: Set(spec.variables.indices.filter { spec.variables[$0].isGhost }))

        compiler.initialMode = true
        initial = compiler.statement(spec.initial, Compiler.Scope(), then: { f throws(EvaluationError) in
            for (index, value) in f.state.enumerated() where value == Frame.unset {
                throw EvaluationError("this branch of the initial block does not set '\(spec.variables[index].name)'",
                                      at: spec.initialLocation)
            }
            try f.sink.emit(f)
        })
        compiler.initialMode = false
        compiler.initialValues = Program.agreedInitialValues(initial, spec: spec, slots: compiler.slotCount)

        var actions: [CompiledAction] = []
        for action in spec.actions {
            var scope = Compiler.Scope()
            var parameters: [(name: String, sort: Sort)] = []
            // Each range in a struct, so it keeps its calling convention (see `Compiled`).
            struct ParameterRange { let iterate: Iteration }
            var ranges: [ParameterRange] = []
            var slots: [Int] = []
            for parameter in action.parameters {
                let (iterate, sort) = compiler.members(parameter.range, scope, at: action.location, primed: false)
                let (slot, inner) = compiler.bind(parameter.name, sort, in: scope)
                scope = inner
                parameters.append((parameter.name, sort))
                ranges.append(ParameterRange(iterate: iterate))
                slots.append(slot)
            }
            var run = compiler.statement(action.body, scope, then: { f throws(EvaluationError) in try f.sink.emit(f) })
            // Bind parameters from the innermost outwards, so the first varies slowest.
            for (range, slot) in zip(ranges, slots).reversed() {
                let body = run
                let iterate = range.iterate
                run = { f throws(EvaluationError) in
                    try iterate(f) { value, _ throws(EvaluationError) in
                        f.locals[slot] = value
                        try body(f)
                        return true
                    }
                }
            }
            let touched = action.parameters.reduce(into: action.body.variablesTouched) { $0.formUnion($1.range.variablesRead) }
            actions.append(CompiledAction(name: action.name, parameters: parameters, slots: slots,
                                          context: "action \(action.name)",
                                          touches: touched.compactMap { variableIndex[$0] }.sorted(), run: run))
        }
        self.actions = actions

        func reads(_ predicate: Expr) -> [Int] { predicate.variablesRead.compactMap { variableIndex[$0] }.sorted() }
        var invariants: [StatePredicate] = []
        var reachability: [StatePredicate] = []
        var transitions: [StatePredicate] = []
        for (index, property) in spec.properties.enumerated() {
            let check = compiler.expression(property.predicate, Compiler.Scope(), at: property.location).0
            switch property.kind {
            case .always: invariants.append(StatePredicate(index: index, check: check, reads: reads(property.predicate)))
            case .sometimes: reachability.append(StatePredicate(index: index, check: check, reads: reads(property.predicate)))
            case .transition: transitions.append(StatePredicate(index: index, check: check, reads: reads(property.predicate)))
            }
        }
        self.invariants = invariants
        self.reachability = reachability
        self.transitions = transitions
        constraint = (spec.constraint.map { $0.predicate.conjuncts(at: $0.location) } ?? []).map { part, location in
            StatePredicate(index: 0, check: compiler.expression(part, Compiler.Scope(), at: location).0, reads: reads(part))
        }
        // Declarations with one condition (nextIndex and matchIndex, say) share its evaluation.
        var conditions: [Expr] = []
        var maskConditions: [StatePredicate] = []
        masks = spec.irrelevance.map { irrelevance in
            let variable = variableIndex[irrelevance.variable]!
            let condition = conditions.firstIndex(of: irrelevance.condition) ?? {
                conditions.append(irrelevance.condition)
                maskConditions.append(StatePredicate(
                    index: 0, check: compiler.expression(irrelevance.condition, Compiler.Scope(), at: irrelevance.location).0,
                    reads: reads(irrelevance.condition)))
                return conditions.count - 1
            }()
            return Mask(variable: variable, condition: condition,
                        reads: Array(Set(maskConditions[condition].reads + [variable])).sorted(),
                        shapes: compiler.shapes, spec: spec)
        }
        self.maskConditions = maskConditions
        slots = compiler.slotCount
        choiceSites = compiler.choiceSites
    }

    /// The arguments of the step just emitted, as IR values: the action's parameters, then its choices.
    func arguments(of action: CompiledAction, in frame: Frame) -> [Argument] {
        action.parameters.indices.map {
            let sort = action.parameters[$0].sort
            return Argument(name: action.parameters[$0].name, value: shapes.shape(sort).toIR(frame.locals[action.slots[$0]]),
                            sort: sort)
        } + frame.choices.map { choice in
            let site = choiceSites[choice.site]
            return Argument(name: String(site.name.prefix { $0 != "#" }), value: shapes.shape(site.sort).toIR(choice.value),
                            sort: site.sort)
        }
    }

    /// The initial states in run-time form, in the order the initial block produces them.
    func initialStates() throws(EvaluationError) -> [[Value]] {
        var states: [[Value]] = []
        let frame = makeFrame()
        let sink = ClosureSink { f throws(EvaluationError) in states.append(f.state) }
        frame.sink = sink
        do { try withExtendedLifetime(sink) { () throws(EvaluationError) in try initial(frame) } } catch {
            throw error.inContext("initial state")
        }
        return states
    }

    /// Every step enabled in a run-time state, in the order the explorer numbers them:
    /// the step (in IR values) and the run-time state after it.
    func steps(from state: [Value], only name: String? = nil) throws(EvaluationError) -> [(step: Step, next: [Value])] {
        var steps: [(step: Step, next: [Value])] = []
        let frame = makeFrame()
        for action in actions where name == nil || action.name == name {
            frame.state = state
            let sink = ClosureSink { f throws(EvaluationError) in
                steps.append((Step(action: action.name, arguments: self.arguments(of: action, in: f),
                                   state: self.toIR(f.state)), f.state))
            }
            frame.sink = sink
            do { try withExtendedLifetime(sink) { () throws(EvaluationError) in try action.run(frame) } } catch {
                throw error.inContext(action.context)
            }
        }
        return steps
    }

    /// A state in IR values, for traces and reports.
    func toIR(_ state: [Value]) -> [Value] {
        zip(variableShapes, state).map { $0.toIR($1) }
    }

    /// A state of IR values in run-time form.
    func toRuntime(_ state: [Value]) -> [Value] {
        zip(variableShapes, state).map { $0.toRuntime($1) }
    }

    /// A message naming a variable and (in IR form) its offending value.
    func describe(_ index: Int, _ value: Value) -> String {
        let variable = spec.variables[index]
        let shown = variableShapes[index].toIR(value).description
        return "'\(variable.name)' the value \(shown), outside its sort \(variable.sort)"
    }

    /// Runs the initial block and keeps, per variable, the value all initial states agree on.
    static func agreedInitialValues(_ initial: Continuation, spec: Spec, slots: Int) -> [Value?] {
        var agreed: [Value?] = Array(repeating: nil, count: spec.variables.count)
        var first = true
        let frame = Frame(variables: spec.variables.count, slots: slots)
        let sink = ClosureSink { f throws(EvaluationError) in
            for (index, value) in f.state.enumerated() {
                if first { agreed[index] = value } else if agreed[index] != value { agreed[index] = nil }
            }
            first = false
        }
        frame.sink = sink
        withExtendedLifetime(sink) { try? initial(frame) }
        return agreed
    }

    func makeFrame() -> Frame {
        Frame(variables: spec.variables.count, slots: slots)
    }
}
