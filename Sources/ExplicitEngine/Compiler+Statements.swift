import SpecIR

/// Statements compile in continuation-passing style: each statement receives the
/// code that runs after it. A choice calls its continuation once per branch; an
/// assignment restores the old value once its continuation returns. The
/// continuations are built once, at compile time, so running an action allocates
/// nothing for control flow.
extension Compiler {
    mutating func statement(_ statement: Statement, _ scope: Scope, then next: @escaping Continuation) -> Continuation {
        switch statement {
        case let .assign(place, value, loc):
            let index = variableIndex[place.variable]!
            var sort = spec.variables[index].sort
            var steps: [PathStep] = []
            for component in place.path {
                let step: PathStep
                switch component {
                case let .index(argument): step = pathStep(for: sort, argument, scope, at: loc)
                case let .field(name): step = fieldStep(sort, name, at: loc)
                }
                steps.append(step)
                sort = step.inner
            }
            let e = expression(value, scope, at: loc, expected: sort).0
            let range: ClosedRange<Int>?
            if case let .int(lower, upper) = sort { range = lower...upper } else { range = nil }
            let target = place.description
            let checked: Evaluation = { f throws(EvaluationError) in
                let v = try e(f)
                if let range, !range.contains(v.integer) {
                    throw EvaluationError("value \(v.integer) assigned to \(target) is outside its sort \(range.lowerBound)...\(range.upperBound)", at: loc)
                }
                return v
            }
            if steps.isEmpty {
                return { f throws(EvaluationError) in
                    let v = try checked(f)
                    let old = f.state[index]
                    f.state[index] = v
                    f.written[index] &+= 1
                    try next(f)
                    f.written[index] &-= 1
                    f.state[index] = old
                }
            }
            let variableName = place.variable
            let initialMode = self.initialMode
            if steps.count == 1 {
                let step = steps[0]
                return { f throws(EvaluationError) in
                    let key = try step.key(f)
                    let v = try checked(f)
                    let old = f.state[index]
                    if initialMode && old == Frame.unset {
                        throw EvaluationError("part of '\(variableName)' is updated before the initial block sets all of it", at: loc)
                    }
                    f.state[index] = try step.update(old, key) { _ throws(EvaluationError) in v }
                    f.written[index] &+= 1
                    try next(f)
                    f.written[index] &-= 1
                    f.state[index] = old
                }
            }
            return { f throws(EvaluationError) in
                var keys: [Value] = []
                keys.reserveCapacity(steps.count)
                for step in steps { keys.append(try step.key(f)) }
                let v = try checked(f)
                let old = f.state[index]
                if initialMode && old == Frame.unset {
                    throw EvaluationError("part of '\(variableName)' is updated before the initial block sets all of it", at: loc)
                }
                f.state[index] = try Compiler.store(v, in: old, keys: keys[...], steps: steps[...])
                f.written[index] &+= 1
                try next(f)
                f.written[index] &-= 1
                f.state[index] = old
            }

        case let .require(condition, loc):
            let c = expression(condition, scope, at: loc).0
            return { f throws(EvaluationError) in
                if try c(f).bool { try next(f) }
            }

        case let .block(statements):
            var k = next
            for item in statements.reversed() { k = self.statement(item, scope, then: k) }
            return k

        case let .ifThenElse(condition, then, otherwise, loc):
            let c = expression(condition, scope, at: loc).0
            let a = self.statement(then, scope, then: next)
            let b = self.statement(otherwise, scope, then: next)
            return { f throws(EvaluationError) in
                if try c(f).bool { try a(f) } else { try b(f) }
            }

        case let .choose(name, set, body, loc):
            // A choice whose body first requires a variant (receiving one message type)
            // looks only at the messages of that variant.
            let (iterate, elementSort) = members(set, scope, at: loc, primed: false, variant: body.requiredVariant(of: name))
            let (slot, inner) = bind(name, elementSort, in: scope)
            let b = self.statement(body, inner, then: next)
            let site = addChoiceSite(name, elementSort)
            return { f throws(EvaluationError) in
                let saved = f.locals[slot]
                try iterate(f) { element, _ throws(EvaluationError) in
                    f.locals[slot] = element
                    f.choices.append((site, element))
                    try b(f)
                    f.choices.removeLast()
                    return true
                }
                f.locals[slot] = saved
            }

        case let .either(branches, _):
            // A chain, not an array of closures, so each branch is called directly (see `Compiled`).
            var run: Continuation = { _ throws(EvaluationError) in }
            for branch in branches.reversed() {
                let this = self.statement(branch, scope, then: next)
                let rest = run
                run = { f throws(EvaluationError) in
                    try this(f)
                    try rest(f)
                }
            }
            return run

        case let .forEach(name, set, body, loc):
            // The loop is a chain of continuations: after the body runs for one element,
            // `advance` runs it for the next, and after the last it runs `next`.
            let (elements, elementSort) = collect(set, scope, at: loc)
            let (elementSlot, inner) = bind(name, elementSort, in: scope)
            let (listSlot, inner2) = bind("\(name)#list", .bool, in: inner)
            let (positionSlot, inner3) = bind("\(name)#position", .bool, in: inner2)
            final class Box { var body: Continuation = { _ throws(EvaluationError) in } }
            let box = Box()
            // Each step puts the loop's slots back when its continuation returns, so a
            // branch inside the body (Either, Choose) resumes with its own iteration's values.
            let advance: Continuation = { f throws(EvaluationError) in
                let list = f.locals[listSlot].elements
                let savedPosition = f.locals[positionSlot]
                let position = savedPosition.integer + 1
                if position < list.count {
                    let savedElement = f.locals[elementSlot]
                    f.locals[positionSlot] = .int(position)
                    f.locals[elementSlot] = list[position]
                    try box.body(f)
                    f.locals[elementSlot] = savedElement
                    f.locals[positionSlot] = savedPosition
                } else {
                    try next(f)
                }
            }
            box.body = self.statement(body, inner3, then: advance)
            return { f throws(EvaluationError) in
                let savedList = f.locals[listSlot]
                let savedPosition = f.locals[positionSlot]
                f.locals[listSlot] = .tuple(try elements(f))
                f.locals[positionSlot] = .int(-1)
                try advance(f)
                f.locals[listSlot] = savedList
                f.locals[positionSlot] = savedPosition
            }

        case let .letIn(name, value, body, loc):
            let (v, sort) = expression(value, scope, at: loc)
            let (slot, inner) = bind(name, sort, in: scope)
            let b = self.statement(body, inner, then: next)
            return { f throws(EvaluationError) in
                let saved = f.locals[slot]
                f.locals[slot] = try v(f)
                try b(f)
                f.locals[slot] = saved
            }
        }
    }

    /// `value` stored at the path `keys` inside `container`.
    static func store(_ value: Value, in container: Value, keys: ArraySlice<Value>,
                      steps: ArraySlice<PathStep>) throws(EvaluationError) -> Value {
        guard let key = keys.first, let step = steps.first else { return value }
        return try step.update(container, key) { old throws(EvaluationError) in
            try store(value, in: old, keys: keys.dropFirst(), steps: steps.dropFirst())
        }
    }
}
