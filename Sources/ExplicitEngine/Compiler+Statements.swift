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
            var steps: [(Evaluation, (Value, Int) throws(EvaluationError) -> Int)] = []
            var fieldSteps: [Int?] = []
            for component in place.path {
                switch component {
                case let .index(argument):
                    let e = expression(argument, scope, at: loc).0
                    steps.append((e, Compiler.pathStep(for: sort, at: loc)))
                    fieldSteps.append(nil)
                    switch sort {
                    case let .function(_, codomain): sort = codomain
                    case let .sequence(element, _): sort = element
                    default: preconditionFailure("validated")
                    }
                case let .field(name):
                    guard case let .record(_, fields) = sort else { preconditionFailure("validated") }
                    let position = fields.firstIndex { $0.name == name }!
                    steps.append(({ _ throws(EvaluationError) in .int(position) }, { (x: Value, _: Int) throws(EvaluationError) -> Int in x.integer }))
                    fieldSteps.append(position)
                    sort = fields[position].sort
                }
            }
            let e = expression(value, scope, at: loc).0
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
                    try next(f)
                    f.state[index] = old
                }
            }
            return { f throws(EvaluationError) in
                var keys: [Value] = []
                keys.reserveCapacity(steps.count)
                for step in steps { keys.append(try step.0(f)) }
                let v = try checked(f)
                let old = f.state[index]
                f.state[index] = try Compiler.store(v, in: old, keys: keys[...], steps: steps[...])
                try next(f)
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
            let (elements, elementSort) = members(set, scope, at: loc, primed: false)
            let (slot, inner) = bind(name, elementSort, in: scope)
            let b = self.statement(body, inner, then: next)
            let site = addChoiceSite(name, elementSort)
            return { f throws(EvaluationError) in
                for element in try elements(f) {
                    f.locals[slot] = element
                    f.choices.append((site, element))
                    try b(f)
                    f.choices.removeLast()
                }
            }

        case let .either(branches, _):
            let compiled = branches.map { self.statement($0, scope, then: next) }
            return { f throws(EvaluationError) in
                for branch in compiled { try branch(f) }
            }

        case let .forEach(name, set, body, loc):
            // The loop is a chain of continuations: after the body runs for one element,
            // `advance` runs it for the next, and after the last it runs `next`.
            let (elements, elementSort) = members(set, scope, at: loc, primed: false)
            let (elementSlot, inner) = bind(name, elementSort, in: scope)
            let (listSlot, inner2) = bind("\(name)#list", .bool, in: inner)
            let (positionSlot, inner3) = bind("\(name)#position", .bool, in: inner2)
            final class Box { var body: Continuation = { _ throws(EvaluationError) in } }
            let box = Box()
            let advance: Continuation = { f throws(EvaluationError) in
                let list = f.locals[listSlot].elements
                let position = f.locals[positionSlot].integer + 1
                if position < list.count {
                    f.locals[positionSlot] = .int(position)
                    f.locals[elementSlot] = list[position]
                    try box.body(f)
                } else {
                    try next(f)
                }
            }
            box.body = self.statement(body, inner3, then: advance)
            return { f throws(EvaluationError) in
                f.locals[listSlot] = .tuple(try elements(f))
                f.locals[positionSlot] = .int(-1)
                try advance(f)
            }

        case let .letIn(name, value, body, loc):
            let (v, sort) = expression(value, scope, at: loc)
            let (slot, inner) = bind(name, sort, in: scope)
            let b = self.statement(body, inner, then: next)
            return { f throws(EvaluationError) in
                f.locals[slot] = try v(f)
                try b(f)
            }
        }
    }

    /// `value` stored at the path `keys` inside `container`.
    static func store(_ value: Value, in container: Value, keys: ArraySlice<Value>,
                      steps: ArraySlice<(Evaluation, (Value, Int) throws(EvaluationError) -> Int)>) throws(EvaluationError) -> Value {
        guard let key = keys.first, let step = steps.first else { return value }
        var items = container.elements
        let i = try step.1(key, items.count)
        items[i] = try store(value, in: items[i], keys: keys.dropFirst(), steps: steps.dropFirst())
        return .tuple(items)
    }
}
