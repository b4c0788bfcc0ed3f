import SpecIR

/// Compiles validated IR into Swift closures that the explorer runs on every state.
///
/// Compiling once, rather than walking the expression tree for every state, is
/// what makes an interpreter of a deep embedding fast: each closure knows its
/// operands' shapes (run-time forms, see `Shape`), slots and error locations in
/// advance. The meaning of each construct is defined here for the explicit engine;
/// the symbolic engine must give every construct the same meaning.
struct Compiler {
    let spec: Spec
    let variableIndex: [String: Int]
    let shapes = ShapeCache()
    /// The most local slots any compiled code uses.
    private(set) var slotCount = 0
    /// Whether variable reads must check that the initial block has set them.
    var initialMode = false
    /// Each variable's run-time value if all initial states agree on it (set before compiling actions).
    var initialValues: [Value?] = []
    /// Every `choose` statement compiled: the name it binds and its sort, by site number.
    private(set) var choiceSites: [(name: String, sort: Sort)] = []

    init(spec: Spec) {
        self.spec = spec
        var index: [String: Int] = [:]
        for (i, variable) in spec.variables.enumerated() { index[variable.name] = i }
        variableIndex = index
    }

    func shape(_ sort: Sort) -> Shape { shapes.shape(sort) }

    mutating func addChoiceSite(_ name: String, _ sort: Sort) -> Int {
        choiceSites.append((name, sort))
        return choiceSites.count - 1
    }

    /// Names in scope: their slot and sort.
    struct Scope {
        var names: [String: (slot: Int, sort: Sort)] = [:]
        /// Names that stand for subterms hoisted out of a loop, computed on first use.
        var memos: [String: Compiled] = [:]
    }

    /// Binds a name to a slot of its own.
    ///
    /// Every binder gets a slot no other binder uses: in continuation-passing style the
    /// statements after a `Choose` or `Let` run while it is still live, so a slot
    /// shared with a later quantifier would be overwritten under it.
    mutating func bind(_ name: String, _ sort: Sort, in scope: Scope) -> (Int, Scope) {
        var inner = scope
        let slot = slotCount
        inner.names[name] = (slot, sort)
        slotCount += 1
        return (slot, inner)
    }

    /// Converts values between two sorts whose run-time forms differ (through IR values).
    func convert(_ evaluation: @escaping Evaluation, from: Sort, to: Sort, at loc: SourceLocation) -> Evaluation {
        let source = shape(from)
        let target = shape(to)
        if target.sharesRepresentation(with: source) { return evaluation }
        return { f throws(EvaluationError) in
            let ir = source.toIR(try evaluation(f))
            guard to.contains(ir) else {
                throw EvaluationError("value \(ir) is outside the sort \(to)", at: loc)
            }
            return target.toRuntime(ir)
        }
    }

    // MARK: - Expressions

    /// Compiles an expression; with `expected`, its values come in that sort's run-time form.
    mutating func expression(_ expr: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool = false,
                             expected: Sort? = nil) -> (Evaluation, Sort)
    {
        var (evaluation, sort) = compile(expr, scope, at: loc, primed: primed, expected: expected)
        if let expected, sort != expected {
            evaluation = convert(evaluation, from: sort, to: expected, at: loc)
            sort = expected
        }
        // Fold constants: a compound expression that reads no state and no outer name
        // (a set of quorums, a message literal) is evaluated once, here.
        if expr.isCompound, expr.isConstant(bound: []) {
            let frame = Frame(variables: 0, slots: slotCount + 1)
            if let value = try? evaluation(frame) {
                return ({ _ throws(EvaluationError) in value }, sort)
            }
        }
        return (evaluation, sort)
    }

    /// Subterms of a loop body that do not depend on the loop's variable (or on anything
    /// bound inside the body), rebound to memo names computed once per run of the loop.
    ///
    /// In `∀ v1, v2 : chosen(v1) ∧ chosen(v2) ⇒ v1 = v2`, `chosen(v1)` is then computed
    /// once per `v1` instead of once per pair. Memos are computed on first use, so a
    /// subterm the body would never reach is never evaluated.
    mutating func hoist(_ body: Expr, loop name: String, _ outer: Scope, _ bodyScope: Scope,
                        at loc: SourceLocation, primed: Bool) -> (Expr, Scope, [Int]) {
        var rewritten = body
        var scope = bodyScope
        var slots: [Int] = []
        for (index, subterm) in body.loopInvariantSubterms(excluding: [name]).enumerated() {
            let memoName = "\(name)#memo\(index)"
            let (evaluation, sort) = expression(subterm, outer, at: loc, primed: primed)
            let (slot, inner) = bind(memoName, sort, in: scope)
            scope = inner
            scope.memos[memoName] = Compiled(evaluation)
            slots.append(slot)
            rewritten = rewritten.replacing(subterm, with: .bound(memoName), free: subterm.freeNames)
        }
        return (rewritten, scope, slots)
    }

    /// Compiles a part of a compound value: in the sort expected for it, or else in its own
    /// sort with integer bounds widened (an inferred `0...0` says nothing of other values).
    mutating func part(_ expr: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool, expected: Sort?)
        -> (Evaluation, Sort)
    {
        if let expected { return expression(expr, scope, at: loc, primed: primed, expected: expected) }
        let (e, sort) = expression(expr, scope, at: loc, primed: primed)
        return (convert(e, from: sort, to: sort.widened, at: loc), sort.widened)
    }

    /// Compiles two operands that must share a sort: the one whose sort is declared first.
    mutating func pair(_ a: Expr, _ b: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool, expected: Sort? = nil)
        -> (Evaluation, Evaluation, Sort)
    {
        if let expected {
            let ea = expression(a, scope, at: loc, primed: primed, expected: expected).0
            let eb = expression(b, scope, at: loc, primed: primed, expected: expected).0
            return (ea, eb, expected)
        }
        if a.isFlexible && !b.isFlexible {
            let (eb, sort) = expression(b, scope, at: loc, primed: primed)
            let ea = expression(a, scope, at: loc, primed: primed, expected: sort).0
            return (ea, eb, sort)
        }
        let (ea, sa) = expression(a, scope, at: loc, primed: primed)
        if b.isFlexible {
            return (ea, expression(b, scope, at: loc, primed: primed, expected: sa).0, sa)
        }
        let (eb, sb) = expression(b, scope, at: loc, primed: primed)
        if shape(sa).sharesRepresentation(with: shape(sb)) { return (ea, eb, sa) }
        // Two declared sorts with different bounds (Set(0...3) and Set(0...7)): compare
        // them in a sort wide enough for both.
        let common = sa.widened
        return (convert(ea, from: sa, to: common, at: loc), convert(eb, from: sb, to: common, at: loc), common)
    }

    private mutating func compile(_ expr: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool, expected: Sort?)
        -> (Evaluation, Sort)
    {
        switch expr {
        case let .literal(value, sort):
            var target = sort
            if let expected, expected.isCompatible(with: sort), expected.contains(value) { target = expected }
            let runtime = shape(target).toRuntime(value)
            return ({ _ throws(EvaluationError) in runtime }, target)

        case .symbol, .empty, .invalid:
            let message = "internal error: unresolved expression \(expr) (was the spec validated?)"
            return ({ _ throws(EvaluationError) in throw EvaluationError(message, at: loc) }, .bool)

        case let .variable(name):
            let index = variableIndex[name]!
            let sort = spec.variables[index].sort
            if primed { return ({ f throws(EvaluationError) in f.next[index] }, sort) }
            if initialMode {
                return ({ f throws(EvaluationError) in
                    let value = f.state[index]
                    if value == Frame.unset {
                        throw EvaluationError("variable '\(name)' is read before the initial block sets it", at: loc)
                    }
                    return value
                }, sort)
            }
            return ({ f throws(EvaluationError) in f.state[index] }, sort)

        case let .primed(inner):
            return expression(inner, scope, at: loc, primed: true, expected: expected)

        case let .initialValue(name):
            let index = variableIndex[name]!
            let values = initialValues
            return ({ _ throws(EvaluationError) in
                guard let value = values[index] else {
                    throw EvaluationError("'\(name)' differs between initial states, so it has no single initial value to reset to", at: loc)
                }
                return value
            }, spec.variables[index].sort)

        case let .bound(name):
            let (slot, sort) = scope.names[name]!
            if let memo = scope.memos[name]?.evaluate {
                return ({ f throws(EvaluationError) in
                    if f.locals[slot] == Frame.unset { f.locals[slot] = try memo(f) }
                    return f.locals[slot]
                }, sort)
            }
            return ({ f throws(EvaluationError) in f.locals[slot] }, sort)

        case let .letIn(name, value, body):
            let (v, sort) = expression(value, scope, at: loc, primed: primed)
            let (slot, inner) = bind(name, sort, in: scope)
            let (b, bodySort) = expression(body, inner, at: loc, primed: primed, expected: expected)
            return ({ f throws(EvaluationError) in
                f.locals[slot] = try v(f)
                return try b(f)
            }, bodySort)

        case let .ifThenElse(condition, a, b):
            let c = expression(condition, scope, at: loc, primed: primed).0
            let (ea, eb, sort) = pair(a, b, scope, at: loc, primed: primed, expected: expected)
            return ({ f throws(EvaluationError) in try (c(f).bool ? ea(f) : eb(f)) }, sort)

        case let .equal(a, b):
            let (ea, eb, sort) = pair(a, b, scope, at: loc, primed: primed)
            if shape(sort).integerLower != nil {
                return ({ f throws(EvaluationError) in Value(try ea(f).integer == eb(f).integer) }, .bool)
            }
            return ({ f throws(EvaluationError) in Value(try ea(f) == eb(f)) }, .bool)

        case let .located(inner, innerLoc):
            return expression(inner, scope, at: innerLoc, primed: primed, expected: expected)

        case let .not(a):
            let ea = expression(a, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in Value(!(try ea(f).bool)) }, .bool)

        case let .and(items):
            return (connective(items[...], isAnd: true, scope, at: loc, primed: primed), .bool)

        case let .or(items):
            return (connective(items[...], isAnd: false, scope, at: loc, primed: primed), .bool)

        case let .implies(a, b):
            let ea = expression(a, scope, at: loc, primed: primed).0
            let eb = expression(b, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in
                if !(try ea(f).bool) { return .true }
                return try eb(f)
            }, .bool)

        case let .forAll(name, set, body), let .exists(name, set, body):
            let isForAll: Bool
            if case .forAll = expr { isForAll = true } else { isForAll = false }
            // ∃ m ∈ S : m.is(v) ∧ … and ∀ m ∈ S : m.is(v) ⇒ … look only at the v messages.
            let variant = isForAll ? body.guardedVariant(of: name) : body.requiredVariant(of: name)
            // Over a whole sort (servers, terms), a plain loop over its values; otherwise an
            // iteration closure.
            let iterate: Iteration?
            let elementSort: Sort
            if case let .universe(sort) = set.unlocated {
                (iterate, elementSort) = (nil, sort)
            } else {
                let found = members(set, scope, at: loc, primed: primed, variant: variant)
                (iterate, elementSort) = (found.0, found.1)
            }
            let (slot, bodyScope) = bind(name, elementSort, in: scope)
            let (hoistedBody, inner, memoSlots) = hoist(body, loop: name, scope, bodyScope, at: loc, primed: primed)
            let predicate = expression(hoistedBody, inner, at: loc, primed: primed).0
            guard let iterate else {
                let all = shape(elementSort).allValues
                let values = Array(all[variant.flatMap { variantRanks($0, of: elementSort) } ?? 0..<all.count])
                return ({ f throws(EvaluationError) in
                    for memo in memoSlots { f.locals[memo] = Frame.unset }
                    for value in values {
                        f.locals[slot] = value
                        if try predicate(f).bool != isForAll { return Value(!isForAll) }
                    }
                    return Value(isForAll)
                }, .bool)
            }
            return ({ f throws(EvaluationError) in
                for memo in memoSlots { f.locals[memo] = Frame.unset }
                var result = isForAll
                try iterate(f) { element, _ throws(EvaluationError) in
                    f.locals[slot] = element
                    if try predicate(f).bool != isForAll {
                        result = !isForAll
                        return false
                    }
                    return true
                }
                return Value(result)
            }, .bool)

        case let .arithmetic(op, a, b):
            let ea = expression(a, scope, at: loc, primed: primed).0
            let eb = expression(b, scope, at: loc, primed: primed).0
            switch op {
            case .add: return ({ f throws(EvaluationError) in .int(try ea(f).integer &+ eb(f).integer) }, .anyInt)
            case .subtract: return ({ f throws(EvaluationError) in .int(try ea(f).integer &- eb(f).integer) }, .anyInt)
            case .multiply: return ({ f throws(EvaluationError) in .int(try ea(f).integer &* eb(f).integer) }, .anyInt)
            case .divide, .remainder:
                return ({ f throws(EvaluationError) in
                    let x = try ea(f).integer
                    let y = try eb(f).integer
                    if y == 0 { throw EvaluationError("division by zero", at: loc) }
                    return .int(op == .divide ? x / y : x % y)
                }, .anyInt)
            }

        case let .compare(op, a, b):
            let ea = expression(a, scope, at: loc, primed: primed).0
            let eb = expression(b, scope, at: loc, primed: primed).0
            switch op {
            case .less: return ({ f throws(EvaluationError) in Value(try ea(f).integer < eb(f).integer) }, .bool)
            case .lessOrEqual: return ({ f throws(EvaluationError) in Value(try ea(f).integer <= eb(f).integer) }, .bool)
            case .greater: return ({ f throws(EvaluationError) in Value(try ea(f).integer > eb(f).integer) }, .bool)
            case .greaterOrEqual: return ({ f throws(EvaluationError) in Value(try ea(f).integer >= eb(f).integer) }, .bool)
            }

        case let .none(wrapped):
            let sort = expected ?? .optional(wrapped)
            let value: Value = shape(sort).isRanked ? .int(0) : .empty
            return ({ _ throws(EvaluationError) in value }, sort)

        case let .some(inner):
            var wrapped: Sort? = nil
            if case let .optional(w)? = expected { wrapped = w }
            let (e, innerSort) = part(inner, scope, at: loc, primed: primed, expected: wrapped)
            let sort = expected ?? .optional(innerSort)
            let target = shape(sort)
            if target.isRanked {
                let element = target.element!
                return ({ f throws(EvaluationError) in
                    let v = try e(f)
                    guard let r = element.rank(v) else {
                        throw EvaluationError("value \(element.toIR(v)) is outside the sort \(element.sort)", at: loc)
                    }
                    return .int(1 + r)
                }, sort)
            }
            return ({ f throws(EvaluationError) in .tuple([try e(f)]) }, sort)

        case let .isSome(inner):
            let (e, sort) = expression(inner, scope, at: loc, primed: primed)
            if shape(sort).isRanked { return ({ f throws(EvaluationError) in Value(try e(f).integer != 0) }, .bool) }
            return ({ f throws(EvaluationError) in Value(!(try e(f).elements.isEmpty)) }, .bool)

        case let .unwrap(inner):
            let (e, sort) = expression(inner, scope, at: loc, primed: primed)
            guard case let .optional(wrapped) = sort else { preconditionFailure("validated") }
            let source = shape(sort)
            if source.isRanked {
                let element = source.element!
                return ({ f throws(EvaluationError) in
                    let r = try e(f).integer
                    if r == 0 { throw EvaluationError("unwrapping an absent optional value", at: loc) }
                    return element.value(rank: r - 1)
                }, wrapped)
            }
            return ({ f throws(EvaluationError) in
                guard let value = try e(f).elements.first else {
                    throw EvaluationError("unwrapping an absent optional value", at: loc)
                }
                return value
            }, wrapped)

        case let .record(sort, fields):
            guard case let .record(_, declared) = sort else { preconditionFailure("validated") }
            let parts = zip(declared, fields).map { Compiled(expression($1, scope, at: loc, primed: primed, expected: $0.sort).0) }
            let target = shape(sort)
            if target.isRanked {
                return (rankedConstructor(parts, target.fields, target.strides, offset: 0, name: sort.description, loc), sort)
            }
            return ({ f throws(EvaluationError) in .tuple(try evaluateAll(parts, f)) }, sort)

        case let .field(inner, name):
            let (e, sort) = expression(inner, scope, at: loc, primed: primed)
            let source = shape(sort)
            switch sort {
            case let .record(_, fields):
                let index = fields.firstIndex { $0.name == name }!
                if source.isRanked {
                    let stride = source.strides[index]
                    let field = source.fields[index]
                    let count = field.count!
                    if let lower = field.integerLower {
                        return ({ f throws(EvaluationError) in .int(lower &+ (try e(f).integer / stride % count)) }, fields[index].sort)
                    }
                    return ({ f throws(EvaluationError) in field.value(rank: try e(f).integer / stride % count) }, fields[index].sort)
                }
                return ({ f throws(EvaluationError) in try e(f).elements[index] }, fields[index].sort)
            case let .union(unionName, variants):
                let positions = variants.map { variant in variant.fields.firstIndex { $0.name == name } }
                let fieldSort = variants.lazy.compactMap { $0.fields.first { $0.name == name }?.sort }.first!
                if source.isRanked {
                    let offsets = source.offsets
                    let strides = source.variantStrides
                    let shapes = source.variants
                    return ({ f throws(EvaluationError) in
                        let r = try e(f).integer
                        var tag = 0
                        while r >= offsets[tag + 1] { tag += 1 }
                        guard let position = positions[tag] else {
                            throw EvaluationError("a \(unionName).\(variants[tag].name) value has no field '\(name)'", at: loc)
                        }
                        let field = shapes[tag][position]
                        return field.value(rank: (r - offsets[tag]) / strides[tag][position] % field.count!)
                    }, fieldSort)
                }
                return ({ f throws(EvaluationError) in
                    let items = try e(f).elements
                    let tag = items[0].integer
                    guard let position = positions[tag] else {
                        throw EvaluationError("a \(unionName).\(variants[tag].name) value has no field '\(name)'", at: loc)
                    }
                    return items[position + 1]
                }, fieldSort)
            default:
                preconditionFailure("validated")
            }

        case let .variant(sort, tag, fields):
            guard case let .union(_, variants) = sort else { preconditionFailure("validated") }
            let tagIndex = variants.firstIndex { $0.name == tag }!
            let parts = zip(variants[tagIndex].fields, fields).map {
                Compiled(expression($1, scope, at: loc, primed: primed, expected: $0.sort).0)
            }
            let target = shape(sort)
            if target.isRanked {
                return (rankedConstructor(parts, target.variants[tagIndex], target.variantStrides[tagIndex],
                                          offset: target.offsets[tagIndex], name: "\(sort).\(tag)", loc), sort)
            }
            let tagValue = Value.int(tagIndex)
            return ({ f throws(EvaluationError) in .tuple([tagValue] + (try evaluateAll(parts, f))) }, sort)

        case let .isVariant(inner, tag):
            let (e, sort) = expression(inner, scope, at: loc, primed: primed)
            guard case let .union(_, variants) = sort else { preconditionFailure("validated") }
            let tagIndex = variants.firstIndex { $0.name == tag }!
            let source = shape(sort)
            if source.isRanked {
                let low = source.offsets[tagIndex]
                let high = source.offsets[tagIndex + 1]
                return ({ f throws(EvaluationError) in
                    let r = try e(f).integer
                    return Value(r >= low && r < high)
                }, .bool)
            }
            return ({ f throws(EvaluationError) in Value(try e(f).elements[0].integer == tagIndex) }, .bool)

        case let .function(name, domain, body):
            var codomain: Sort? = nil
            if case let .function(_, c)? = expected { codomain = c }
            let domainValues = shape(domain).allValues
            let (slot, inner) = bind(name, domain, in: scope)
            let (b, bodySort) = part(body, inner, at: loc, primed: primed, expected: codomain)
            let sort = Sort.function(domain: domain, codomain: bodySort)
            let target = shape(sort)
            if target.isRanked {
                let element = target.element!
                let count = element.count!
                return ({ f throws(EvaluationError) in
                    var rank = 0
                    for x in domainValues {
                        f.locals[slot] = x
                        let v = try b(f)
                        guard let r = element.rank(v) else {
                            throw EvaluationError("value \(element.toIR(v)) is outside the sort \(element.sort)", at: loc)
                        }
                        rank = rank * count + r
                    }
                    return .int(rank)
                }, sort)
            }
            return ({ f throws(EvaluationError) in
                var items: [Value] = []
                items.reserveCapacity(domainValues.count)
                for x in domainValues {
                    f.locals[slot] = x
                    items.append(try b(f))
                }
                return .tuple(items)
            }, sort)

        case let .apply(function, argument):
            let (ef, sort) = expression(function, scope, at: loc, primed: primed)
            switch sort {
            case let .function(domain, codomain):
                let ex = expression(argument, scope, at: loc, primed: primed, expected: domain).0
                let source = shape(sort)
                let index = source.domain!
                if source.isRanked {
                    let strides = source.strides
                    let element = source.element!
                    let count = element.count!
                    if let lower = element.integerLower, let first = index.integerLower {
                        // Both argument and result are integers: no shape is consulted per call.
                        let size = strides.count
                        // A variable applied to a bound name (`currentTerm[i]`), the commonest
                        // read of an action, reads both in place instead of through two closures.
                        if !initialMode, case let .variable(name) = function.unlocated,
                           case let .bound(bound) = argument.unlocated, scope.memos[bound] == nil,
                           let named = scope.names[bound], shape(named.sort).sharesRepresentation(with: index),
                           let variable = variableIndex[name] {
                            let slot = named.slot
                            return ({ f throws(EvaluationError) in
                                let x = f.locals[slot].integer
                                let i = x &- first
                                guard i >= 0 && i < size else {
                                    throw EvaluationError("argument \(index.toIR(.int(x))) is outside the domain \(domain)", at: loc)
                                }
                                let rank = (primed ? f.next[variable] : f.state[variable]).integer
                                return .int(lower &+ (rank / strides[i] % count))
                            }, codomain)
                        }
                        return ({ f throws(EvaluationError) in
                            let x = try ex(f).integer
                            let i = x &- first
                            guard i >= 0 && i < size else {
                                throw EvaluationError("argument \(index.toIR(.int(x))) is outside the domain \(domain)", at: loc)
                            }
                            return .int(lower &+ (try ef(f).integer / strides[i] % count))
                        }, codomain)
                    }
                    return ({ f throws(EvaluationError) in
                        let x = try ex(f)
                        guard let i = index.rank(x) else {
                            throw EvaluationError("argument \(index.toIR(x)) is outside the domain \(domain)", at: loc)
                        }
                        return element.value(rank: try ef(f).integer / strides[i] % count)
                    }, codomain)
                }
                return ({ f throws(EvaluationError) in
                    let x = try ex(f)
                    guard let i = index.rank(x) else {
                        throw EvaluationError("argument \(index.toIR(x)) is outside the domain \(domain)", at: loc)
                    }
                    return try ef(f).elements[i]
                }, codomain)
            case let .sequence(element, _):
                let ex = expression(argument, scope, at: loc, primed: primed).0
                return ({ f throws(EvaluationError) in
                    let items = try ef(f).elements
                    let i = try ex(f).integer
                    guard i >= 1 && i <= items.count else {
                        throw EvaluationError("index \(i) is outside the sequence's 1...\(items.count)", at: loc)
                    }
                    return items[i - 1]
                }, element)
            default:
                preconditionFailure("validated")
            }

        case let .updating(function, argument, value):
            let (ef, sort) = expression(function, scope, at: loc, primed: primed, expected: expected)
            let step = pathStep(for: sort, argument, scope, at: loc)
            let ev = expression(value, scope, at: loc, primed: primed, expected: step.inner).0
            return ({ f throws(EvaluationError) in
                let key = try step.key(f)
                let v = try ev(f)
                return try step.update(try ef(f), key) { _ throws(EvaluationError) in v }
            }, sort)

        case let .setOf(given, items):
            var element = given?.widened ?? .anyInt
            if case let .set(e)? = expected { element = e }
            let sort = Sort.set(element: element)
            let code = SetCode(shape(sort))
            let parts = items.map { Compiled(expression($0, scope, at: loc, primed: primed, expected: element).0) }
            return ({ f throws(EvaluationError) in
                let values = try evaluateAll(parts, f)
                guard let set = code.make(values) else {
                    throw EvaluationError("an element is outside the set's element sort \(element)", at: loc)
                }
                return set
            }, sort)

        case let .universe(sort):
            let setSort = Sort.set(element: sort)
            let all = SetCode(shape(setSort)).make(shape(sort).allValues)!
            return ({ _ throws(EvaluationError) in all }, setSort)

        case let .contains(element, collection):
            let (ec, sort) = expression(collection, scope, at: loc, primed: primed)
            switch sort {
            case let .set(elementSort):
                let ee = expression(element, scope, at: loc, primed: primed, expected: elementSort).0
                let code = SetCode(shape(sort))
                return ({ f throws(EvaluationError) in
                    let item = try ee(f)
                    return Value(code.contains(try ec(f), item))
                }, .bool)
            case let .bag(elementSort, _, _):
                let ee = expression(element, scope, at: loc, primed: primed, expected: elementSort).0
                if case let .packedBag(packed) = shape(sort).kind {
                    return ({ f throws(EvaluationError) in
                        let item = try ee(f)
                        let bag = try ec(f).integer
                        guard let rank = packed.rank(item) else { return .false }
                        return Value(packed.copies(bag, rank: rank) > 0)
                    }, .bool)
                }
                return ({ f throws(EvaluationError) in
                    let item = try ee(f)
                    return Value(Compiler.copies(in: try ec(f).elements, of: item) > 0)
                }, .bool)
            case let .sequence(elementSort, _):
                let ee = expression(element, scope, at: loc, primed: primed, expected: elementSort).0
                return ({ f throws(EvaluationError) in
                    let item = try ee(f)
                    return Value(try ec(f).elements.contains(item))
                }, .bool)
            default:
                preconditionFailure("validated")
            }

        case let .setOperation(op, a, b):
            let (ea, eb, sort) = pair(a, b, scope, at: loc, primed: primed, expected: expected)
            let code = SetCode(shape(sort))
            if case .ranked = code.shape.kind {
                switch op {
                case .union: return ({ f throws(EvaluationError) in .int(try ea(f).integer | eb(f).integer) }, sort)
                case .intersection: return ({ f throws(EvaluationError) in .int(try ea(f).integer & eb(f).integer) }, sort)
                case .difference: return ({ f throws(EvaluationError) in .int(try ea(f).integer & ~eb(f).integer) }, sort)
                }
            }
            return ({ f throws(EvaluationError) in
                let x = try ea(f)
                return code.combine(op, x, try eb(f))
            }, sort)

        case let .isSubset(a, b):
            let (ea, eb, sort) = pair(a, b, scope, at: loc, primed: primed)
            let code = SetCode(shape(sort))
            return ({ f throws(EvaluationError) in
                let x = try ea(f)
                return Value(code.isSubset(x, try eb(f)))
            }, .bool)

        case let .count(inner):
            if case let .bagSupport(bag) = inner.unlocated {
                // The distinct elements of a bag: its (element, copies) pairs, without the set.
                let (eb, sort) = expression(bag, scope, at: loc, primed: primed)
                if case let .packedBag(packed) = shape(sort).kind {
                    return ({ f throws(EvaluationError) in .int(packed.distinct(try eb(f).integer)) }, .anyInt)
                }
                return ({ f throws(EvaluationError) in .int(try eb(f).elements.count) }, .anyInt)
            }
            let (e, sort) = expression(inner, scope, at: loc, primed: primed)
            switch sort {
            case .set:
                let code = SetCode(shape(sort))
                return ({ f throws(EvaluationError) in .int(code.count(try e(f))) }, .anyInt)
            case .bag:
                if case let .packedBag(packed) = shape(sort).kind {
                    return ({ f throws(EvaluationError) in .int(packed.total(try e(f).integer)) }, .anyInt)
                }
                return ({ f throws(EvaluationError) in
                    .int(try e(f).elements.reduce(0) { $0 + $1.elements[1].integer })
                }, .anyInt)
            default:
                return ({ f throws(EvaluationError) in .int(try e(f).elements.count) }, .anyInt)
            }

        case let .filter(name, set, predicate):
            let (es, sort) = expression(set, scope, at: loc, primed: primed)
            guard case let .set(elementSort) = sort else { preconditionFailure("validated") }
            let code = SetCode(shape(sort))
            let ranks = predicate.requiredVariant(of: name).flatMap { variantRanks($0, of: elementSort) }
            let (slot, inner) = bind(name, elementSort, in: scope)
            let p = expression(predicate, inner, at: loc, primed: primed).0
            switch code.shape.kind {
            case .ranked:
                return ({ f throws(EvaluationError) in
                    var kept = 0
                    try code.forEach(try es(f), ranks: ranks) { element, rank throws(EvaluationError) in
                        f.locals[slot] = element
                        if try p(f).bool { kept |= 1 << rank }
                        return true
                    }
                    return .int(kept)
                }, sort)
            case .bitset:
                return ({ f throws(EvaluationError) in
                    var kept: [Int] = []
                    try code.forEach(try es(f), ranks: ranks) { element, rank throws(EvaluationError) in
                        f.locals[slot] = element
                        if try p(f).bool { kept.append(rank) }
                        return true
                    }
                    return code.make(ranks: kept)
                }, sort)
            default:
                return ({ f throws(EvaluationError) in
                    var kept: [Value] = []
                    try code.forEach(try es(f)) { element, _ throws(EvaluationError) in
                        f.locals[slot] = element
                        if try p(f).bool { kept.append(element) }
                        return true
                    }
                    return .tuple(kept)
                }, sort)
            }

        case let .map(name, set, body):
            let (es, sort) = expression(set, scope, at: loc, primed: primed)
            guard case let .set(elementSort) = sort else { preconditionFailure("validated") }
            let code = SetCode(shape(sort))
            let (slot, inner) = bind(name, elementSort, in: scope)
            var resultElement: Sort? = nil
            if case let .set(e)? = expected { resultElement = e }
            let (b, bodySort) = part(body, inner, at: loc, primed: primed, expected: resultElement)
            let resultSort = Sort.set(element: bodySort)
            let result = SetCode(shape(resultSort))
            return ({ f throws(EvaluationError) in
                var mapped: [Value] = []
                try code.forEach(try es(f)) { element, _ throws(EvaluationError) in
                    f.locals[slot] = element
                    mapped.append(try b(f))
                    return true
                }
                guard let set = result.make(mapped) else {
                    throw EvaluationError("a mapped value is outside the sort \(resultSort)", at: loc)
                }
                return set
            }, resultSort)

        case let .extremum(kind, set):
            let (e, sort) = expression(set, scope, at: loc, primed: primed)
            let code = SetCode(shape(sort))
            return ({ f throws(EvaluationError) in
                let items = code.elements(try e(f))
                guard let value = kind == .max ? items.max() : items.min() else {
                    throw EvaluationError("\(kind.rawValue) of an empty set", at: loc)
                }
                return value
            }, .anyInt)

        case let .sequenceOf(given, items):
            var element = given?.widened ?? .anyInt
            if case let .sequence(e, _)? = expected { element = e }
            let parts = items.map { Compiled(expression($0, scope, at: loc, primed: primed, expected: element).0) }
            let sort = expected ?? .sequence(element: element, capacity: items.count)
            return ({ f throws(EvaluationError) in .tuple(try evaluateAll(parts, f)) }, sort)

        case let .appending(sequence, element):
            let (es, sort) = expression(sequence, scope, at: loc, primed: primed, expected: expected)
            guard case let .sequence(elementSort, _) = sort else { preconditionFailure("validated") }
            let ee = expression(element, scope, at: loc, primed: primed, expected: elementSort).0
            return ({ f throws(EvaluationError) in .tuple(try es(f).elements + [try ee(f)]) }, sort)

        case let .prefix(sequence, count), let .dropping(sequence, count):
            let isPrefix: Bool
            if case .prefix = expr { isPrefix = true } else { isPrefix = false }
            let (es, sort) = expression(sequence, scope, at: loc, primed: primed, expected: expected)
            let en = expression(count, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in
                let items = try es(f).elements
                let n = try en(f).integer
                guard n >= 0 && n <= items.count else {
                    throw EvaluationError("cannot take \(n) elements of a sequence of length \(items.count)", at: loc)
                }
                return .tuple(Array(isPrefix ? items[..<n] : items[n...]))
            }, sort)

        case let .last(sequence):
            let (es, sort) = expression(sequence, scope, at: loc, primed: primed)
            guard case let .sequence(element, _) = sort else { preconditionFailure("validated") }
            return ({ f throws(EvaluationError) in
                guard let value = try es(f).elements.last else {
                    throw EvaluationError("the last element of an empty sequence", at: loc)
                }
                return value
            }, element)

        case let .copies(bag, element):
            let (eb, sort) = expression(bag, scope, at: loc, primed: primed)
            guard case let .bag(elementSort, _, _) = sort else { preconditionFailure("validated") }
            let ee = expression(element, scope, at: loc, primed: primed, expected: elementSort).0
            if case let .packedBag(packed) = shape(sort).kind {
                return ({ f throws(EvaluationError) in
                    let item = try ee(f)
                    let bag = try eb(f).integer
                    guard let rank = packed.rank(item) else { return .int(0) }
                    return .int(packed.copies(bag, rank: rank))
                }, .anyInt)
            }
            return ({ f throws(EvaluationError) in
                let item = try ee(f)
                return .int(Compiler.copies(in: try eb(f).elements, of: item))
            }, .anyInt)

        case let .bagAdding(bag, element), let .bagRemoving(bag, element):
            let delta: Int
            if case .bagAdding = expr { delta = 1 } else { delta = -1 }
            let (eb, sort) = expression(bag, scope, at: loc, primed: primed, expected: expected)
            guard case let .bag(elementSort, maxCopies, _) = sort else { preconditionFailure("validated") }
            let ee = expression(element, scope, at: loc, primed: primed, expected: elementSort).0
            if case let .packedBag(packed) = shape(sort).kind {
                let elementShape = shape(elementSort)
                return ({ f throws(EvaluationError) in
                    let item = try ee(f)
                    let old = try eb(f)
                    guard let rank = packed.rank(item) else {
                        if delta < 0 { return old }
                        throw EvaluationError("the element \(elementShape.toIR(item)) is outside the bag's sort \(elementSort)", at: loc)
                    }
                    guard let bag = packed.adjust(old.integer, rank: rank, by: delta) else {
                        throw EvaluationError("within this expression the bag would hold more than \(packed.slots) distinct elements or \(packed.maxCopies) copies of one, more than the explicit engine keeps for a \(sort)", at: loc)
                    }
                    return .int(bag)
                }, sort)
            }
            let pairs = BagPairs(shape(elementSort), maxCopies: maxCopies)
            return ({ f throws(EvaluationError) in
                let item = try ee(f)
                return .tuple(Compiler.adjust(try eb(f).elements, item, by: delta, pairs: pairs))
            }, sort)

        case let .bagSupport(bag):
            let (eb, sort) = expression(bag, scope, at: loc, primed: primed)
            guard case let .bag(element, _, _) = sort else { preconditionFailure("validated") }
            let setSort = Sort.set(element: element)
            let code = SetCode(shape(setSort))
            if case let .packedBag(packed) = shape(sort).kind {
                let elementShape = shape(element)
                return ({ f throws(EvaluationError) in
                    let items = packed.unpack(try eb(f).integer).map { elementShape.value(rank: $0.rank) }
                    guard let set = code.make(items) else {
                        throw EvaluationError("an element of the bag is outside its sort \(element)", at: loc)
                    }
                    return set
                }, setSort)
            }
            return ({ f throws(EvaluationError) in
                guard let set = code.make(try eb(f).elements.map { $0.elements[0] }) else {
                    throw EvaluationError("an element of the bag is outside its sort \(element)", at: loc)
                }
                return set
            }, setSort)
        }
    }

    /// A conjunction or disjunction as a chain of two-way closures, left to right, each
    /// operand called directly.
    mutating func connective(_ items: ArraySlice<Expr>, isAnd: Bool, _ scope: Scope, at loc: SourceLocation,
                             primed: Bool) -> Evaluation {
        guard let first = items.first else {
            let value = Value(isAnd)
            return { _ throws(EvaluationError) in value }
        }
        let p = expression(first, scope, at: loc, primed: primed).0
        if items.count == 1 { return p }
        let q = connective(items.dropFirst(), isAnd: isAnd, scope, at: loc, primed: primed)
        if isAnd { return { f throws(EvaluationError) in try p(f).bool ? try q(f) : .false } }
        return { f throws(EvaluationError) in try p(f).bool ? .true : try q(f) }
    }

    /// A record or union variant built as its rank: the sum of its fields' ranks times their weights.
    ///
    /// A chain of one closure per field, each calling the one before, rather than a loop
    /// over arrays of closures and shapes: an element copied out of an array is retained,
    /// and a message built in every send retained and released each field's code and shape.
    func rankedConstructor(_ parts: [Compiled], _ fields: [Shape], _ strides: [Int], offset: Int,
                           name: String, _ loc: SourceLocation) -> Evaluation {
        var total: (Frame) throws(EvaluationError) -> Int = { _ throws(EvaluationError) in offset }
        for index in parts.indices {
            let previous = total
            let part = parts[index].evaluate
            let field = fields[index]
            let stride = strides[index]
            let outside = { (v: Value) in
                EvaluationError("value \(field.toIR(v)) of a field of \(name) is outside its sort \(field.sort)", at: loc)
            }
            if let lower = field.integerLower, let count = field.count {
                total = { f throws(EvaluationError) in
                    let sum = try previous(f)
                    let v = try part(f)
                    guard case let .int(n) = v, n &- lower >= 0, n &- lower < count else { throw outside(v) }
                    return sum &+ (n &- lower) &* stride
                }
            } else {
                total = { f throws(EvaluationError) in
                    let sum = try previous(f)
                    let v = try part(f)
                    guard let r = field.rank(v) else { throw outside(v) }
                    return sum &+ r &* stride
                }
            }
        }
        let rank = total
        return { f throws(EvaluationError) in .int(try rank(f)) }
    }

    /// Iterates the elements of a set, without building a whole-sort set for domains.
    ///
    /// `variant` names a variant of the elements' union sort when only those elements
    /// can matter (the body starts by requiring it): then only their ranks are visited.
    mutating func members(_ set: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool,
                          variant: String? = nil) -> (Iteration, Sort)
    {
        if case let .universe(sort) = set.unlocated {
            let all = shape(sort).allValues
            let ranks = variant.flatMap { variantRanks($0, of: sort) } ?? 0..<all.count
            return ({ _, body throws(EvaluationError) in
                for rank in ranks where try !body(all[rank], rank) { return }
            }, sort)
        }
        if case let .bagSupport(bag) = set.unlocated {
            // The elements of a bag in flight, read from its (element, copies) pairs, which are
            // in the order a set of them would be, without building that set.
            let (e, sort) = expression(bag, scope, at: loc, primed: primed)
            guard case let .bag(element, _, _) = sort else { preconditionFailure("validated") }
            let elementShape = shape(element)
            let ranks = variant.flatMap { variantRanks($0, of: element) }
            if case let .packedBag(packed) = shape(sort).kind {
                return ({ f, body throws(EvaluationError) in
                    try packed.forEach(try e(f).integer) { rank, _ throws(EvaluationError) in
                        if let ranks, !ranks.contains(rank) { return true }
                        return try body(elementShape.value(rank: rank), rank)
                    }
                }, element)
            }
            let lower: Int?
            switch elementShape.kind {
            case .ranked: lower = 0
            case let .scalar(l): lower = l
            default: lower = nil
            }
            return ({ f, body throws(EvaluationError) in
                for pair in try e(f).elements {
                    let item = pair.elements[0]
                    let rank = lower.map { item.integer - $0 } ?? -1
                    if let ranks, !ranks.contains(rank) { continue }
                    if try !body(item, rank) { return }
                }
            }, element)
        }
        let (e, sort) = expression(set, scope, at: loc, primed: primed)
        guard case let .set(element) = sort else { preconditionFailure("validated") }
        let code = SetCode(shape(sort))
        if let variant, let ranks = variantRanks(variant, of: element) {
            return ({ f, body throws(EvaluationError) in try code.forEach(try e(f), ranks: ranks, body) }, element)
        }
        return ({ f, body throws(EvaluationError) in try code.forEach(try e(f), body) }, element)
    }

    /// The ranks of one variant among a ranked union's values.
    func variantRanks(_ variant: String, of sort: Sort) -> Range<Int>? {
        guard case let .union(_, variants) = sort, shape(sort).isRanked,
              let tag = variants.firstIndex(where: { $0.name == variant }) else { return nil }
        let offsets = shape(sort).offsets
        return offsets[tag]..<offsets[tag + 1]
    }

    /// The elements of a set as an array.
    mutating func collect(_ set: Expr, _ scope: Scope, at loc: SourceLocation) -> ((Frame) throws(EvaluationError) -> [Value], Sort) {
        let (iterate, sort) = members(set, scope, at: loc, primed: false)
        return ({ f throws(EvaluationError) in
            var items: [Value] = []
            try iterate(f) { value, _ throws(EvaluationError) in
                items.append(value)
                return true
            }
            return items
        }, sort)
    }

    /// One step into a function, sequence or record: how to read the key and rebuild the container.
    struct PathStep {
        let key: Evaluation
        /// The sort of the part the key selects.
        let inner: Sort
        /// The container with the selected part replaced by `transform(old part)`.
        let update: (Value, Value, (Value) throws(EvaluationError) -> Value) throws(EvaluationError) -> Value
    }

    mutating func pathStep(for sort: Sort, _ argument: Expr, _ scope: Scope, at loc: SourceLocation) -> PathStep {
        let container = shape(sort)
        switch sort {
        case let .function(domain, codomain):
            let key = expression(argument, scope, at: loc, expected: domain).0
            let index = container.domain!
            if container.isRanked {
                let strides = container.strides
                let element = container.element!
                let count = element.count!
                if let first = index.integerLower, let lower = element.integerLower {
                    // Argument and result are integers: digits by arithmetic, no shape consulted.
                    let size = strides.count
                    return PathStep(key: key, inner: codomain) { old, x, transform throws(EvaluationError) in
                        let i = x.integer &- first
                        guard i >= 0 && i < size else {
                            throw EvaluationError("argument \(index.toIR(x)) is outside the domain \(domain)", at: loc)
                        }
                        let rank = old.integer
                        let digit = rank / strides[i] % count
                        let v = try transform(.int(lower &+ digit))
                        let newDigit = v.integer &- lower
                        guard newDigit >= 0 && newDigit < count else {
                            throw EvaluationError("value \(element.toIR(v)) is outside the sort \(codomain)", at: loc)
                        }
                        return .int(rank &+ (newDigit &- digit) &* strides[i])
                    }
                }
                return PathStep(key: key, inner: codomain) { old, x, transform throws(EvaluationError) in
                    guard let i = index.rank(x) else {
                        throw EvaluationError("argument \(index.toIR(x)) is outside the domain \(domain)", at: loc)
                    }
                    let rank = old.integer
                    let digit = rank / strides[i] % count
                    let v = try transform(element.value(rank: digit))
                    guard let newDigit = element.rank(v) else {
                        throw EvaluationError("value \(element.toIR(v)) is outside the sort \(codomain)", at: loc)
                    }
                    return .int(rank + (newDigit - digit) * strides[i])
                }
            }
            return PathStep(key: key, inner: codomain) { old, x, transform throws(EvaluationError) in
                guard let i = index.rank(x) else {
                    throw EvaluationError("argument \(index.toIR(x)) is outside the domain \(domain)", at: loc)
                }
                var items = old.elements
                items[i] = try transform(items[i])
                return .tuple(items)
            }
        case let .sequence(element, _):
            let key = expression(argument, scope, at: loc).0
            return PathStep(key: key, inner: element) { old, x, transform throws(EvaluationError) in
                var items = old.elements
                let i = x.integer
                guard i >= 1 && i <= items.count else {
                    throw EvaluationError("index \(i) is outside the sequence's 1...\(items.count)", at: loc)
                }
                items[i - 1] = try transform(items[i - 1])
                return .tuple(items)
            }
        default:
            preconditionFailure("validated")
        }
    }

    func fieldStep(_ sort: Sort, _ name: String, at loc: SourceLocation) -> PathStep {
        guard case let .record(_, fields) = sort else { preconditionFailure("validated") }
        let position = fields.firstIndex { $0.name == name }!
        let container = shape(sort)
        let key: Evaluation = { _ throws(EvaluationError) in .int(position) }
        if container.isRanked {
            let stride = container.strides[position]
            let field = container.fields[position]
            let count = field.count!
            return PathStep(key: key, inner: fields[position].sort) { old, _, transform throws(EvaluationError) in
                let rank = old.integer
                let digit = rank / stride % count
                let v = try transform(field.value(rank: digit))
                guard let newDigit = field.rank(v) else {
                    throw EvaluationError("value \(field.toIR(v)) is outside the sort \(field.sort)", at: loc)
                }
                return .int(rank + (newDigit - digit) * stride)
            }
        }
        return PathStep(key: key, inner: fields[position].sort) { old, _, transform throws(EvaluationError) in
            var items = old.elements
            items[position] = try transform(items[position])
            return .tuple(items)
        }
    }
}

typealias Iteration = (Frame, (Value, Int) throws(EvaluationError) -> Bool) throws(EvaluationError) -> Void

/// A compiled expression kept in a collection.
///
/// A closure stored directly in an array or a dictionary is stored in the form generic
/// code calls, and every call through it goes through a conversion thunk; as the field
/// of a struct it keeps its own calling convention.
struct Compiled {
    let evaluate: Evaluation

    init(_ evaluate: @escaping Evaluation) { self.evaluate = evaluate }
}

func evaluateAll(_ parts: [Compiled], _ frame: Frame) throws(EvaluationError) -> [Value] {
    var values: [Value] = []
    values.reserveCapacity(parts.count)
    for part in parts { values.append(try part.evaluate(frame)) }
    return values
}

/// Shapes are built once per sort and shared by all the code compiled for a spec.
final class ShapeCache {
    private var shapes: [Sort: Shape] = [:]

    func shape(_ sort: Sort) -> Shape {
        if let known = shapes[sort] { return known }
        let made = Shape(sort) { self.shape($0) }
        shapes[sort] = made
        return made
    }
}

extension Shape {
    /// Every value of the sort in its run-time form, in rank order.
    var allValues: [Value] {
        (0..<(count ?? 0)).map { value(rank: $0) }
    }
}
