import SpecIR
import Z3Kit

/// Runs statements symbolically: each way through a block is an *outcome*, the
/// condition under which it is taken and the state it leaves.
///
/// Choices (`Choose`, `Either`, action arguments) split into separate outcomes, as
/// the explicit engine enumerates them; a deterministic `If` merges its two sides
/// into one outcome with `ite` terms, so that sequences of conditions do not
/// multiply. Every outcome's condition mentions only the state it starts from.
struct Executor {
    let translator: Translator
    var z3: Context { translator.z3 }
    var spec: Spec { translator.spec }
    /// Whether the block is the initial one (variables start unset).
    var initialMode = false

    /// The most outcomes one action may have (choices multiply in loops).
    static let outcomeLimit = 20_000

    struct Outcome {
        var alive: Term
        var state: [Symbolic?]
        /// The elements `Choose` picked on the way, in order: they are step arguments.
        var choices: [(name: String, value: Symbolic, sort: Sort)] = []
    }

    func run(_ statement: Statement, _ scope: Translator.Scope, _ outcome: Outcome) throws -> [Outcome] {
        switch statement {
        case let .assign(place, value, loc):
            return [try assign(place, value, scope, outcome, at: loc)]

        case let .require(condition, loc):
            let c = try evaluate(outcome) { try translator.formula(condition, scope, at: loc) }
            let alive = try z3.and([outcome.alive, c])
            if alive.boolConstant == false { return [] }
            return [Outcome(alive: alive, state: outcome.state, choices: outcome.choices)]

        case let .block(statements):
            var outcomes = [outcome]
            for item in statements {
                var next: [Outcome] = []
                for o in outcomes { next += try run(item, scope, o) }
                outcomes = next
                try checkLimit(outcomes.count, at: nil)
                if outcomes.isEmpty { break }
            }
            return outcomes

        case let .ifThenElse(condition, then, otherwise, loc):
            let c = try evaluate(outcome) { try translator.formula(condition, scope, at: loc) }
            let notC = try z3.not(c)
            let left = c.boolConstant == false ? [] : try run(then, scope, Outcome(alive: try z3.and([outcome.alive, c]), state: outcome.state, choices: outcome.choices))
            let right = c.boolConstant == true ? [] : try run(otherwise, scope, Outcome(alive: try z3.and([outcome.alive, notC]), state: outcome.state, choices: outcome.choices))
            if left.count == 1 && right.count == 1 && sameChoices(left[0], right[0]) {
                return [try merge(c, left[0], right[0])]
            }
            return left + right

        case let .choose(name, set, body, loc):
            let (entries, element, _) = try evaluate(outcome) { try translator.members(set, scope, at: loc, primed: false) }
            var outcomes: [Outcome] = []
            for (present, value) in entries where present.boolConstant != false {
                let alive = try z3.and([outcome.alive, present])
                if alive.boolConstant == false { continue }
                var inner = scope
                inner[name] = (value, element)
                let picked = outcome.choices + [(String(name.prefix { $0 != "#" }), value, element)]
                outcomes += try run(body, inner, Outcome(alive: alive, state: outcome.state, choices: picked))
                try checkLimit(outcomes.count, at: loc)
            }
            return outcomes

        case let .either(branches, loc):
            var outcomes: [Outcome] = []
            for branch in branches {
                outcomes += try run(branch, scope, outcome)
                try checkLimit(outcomes.count, at: loc)
            }
            return outcomes

        case let .forEach(name, set, body, loc):
            let (entries, element, listed) = try evaluate(outcome) { try translator.members(set, scope, at: loc, primed: false) }
            if listed {
                throw translator.unsupported("ForEach over a set of integers computed by arithmetic (its order is not known)", at: loc)
            }
            var outcomes = [outcome]
            for (present, value) in entries where present.boolConstant != false {
                var inner = scope
                inner[name] = (value, element)
                var next: [Outcome] = []
                for o in outcomes {
                    if present.boolConstant == true {
                        next += try run(body, inner, o)
                        continue
                    }
                    let taken = try run(body, inner, Outcome(alive: try z3.and([o.alive, present]), state: o.state, choices: o.choices))
                    let skipped = Outcome(alive: try z3.and([o.alive, try z3.not(present)]), state: o.state, choices: o.choices)
                    if taken.count == 1 && sameChoices(taken[0], skipped) {
                        next.append(try merge(present, taken[0], skipped))
                    } else {
                        next += taken + [skipped]
                    }
                }
                outcomes = next
                try checkLimit(outcomes.count, at: loc)
            }
            return outcomes

        case let .letIn(name, value, body, loc):
            let bound = try evaluate(outcome) { try translator.expression(value, scope, at: loc) }
            var inner = scope
            inner[name] = bound
            return try run(body, inner, outcome)
        }
    }

    /// Evaluates with the translator reading this outcome's state under its condition.
    func evaluate<T>(_ outcome: Outcome, _ body: () throws -> T) throws -> T {
        let saved = translator.current
        translator.current = outcome.state
        defer { translator.current = saved }
        return try translator.with(condition: outcome.alive, body)
    }

    /// One outcome from two, taken when `condition` holds and when it does not.
    func merge(_ condition: Term, _ a: Outcome, _ b: Outcome) throws -> Outcome {
        var state: [Symbolic?] = []
        for (x, y) in zip(a.state, b.state) {
            if let x, let y { state.append(try translator.encoding.ite(condition, x, y)) } else { state.append(nil) }
        }
        return Outcome(alive: try z3.or([a.alive, b.alive]), state: state, choices: a.choices)
    }

    /// Whether two outcomes picked the same elements (only then may they merge).
    func sameChoices(_ a: Outcome, _ b: Outcome) -> Bool {
        a.choices.count == b.choices.count && zip(a.choices, b.choices).allSatisfy { x, y in
            x.name == y.name && zip(x.value.leaves, y.value.leaves).allSatisfy { $0.isIdentical(to: $1) }
        }
    }

    func checkLimit(_ count: Int, at loc: SourceLocation?) throws {
        if count > Executor.outcomeLimit {
            throw EncodingError("an action has more than \(Executor.outcomeLimit) ways through it (choices inside loops); "
                + "the symbolic engine cannot encode it", at: loc)
        }
    }

    private func assign(_ place: Place, _ value: Expr, _ scope: Translator.Scope, _ outcome: Outcome,
                        at loc: SourceLocation) throws -> Outcome {
        let index = translator.variableIndex[place.variable]!
        let declared = spec.variables[index].sort
        return try evaluate(outcome) {
            // Keys first, then the value, as the explicit engine evaluates them.
            var keys: [(Symbolic?, String?, Sort)] = []
            var sort = declared
            for component in place.path {
                switch component {
                case let .index(argument):
                    let (domain, inner) = try translator.partSort(sort, at: loc)
                    keys.append((try translator.expression(argument, scope, at: loc, expected: domain).0, nil, sort))
                    sort = inner
                case let .field(name):
                    guard case let .record(_, fields) = sort, let field = fields.first(where: { $0.name == name }) else {
                        throw EncodingError("internal error: field \(name) of \(sort)", at: loc)
                    }
                    keys.append((nil, name, sort))
                    sort = field.sort
                }
            }
            var new = try translator.expression(value, scope, at: loc, expected: sort).0
            try translator.checkStorage(new, sort, place.description, at: loc)
            // Back to the sort's layout (a sequence appended to has a slot too many).
            if sort.hasStorageBounds { new = try translator.convert(new, from: sort, to: sort) }
            var state = outcome.state
            if keys.isEmpty {
                state[index] = new
            } else {
                guard let old = outcome.state[index] else {
                    throw EncodingError("part of '\(place.variable)' is updated before the initial block sets all of it", at: loc)
                }
                state[index] = try store(new, in: old, keys[...], at: loc)
            }
            return Outcome(alive: outcome.alive, state: state, choices: outcome.choices)
        }
    }

    private func store(_ value: Symbolic, in container: Symbolic, _ keys: ArraySlice<(Symbolic?, String?, Sort)>,
                       at loc: SourceLocation) throws -> Symbolic {
        guard let (key, field, sort) = keys.first else { return value }
        return try translator.update(container, sort, key: key, field: field, at: loc) { old, _ in
            try store(value, in: old, keys.dropFirst(), at: loc)
        }
    }
}
