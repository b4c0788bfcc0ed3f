import SpecIR

/// Compiles validated IR into Swift closures that the explorer runs on every state.
///
/// Compiling once, rather than walking the expression tree for every state, is
/// what makes an interpreter of a deep embedding fast: each closure knows its
/// operands' sorts, slots and error locations in advance. The meaning of each
/// construct is defined here for the explicit engine; the symbolic engine must
/// give every construct the same meaning.
struct Compiler {
    let spec: Spec
    let variableIndex: [String: Int]
    /// The most local slots any compiled code uses.
    private(set) var slotCount = 0
    /// Whether variable reads must check that the initial block has set them.
    var initialMode = false
    /// Each variable's value if all initial states agree on it (set before compiling actions).
    var initialValues: [Value?] = []
    /// Every `choose` statement compiled: the name it binds and its sort, by site number.
    private(set) var choiceSites: [(name: String, sort: Sort)] = []

    mutating func addChoiceSite(_ name: String, _ sort: Sort) -> Int {
        choiceSites.append((name, sort))
        return choiceSites.count - 1
    }

    init(spec: Spec) {
        self.spec = spec
        var index: [String: Int] = [:]
        for (i, variable) in spec.variables.enumerated() { index[variable.name] = i }
        variableIndex = index
    }

    /// Names in scope: their slot and sort.
    struct Scope {
        var names: [String: (slot: Int, sort: Sort)] = [:]
        var nextSlot = 0
    }

    mutating func bind(_ name: String, _ sort: Sort, in scope: Scope) -> (Int, Scope) {
        var inner = scope
        let slot = scope.nextSlot
        inner.names[name] = (slot, sort)
        inner.nextSlot += 1
        slotCount = Swift.max(slotCount, inner.nextSlot)
        return (slot, inner)
    }

    // MARK: - Expressions

    mutating func expression(_ expr: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool = false)
        -> (Evaluation, Sort)
    {
        let (evaluation, sort) = compile(expr, scope, at: loc, primed: primed)
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

    private mutating func compile(_ expr: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool)
        -> (Evaluation, Sort)
    {
        switch expr {
        case let .literal(value, sort):
            return ({ _ throws(EvaluationError) in value }, sort)

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
            return expression(inner, scope, at: loc, primed: true)

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
            return ({ f throws(EvaluationError) in f.locals[slot] }, sort)

        case let .letIn(name, value, body):
            let (v, sort) = expression(value, scope, at: loc, primed: primed)
            let (slot, inner) = bind(name, sort, in: scope)
            let (b, bodySort) = expression(body, inner, at: loc, primed: primed)
            return ({ f throws(EvaluationError) in
                f.locals[slot] = try v(f)
                return try b(f)
            }, bodySort)

        case let .ifThenElse(condition, a, b):
            let c = expression(condition, scope, at: loc, primed: primed).0
            let (ea, sort) = expression(a, scope, at: loc, primed: primed)
            let eb = expression(b, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in try (c(f).bool ? ea(f) : eb(f)) }, sort)

        case let .equal(a, b):
            let ea = expression(a, scope, at: loc, primed: primed).0
            let eb = expression(b, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in Value(try ea(f) == eb(f)) }, .bool)

        case let .located(inner, innerLoc):
            return expression(inner, scope, at: innerLoc, primed: primed)

        case let .not(a):
            let ea = expression(a, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in Value(!(try ea(f).bool)) }, .bool)

        case let .and(items):
            let parts = items.map { expression($0, scope, at: loc, primed: primed).0 }
            return ({ f throws(EvaluationError) in
                for part in parts where !(try part(f).bool) { return .false }
                return .true
            }, .bool)

        case let .or(items):
            let parts = items.map { expression($0, scope, at: loc, primed: primed).0 }
            return ({ f throws(EvaluationError) in
                for part in parts where try part(f).bool { return .true }
                return .false
            }, .bool)

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
            let (elements, elementSort) = members(set, scope, at: loc, primed: primed)
            let (slot, inner) = bind(name, elementSort, in: scope)
            let predicate = expression(body, inner, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in
                for element in try elements(f) {
                    f.locals[slot] = element
                    if try predicate(f).bool != isForAll { return Value(!isForAll) }
                }
                return Value(isForAll)
            }, .bool)

        case let .arithmetic(op, a, b):
            let ea = expression(a, scope, at: loc, primed: primed).0
            let eb = expression(b, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in
                let x = try ea(f).integer
                let y = try eb(f).integer
                switch op {
                case .add: return .int(x &+ y)
                case .subtract: return .int(x &- y)
                case .multiply: return .int(x &* y)
                case .divide, .remainder:
                    if y == 0 { throw EvaluationError("division by zero", at: loc) }
                    return .int(op == .divide ? x / y : x % y)
                }
            }, .anyInt)

        case let .compare(op, a, b):
            let ea = expression(a, scope, at: loc, primed: primed).0
            let eb = expression(b, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in
                let x = try ea(f).integer
                let y = try eb(f).integer
                switch op {
                case .less: return Value(x < y)
                case .lessOrEqual: return Value(x <= y)
                case .greater: return Value(x > y)
                case .greaterOrEqual: return Value(x >= y)
                }
            }, .bool)

        case let .none(wrapped):
            return ({ _ throws(EvaluationError) in .empty }, .optional(wrapped))

        case let .some(inner):
            let (e, sort) = expression(inner, scope, at: loc, primed: primed)
            return ({ f throws(EvaluationError) in .tuple([try e(f)]) }, .optional(sort))

        case let .isSome(inner):
            let e = expression(inner, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in Value(!(try e(f).elements.isEmpty)) }, .bool)

        case let .unwrap(inner):
            let (e, sort) = expression(inner, scope, at: loc, primed: primed)
            guard case let .optional(wrapped) = sort else { preconditionFailure("validated") }
            return ({ f throws(EvaluationError) in
                let items = try e(f).elements
                guard let value = items.first else { throw EvaluationError("unwrapping an absent optional value", at: loc) }
                return value
            }, wrapped)

        case let .record(sort, fields):
            let parts = fields.map { expression($0, scope, at: loc, primed: primed).0 }
            return ({ f throws(EvaluationError) in .tuple(try evaluateAll(parts, f)) }, sort)

        case let .field(inner, name):
            let (e, sort) = expression(inner, scope, at: loc, primed: primed)
            switch sort {
            case let .record(_, fields):
                let index = fields.firstIndex { $0.name == name }!
                return ({ f throws(EvaluationError) in try e(f).elements[index] }, fields[index].sort)
            case let .union(unionName, variants):
                let positions = variants.map { variant in variant.fields.firstIndex { $0.name == name }.map { $0 + 1 } }
                let fieldSort = variants.lazy.compactMap { $0.fields.first { $0.name == name }?.sort }.first!
                return ({ f throws(EvaluationError) in
                    let items = try e(f).elements
                    let tag = items[0].integer
                    guard let position = positions[tag] else {
                        throw EvaluationError("a \(unionName).\(variants[tag].name) value has no field '\(name)'", at: loc)
                    }
                    return items[position]
                }, fieldSort)
            default:
                preconditionFailure("validated")
            }

        case let .variant(sort, tag, fields):
            guard case let .union(_, variants) = sort else { preconditionFailure("validated") }
            let tagValue = Value.int(variants.firstIndex { $0.name == tag }!)
            let parts = fields.map { expression($0, scope, at: loc, primed: primed).0 }
            return ({ f throws(EvaluationError) in .tuple([tagValue] + (try evaluateAll(parts, f))) }, sort)

        case let .isVariant(inner, tag):
            let (e, sort) = expression(inner, scope, at: loc, primed: primed)
            guard case let .union(_, variants) = sort else { preconditionFailure("validated") }
            let tagIndex = variants.firstIndex { $0.name == tag }!
            return ({ f throws(EvaluationError) in Value(try e(f).elements[0].integer == tagIndex) }, .bool)

        case let .function(name, domain, body):
            let domainValues = domain.allValues
            let (slot, inner) = bind(name, domain, in: scope)
            let (b, codomain) = expression(body, inner, at: loc, primed: primed)
            return ({ f throws(EvaluationError) in
                var items: [Value] = []
                items.reserveCapacity(domainValues.count)
                for x in domainValues {
                    f.locals[slot] = x
                    items.append(try b(f))
                }
                return .tuple(items)
            }, .function(domain: domain, codomain: codomain))

        case let .apply(function, argument):
            let (ef, sort) = expression(function, scope, at: loc, primed: primed)
            let ex = expression(argument, scope, at: loc, primed: primed).0
            switch sort {
            case let .function(domain, codomain):
                let index = Compiler.indexer(domain)
                return ({ f throws(EvaluationError) in
                    let items = try ef(f).elements
                    let i = index(try ex(f))
                    guard items.indices.contains(i) else {
                        throw EvaluationError("argument outside the domain \(domain) of the function", at: loc)
                    }
                    return items[i]
                }, codomain)
            case let .sequence(element, _):
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
            let (ef, sort) = expression(function, scope, at: loc, primed: primed)
            let ex = expression(argument, scope, at: loc, primed: primed).0
            let ev = expression(value, scope, at: loc, primed: primed).0
            let step = Compiler.pathStep(for: sort, at: loc)
            return ({ f throws(EvaluationError) in
                var items = try ef(f).elements
                let i = try step(try ex(f), items.count)
                items[i] = try ev(f)
                return .tuple(items)
            }, sort)

        case let .setOf(elementSort, items):
            let parts = items.map { expression($0, scope, at: loc, primed: primed).0 }
            return ({ f throws(EvaluationError) in .tuple(Compiler.canonical(try evaluateAll(parts, f))) },
                    .set(element: elementSort!))

        case let .universe(sort):
            let all = Value.tuple(sort.allValues.sorted())
            return ({ _ throws(EvaluationError) in all }, .set(element: sort))

        case let .contains(element, collection):
            let ee = expression(element, scope, at: loc, primed: primed).0
            let (ec, sort) = expression(collection, scope, at: loc, primed: primed)
            switch sort {
            case .set:
                return ({ f throws(EvaluationError) in
                    Value(Compiler.search(try ec(f).elements, try ee(f)) >= 0)
                }, .bool)
            case .bag:
                return ({ f throws(EvaluationError) in
                    Value(Compiler.copies(in: try ec(f).elements, of: try ee(f)) > 0)
                }, .bool)
            default:
                return ({ f throws(EvaluationError) in Value(try ec(f).elements.contains(try ee(f))) }, .bool)
            }

        case let .setOperation(op, a, b):
            let (ea, sort) = expression(a, scope, at: loc, primed: primed)
            let eb = expression(b, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in
                .tuple(Compiler.combine(op, try ea(f).elements, try eb(f).elements))
            }, sort)

        case let .isSubset(a, b):
            let ea = expression(a, scope, at: loc, primed: primed).0
            let eb = expression(b, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in
                let big = try eb(f).elements
                return Value(try ea(f).elements.allSatisfy { Compiler.search(big, $0) >= 0 })
            }, .bool)

        case let .count(inner):
            let (e, sort) = expression(inner, scope, at: loc, primed: primed)
            if case .bag = sort {
                return ({ f throws(EvaluationError) in
                    .int(try e(f).elements.reduce(0) { $0 + $1.elements[1].integer })
                }, .anyInt)
            }
            return ({ f throws(EvaluationError) in .int(try e(f).elements.count) }, .anyInt)

        case let .filter(name, set, predicate):
            let (elements, elementSort) = members(set, scope, at: loc, primed: primed)
            let (slot, inner) = bind(name, elementSort, in: scope)
            let p = expression(predicate, inner, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in
                var kept: [Value] = []
                for element in try elements(f) {
                    f.locals[slot] = element
                    if try p(f).bool { kept.append(element) }
                }
                return .tuple(kept)
            }, .set(element: elementSort))

        case let .map(name, set, body):
            let (elements, elementSort) = members(set, scope, at: loc, primed: primed)
            let (slot, inner) = bind(name, elementSort, in: scope)
            let (b, bodySort) = expression(body, inner, at: loc, primed: primed)
            return ({ f throws(EvaluationError) in
                var mapped: [Value] = []
                for element in try elements(f) {
                    f.locals[slot] = element
                    mapped.append(try b(f))
                }
                return .tuple(Compiler.canonical(mapped))
            }, .set(element: bodySort))

        case let .extremum(kind, set):
            let e = expression(set, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in
                let items = try e(f).elements
                guard let value = kind == .max ? items.last : items.first else {
                    throw EvaluationError("\(kind.rawValue) of an empty set", at: loc)
                }
                return value
            }, .anyInt)

        case let .sequenceOf(elementSort, items):
            let parts = items.map { expression($0, scope, at: loc, primed: primed).0 }
            return ({ f throws(EvaluationError) in .tuple(try evaluateAll(parts, f)) },
                    .sequence(element: elementSort!, capacity: items.count))

        case let .appending(sequence, element):
            let (es, sort) = expression(sequence, scope, at: loc, primed: primed)
            let ee = expression(element, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in .tuple(try es(f).elements + [try ee(f)]) }, sort)

        case let .prefix(sequence, count), let .dropping(sequence, count):
            let isPrefix: Bool
            if case .prefix = expr { isPrefix = true } else { isPrefix = false }
            let (es, sort) = expression(sequence, scope, at: loc, primed: primed)
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
            let eb = expression(bag, scope, at: loc, primed: primed).0
            let ee = expression(element, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in .int(Compiler.copies(in: try eb(f).elements, of: try ee(f))) }, .anyInt)

        case let .bagAdding(bag, element), let .bagRemoving(bag, element):
            let delta: Int
            if case .bagAdding = expr { delta = 1 } else { delta = -1 }
            let (eb, sort) = expression(bag, scope, at: loc, primed: primed)
            let ee = expression(element, scope, at: loc, primed: primed).0
            return ({ f throws(EvaluationError) in
                .tuple(Compiler.adjust(try eb(f).elements, try ee(f), by: delta))
            }, sort)

        case let .bagSupport(bag):
            let (eb, sort) = expression(bag, scope, at: loc, primed: primed)
            guard case let .bag(element, _) = sort else { preconditionFailure("validated") }
            return ({ f throws(EvaluationError) in .tuple(try eb(f).elements.map { $0.elements[0] }) },
                    .set(element: element))
        }
    }

    /// A set's elements as an array, without building a value for whole sorts.
    mutating func members(_ set: Expr, _ scope: Scope, at loc: SourceLocation, primed: Bool)
        -> ((Frame) throws(EvaluationError) -> [Value], Sort)
    {
        if case let .universe(sort) = set.unlocated {
            let all = sort.allValues.sorted()
            return ({ _ throws(EvaluationError) in all }, sort)
        }
        let (e, sort) = expression(set, scope, at: loc, primed: primed)
        guard case let .set(element) = sort else { preconditionFailure("validated") }
        return ({ f throws(EvaluationError) in try e(f).elements }, element)
    }

    // MARK: - Value helpers

    /// The position of a function argument among its domain's values.
    static func indexer(_ domain: Sort) -> (Value) -> Int {
        switch domain {
        case .bool, .enumeration, .node: return { $0.integer }
        case let .int(lower, _): return { $0.integer - lower }
        default: return { domain.rank(of: $0) }
        }
    }

    /// The position updated by `f[x] = v` or `s[i] = v`.
    static func pathStep(for sort: Sort, at loc: SourceLocation) -> (Value, Int) throws(EvaluationError) -> Int {
        switch sort {
        case let .function(domain, _):
            let index = indexer(domain)
            return { (x: Value, count: Int) throws(EvaluationError) -> Int in
                let i = index(x)
                guard i >= 0 && i < count else {
                    throw EvaluationError("argument \(x) outside the domain \(domain)", at: loc)
                }
                return i
            }
        case .sequence:
            return { (x: Value, count: Int) throws(EvaluationError) -> Int in
                let i = x.integer
                guard i >= 1 && i <= count else {
                    throw EvaluationError("index \(i) is outside the sequence's 1...\(count)", at: loc)
                }
                return i - 1
            }
        default:
            preconditionFailure("validated")
        }
    }

    /// Sorted, without repeats: the canonical form of a set.
    static func canonical(_ items: [Value]) -> [Value] {
        if items.count < 2 { return items }
        let sorted = items.sorted()
        var result: [Value] = [sorted[0]]
        result.reserveCapacity(sorted.count)
        for item in sorted.dropFirst() where item != result[result.count - 1] { result.append(item) }
        return result
    }

    /// The index of `element` in a sorted array, or -1.
    static func search(_ items: [Value], _ element: Value) -> Int {
        var low = 0
        var high = items.count
        while low < high {
            let mid = (low + high) / 2
            if items[mid] < element { low = mid + 1 } else { high = mid }
        }
        return low < items.count && items[low] == element ? low : -1
    }

    /// Union, intersection or difference of two sorted arrays.
    static func combine(_ op: SetOperator, _ a: [Value], _ b: [Value]) -> [Value] {
        if op == .union {
            if b.count == 1 {
                var low = 0
                var high = a.count
                while low < high {
                    let mid = (low + high) / 2
                    if a[mid] < b[0] { low = mid + 1 } else { high = mid }
                }
                if low < a.count && a[low] == b[0] { return a }
                var result = a
                result.insert(b[0], at: low)
                return result
            }
            if b.isEmpty { return a }
            if a.isEmpty { return b }
        }
        var result: [Value] = []
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                if op != .intersection { result.append(a[i]) }
                i += 1
            } else if b[j] < a[i] {
                if op == .union { result.append(b[j]) }
                j += 1
            } else {
                if op != .difference { result.append(a[i]) }
                i += 1
                j += 1
            }
        }
        if op != .intersection { result.append(contentsOf: a[i...]) }
        if op == .union { result.append(contentsOf: b[j...]) }
        return result
    }

    /// The copies of an element in a bag's sorted `(element, copies)` pairs.
    static func copies(in pairs: [Value], of element: Value) -> Int {
        pairs.first { $0.elements[0] == element }?.elements[1].integer ?? 0
    }

    /// A bag with one copy more or fewer of an element.
    static func adjust(_ pairs: [Value], _ element: Value, by delta: Int) -> [Value] {
        var result = pairs
        if let i = result.firstIndex(where: { $0.elements[0] == element }) {
            let copies = result[i].elements[1].integer + delta
            if copies <= 0 { result.remove(at: i) } else { result[i] = .tuple([element, .int(copies)]) }
        } else if delta > 0 {
            let i = result.firstIndex { element < $0.elements[0] } ?? result.count
            result.insert(.tuple([element, .int(delta)]), at: i)
        }
        return result
    }
}

func evaluateAll(_ parts: [Evaluation], _ frame: Frame) throws(EvaluationError) -> [Value] {
    var values: [Value] = []
    values.reserveCapacity(parts.count)
    for part in parts { values.append(try part(frame)) }
    return values
}

extension Expr {
    /// Whether the expression does more than name a value (worth folding when constant).
    var isCompound: Bool {
        switch self {
        case .literal, .variable, .bound, .symbol, .empty, .invalid, .initialValue, .none: return false
        case let .located(inner, _): return inner.isCompound
        default: return true
        }
    }

    /// Whether the value depends on nothing but the names bound inside it: no state
    /// variable, no after-state, no name bound outside.
    func isConstant(bound: Set<String>) -> Bool {
        func all(_ items: [Expr]) -> Bool { items.allSatisfy { $0.isConstant(bound: bound) } }
        func binding(_ name: String, _ range: Expr, _ body: Expr) -> Bool {
            range.isConstant(bound: bound) && body.isConstant(bound: bound.union([name]))
        }
        switch self {
        case .literal, .symbol, .empty, .invalid, .none, .universe: return true
        case .variable, .primed, .initialValue: return false
        case let .bound(name): return bound.contains(name)
        case let .letIn(name, value, body): return binding(name, value, body)
        case let .forAll(name, set, body), let .exists(name, set, body),
             let .filter(name, set, body), let .map(name, set, body):
            return binding(name, set, body)
        case let .function(name, _, body): return body.isConstant(bound: bound.union([name]))
        case let .located(inner, _), let .not(inner), let .some(inner), let .isSome(inner), let .unwrap(inner),
             let .field(inner, _), let .isVariant(inner, _), let .count(inner), let .extremum(_, inner),
             let .last(inner), let .bagSupport(inner):
            return inner.isConstant(bound: bound)
        case let .ifThenElse(a, b, c), let .updating(a, b, c): return all([a, b, c])
        case let .equal(a, b), let .implies(a, b), let .arithmetic(_, a, b), let .compare(_, a, b),
             let .apply(a, b), let .contains(a, b), let .setOperation(_, a, b), let .isSubset(a, b),
             let .appending(a, b), let .prefix(a, b), let .dropping(a, b), let .copies(a, b),
             let .bagAdding(a, b), let .bagRemoving(a, b):
            return all([a, b])
        case let .and(items), let .or(items), let .record(_, items), let .variant(_, _, items),
             let .setOf(_, items), let .sequenceOf(_, items):
            return all(items)
        }
    }
}
