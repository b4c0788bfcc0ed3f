/// Validation: name resolution and sort checking of a whole spec, before any engine runs.
///
/// It collects every problem it can find (not just the first), each with the file
/// and line of the declaration and the action or property it is in, and returns
/// the spec with enumeration names and empty literals resolved to typed literals.
extension Spec {
    /// The spec with names resolved and sorts checked, or every problem found.
    public func validated() throws(SpecError) -> Spec {
        var checker = SortChecker(spec: self)
        let result = checker.run()
        if !checker.diagnostics.isEmpty { throw SpecError(checker.diagnostics) }
        return result
    }
}

struct SortChecker {
    let spec: Spec
    var variables: [String: Sort] = [:]
    var diagnostics: [Diagnostic] = []
    var context: String? = nil
    var location: SourceLocation = .unknown
    var primedAllowed = false

    /// The names of the spec's ghost variables.
    let ghosts: Set<String>

    init(spec: Spec) {
        self.spec = spec
        ghosts = Set(spec.variables.filter(\.isGhost).map(\.name))
    }

    mutating func error(_ message: String) {
        let diagnostic = Diagnostic(location: location, context: context, message: message)
        if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
    }

    mutating func run() -> Spec {
        var result = spec
        context = "spec \(spec.name)"
        location = spec.location
        for variable in spec.variables {
            location = variable.location
            if variables[variable.name] != nil { error("variable '\(variable.name)' is declared twice") }
            variables[variable.name] = variable.sort
            if let problem = variable.sort.storageProblem {
                error("variable '\(variable.name)' of sort \(variable.sort) cannot be stored: \(problem)")
            }
        }
        if spec.variables.isEmpty { error("the spec declares no variables") }

        context = "initial state"
        location = spec.initialLocation
        result.initial = check(spec.initial, env: [:])
        var assigned = Set<String>()
        spec.initial.collectAssigned(into: &assigned)
        for variable in spec.variables where !assigned.contains(variable.name) {
            location = spec.initialLocation
            error("the initial state never sets variable '\(variable.name)'")
        }

        var actionNames = Set<String>()
        result.actions = spec.actions.map { action in
            context = "action \(action.name)"
            location = action.location
            if !actionNames.insert(action.name).inserted { error("action '\(action.name)' is declared twice") }
            var env: [String: Sort] = [:]
            var checked = action
            checked.parameters = action.parameters.map { parameter in
                var p = parameter
                let (range, sort) = check(parameter.range, env: env, expected: nil)
                p.range = range
                if let sort {
                    if case let .set(element) = sort { env[parameter.name] = element } else {
                        error("parameter '\(parameter.name)' must range over a set, not \(sort)")
                    }
                }
                return p
            }
            checked.body = check(action.body, env: env)
            checkGhostReads(action.body)
            for parameter in action.parameters where mentionsGhost(parameter.range) {
                error("parameter '\(parameter.name)' ranges over a ghost variable: ghost state may not steer the protocol")
            }
            return checked
        }

        var propertyNames = Set<String>()
        result.properties = spec.properties.map { property in
            context = "property \"\(property.name)\""
            location = property.location
            if !propertyNames.insert(property.name).inserted { error("property '\(property.name)' is declared twice") }
            primedAllowed = property.kind == .transition
            var checked = property
            checked.predicate = expect(property.predicate, .bool, env: [:])
            primedAllowed = false
            return checked
        }

        if let constraint = spec.constraint {
            context = "state constraint"
            location = constraint.location
            result.constraint?.predicate = expect(constraint.predicate, .bool, env: [:])
        }

        result.irrelevance = spec.irrelevance.map { checkIrrelevance($0) }

        if let symmetry = spec.symmetry, diagnostics.isEmpty {
            context = "symmetry"
            location = symmetry.location
            let allowed = result.symmetricSorts
            for sort in symmetry.sorts {
                guard case .node = sort else {
                    error("only node sorts can be symmetric, not \(sort)")
                    continue
                }
                if !allowed.contains(sort) {
                    error("node sort \(sort) is declared symmetric, but no variable holds its nodes, or the spec names one by a constant, or a ForEach visits them in order")
                }
            }
        }
        return result
    }

    // MARK: Irrelevance

    /// Checks an irrelevance declaration: a function variable, a condition from its
    /// domain to booleans that reads only variables whose every entry counts, and a
    /// stand-in value (the codomain's least) that no renaming of nodes changes.
    mutating func checkIrrelevance(_ declaration: Irrelevance) -> Irrelevance {
        context = "irrelevance of '\(declaration.variable)'"
        location = declaration.location
        var checked = declaration
        guard let variable = spec.variables.first(where: { $0.name == declaration.variable }) else {
            error("no variable named '\(declaration.variable)'")
            return checked
        }
        guard case let .function(domain, codomain) = variable.sort, domain.cardinality != nil else {
            error("'\(variable.name)' is of sort \(variable.sort); only a function over a finite domain can have irrelevant entries")
            return checked
        }
        if variable.isGhost { error("'\(variable.name)' is a ghost variable, already outside state identity") }
        if spec.irrelevance.filter({ $0.variable == variable.name }).count > 1 {
            error("'\(variable.name)' has more than one irrelevance declaration")
        }
        checked.condition = expect(declaration.condition, .function(domain: domain, codomain: .bool), env: [:])
        // (`expect` already rejects primed values outside transition properties.)
        let masked = Set(spec.irrelevance.map(\.variable))
        for name in declaration.condition.variablesRead.sorted() {
            if masked.contains(name) {
                error("the condition reads '\(name)', which has irrelevant entries itself")
            } else if ghosts.contains(name) {
                error("the condition reads the ghost variable '\(name)'")
            }
        }
        // The stand-in must look the same under every renaming of nodes, or states equal up
        // to renaming would get different stand-ins. A swap and a rotation generate them all.
        guard codomain.cardinality != nil else {
            error("'\(variable.name)' has results of sort \(codomain), too many to name a least one as stand-in")
            return checked
        }
        let standIn = codomain.value(atRank: 0)
        for node in codomain.nodeSorts {
            guard case let .node(_, count) = node, count > 1 else { continue }
            let swap = [1, 0] + Array(2..<count)
            let rotation = (0..<count).map { ($0 + 1) % count }
            if codomain.renaming(standIn, node, swap) != standIn || codomain.renaming(standIn, node, rotation) != standIn {
                error("the stand-in value of '\(variable.name)' (its codomain's least value) names a node; renaming nodes would change it")
            }
        }
        return checked
    }

    // MARK: Ghost variables

    /// Whether the expression reads a ghost variable.
    func mentionsGhost(_ expr: Expr) -> Bool {
        let ghosts = self.ghosts
        guard !ghosts.isEmpty else { return false }
        var found = false
        func visit(_ e: Expr) -> Expr {
            if case let .variable(name) = e, ghosts.contains(name) { found = true }
            if !found { _ = e.mapChildren(visit) }
            return e
        }
        _ = visit(expr)
        return found
    }

    /// Reports reads of ghost variables outside the values assigned to ghost variables.
    mutating func checkGhostReads(_ statement: Statement) {
        guard !ghosts.isEmpty else { return }
        let message = "reads ghost variable state outside an assignment to a ghost variable: ghost state may not steer the protocol"
        switch statement {
        case let .assign(place, value, loc):
            location = loc
            let indices = place.path.compactMap { component -> Expr? in
                if case let .index(e) = component { return e }
                return nil
            }
            if indices.contains(where: mentionsGhost) || (!ghosts.contains(place.variable) && mentionsGhost(value)) {
                error("assignment to '\(place.variable)' " + message)
            }
        case let .require(condition, loc):
            location = loc
            if mentionsGhost(condition) { error("a Require " + message) }
        case let .block(items): items.forEach { checkGhostReads($0) }
        case let .ifThenElse(condition, then, otherwise, loc):
            location = loc
            if mentionsGhost(condition) { error("an If " + message) }
            checkGhostReads(then)
            checkGhostReads(otherwise)
        case let .choose(_, range, body, loc), let .forEach(_, range, body, loc):
            location = loc
            if mentionsGhost(range) { error("a Choose or ForEach " + message) }
            checkGhostReads(body)
        case let .either(items, _): items.forEach { checkGhostReads($0) }
        case let .letIn(_, value, body, loc):
            location = loc
            if mentionsGhost(value) { error("a Let " + message) }
            checkGhostReads(body)
        }
    }

    // MARK: Statements

    mutating func check(_ statement: Statement, env: [String: Sort]) -> Statement {
        switch statement {
        case let .assign(place, value, loc):
            location = loc
            guard let variableSort = variables[place.variable] else {
                error("assignment to undeclared variable '\(place.variable)'")
                return statement
            }
            var sort = variableSort
            var path: [Place.Component] = []
            for component in place.path {
                switch (component, sort) {
                case let (.index(index), .function(domain, codomain)):
                    path.append(.index(expect(index, domain, env: env)))
                    sort = codomain
                case let (.index(index), .sequence(element, _)):
                    path.append(.index(expect(index, .anyInt, env: env)))
                    sort = element
                case let (.field(name), .record(_, fields)):
                    guard let field = fields.first(where: { $0.name == name }) else {
                        error("record \(sort) has no field '\(name)'")
                        return statement
                    }
                    path.append(component)
                    sort = field.sort
                default:
                    error("cannot update \(place) : \(sort) is not indexable that way")
                    return statement
                }
            }
            return .assign(Place(variable: place.variable, path: path), expect(value, sort, env: env), loc)
        case let .require(condition, loc):
            location = loc
            return .require(expect(condition, .bool, env: env), loc)
        case let .block(statements):
            return .block(statements.map { check($0, env: env) })
        case let .ifThenElse(condition, then, otherwise, loc):
            location = loc
            let c = expect(condition, .bool, env: env)
            return .ifThenElse(c, check(then, env: env), check(otherwise, env: env), loc)
        case let .choose(name, set, body, loc):
            location = loc
            let (s, inner) = bindElement(name, of: set, env: env)
            return .choose(name, s, check(body, env: inner), loc)
        case let .forEach(name, set, body, loc):
            location = loc
            let (s, inner) = bindElement(name, of: set, env: env)
            return .forEach(name, s, check(body, env: inner), loc)
        case let .either(branches, loc):
            location = loc
            return .either(branches.map { check($0, env: env) }, loc)
        case let .letIn(name, value, body, loc):
            location = loc
            let (v, sort) = check(value, env: env, expected: nil)
            var inner = env
            inner[name] = sort ?? .bool
            return .letIn(name, v, check(body, env: inner), loc)
        }
    }

    mutating func bindElement(_ name: String, of set: Expr, env: [String: Sort]) -> (Expr, [String: Sort]) {
        let (s, sort) = check(set, env: env, expected: nil)
        var inner = env
        switch sort {
        case let .set(element)?: inner[name] = element
        case nil: inner[name] = .bool
        case let other?:
            error("'\(name)' must range over a set, not \(other)")
            inner[name] = .bool
        }
        return (s, inner)
    }

    // MARK: Expressions

    /// Checks `expr` against an expected sort and reports a mismatch.
    mutating func expect(_ expr: Expr, _ sort: Sort, env: [String: Sort]) -> Expr {
        let (checked, actual) = check(expr, env: env, expected: sort)
        if let actual, !actual.isCompatible(with: sort) {
            error("expected a value of sort \(sort), found \(actual)\(expr.summary)")
        }
        return checked
    }

    /// Checks both operands of a binary operator that needs them to share a sort.
    mutating func checkPair(_ a: Expr, _ b: Expr, env: [String: Sort]) -> (Expr, Expr, Sort?) {
        if a.isContextual && !b.isContextual {
            let (cb, sb) = check(b, env: env, expected: nil)
            guard let sb else { return (a, cb, nil) }
            return (expect(a, sb, env: env), cb, sb)
        }
        let (ca, sa) = check(a, env: env, expected: nil)
        guard let sa else { return (ca, b, nil) }
        return (ca, expect(b, sa, env: env), sa)
    }

    mutating func check(_ expr: Expr, env: [String: Sort], expected: Sort?) -> (Expr, Sort?) {
        switch expr {
        case let .literal(value, sort):
            if !sort.contains(value) { error("literal \(value) is not a value of sort \(sort)") }
            return (expr, sort)
        case let .symbol(name):
            switch expected {
            case let .enumeration(_, cases)?:
                if let index = cases.firstIndex(of: name) { return (.literal(.int(index), expected!), expected) }
                error("'\(name)' is not a case of \(expected!) (cases: \(cases.joined(separator: ", ")))")
                return (expr, nil)
            case let .optional(.enumeration(_, cases))?:
                if let index = cases.firstIndex(of: name) {
                    return (.literal(.tuple([.int(index)]), expected!), expected)
                }
                error("'\(name)' is not a case of \(expected!)")
                return (expr, nil)
            default:
                error("cannot tell which enumeration '\(name)' belongs to" + (expected.map { " (expected \($0))" } ?? ""))
                return (expr, nil)
            }
        case .empty:
            switch expected {
            case .optional?, .set?, .sequence?, .bag?:
                return (.literal(.empty, expected!), expected)
            default:
                error("cannot tell the sort of an empty value" + (expected.map { " (expected \($0))" } ?? ""))
                return (expr, nil)
            }
        case let .invalid(message):
            error(message)
            return (expr, nil)
        case let .variable(name):
            guard let sort = variables[name] else {
                error("unknown variable '\(name)'")
                return (expr, nil)
            }
            return (expr, sort)
        case let .initialValue(name):
            guard let sort = variables[name] else {
                error("unknown variable '\(name)'")
                return (expr, nil)
            }
            return (expr, sort)
        case let .primed(inner):
            if !primedAllowed { error("a primed (after-state) value is allowed only in transition properties") }
            let (c, s) = check(inner, env: env, expected: expected)
            return (.primed(c), s)
        case let .bound(name):
            guard let sort = env[name] else {
                error("unknown name '\(name)'")
                return (expr, nil)
            }
            return (expr, sort)
        case let .letIn(name, value, body):
            let (v, sort) = check(value, env: env, expected: nil)
            var inner = env
            inner[name] = sort ?? .bool
            let (b, bodySort) = check(body, env: inner, expected: expected)
            return (.letIn(name, v, b), bodySort)
        case let .ifThenElse(condition, a, b):
            let c = expect(condition, .bool, env: env)
            if let expected {
                return (.ifThenElse(c, self.expect(a, expected, env: env), self.expect(b, expected, env: env)), expected)
            }
            let (ca, cb, sort) = checkPair(a, b, env: env)
            return (.ifThenElse(c, ca, cb), sort)
        case let .equal(a, b):
            let (ca, cb, _) = checkPair(a, b, env: env)
            return (.equal(ca, cb), .bool)
        case let .located(inner, loc):
            let saved = location
            location = loc
            defer { location = saved }
            let (c, s) = check(inner, env: env, expected: expected)
            return (.located(c, loc), s)
        case let .not(a):
            return (.not(expect(a, .bool, env: env)), .bool)
        case let .and(items):
            return (.and(items.map { expect($0, .bool, env: env) }), .bool)
        case let .or(items):
            return (.or(items.map { expect($0, .bool, env: env) }), .bool)
        case let .implies(a, b):
            return (.implies(expect(a, .bool, env: env), expect(b, .bool, env: env)), .bool)
        case let .forAll(name, set, body):
            let (s, inner) = bindElement(name, of: set, env: env)
            return (.forAll(name, s, expect(body, .bool, env: inner)), .bool)
        case let .exists(name, set, body):
            let (s, inner) = bindElement(name, of: set, env: env)
            return (.exists(name, s, expect(body, .bool, env: inner)), .bool)
        case let .arithmetic(op, a, b):
            return (.arithmetic(op, expect(a, .anyInt, env: env), expect(b, .anyInt, env: env)), .anyInt)
        case let .compare(op, a, b):
            return (.compare(op, expect(a, .anyInt, env: env), expect(b, .anyInt, env: env)), .bool)
        case let .none(wrapped):
            return (expr, .optional(wrapped))
        case let .some(inner):
            if case let .optional(wrapped)? = expected {
                return (.some(self.expect(inner, wrapped, env: env)), expected)
            }
            let (c, s) = check(inner, env: env, expected: nil)
            return (.some(c), s.map { .optional($0) })
        case let .isSome(inner):
            let (c, s) = check(inner, env: env, expected: nil)
            if let s, case .optional = s {} else if let s { error("isSome needs an optional, found \(s)") }
            return (.isSome(c), .bool)
        case let .unwrap(inner):
            let (c, s) = check(inner, env: env, expected: expected.map { .optional($0) })
            guard let s else { return (.unwrap(c), nil) }
            guard case let .optional(wrapped) = s else {
                error("cannot unwrap \(s): it is not optional")
                return (.unwrap(c), nil)
            }
            return (.unwrap(c), wrapped)
        case let .record(sort, fields):
            guard case let .record(name, declared) = sort else {
                error("\(sort) is not a record sort")
                return (expr, nil)
            }
            if declared.count != fields.count {
                error("record \(name) has \(declared.count) fields, \(fields.count) given")
                return (expr, nil)
            }
            return (.record(sort, zip(declared, fields).map { expect($1, $0.sort, env: env) }), sort)
        case let .field(inner, name):
            let (c, s) = check(inner, env: env, expected: nil)
            guard let s else { return (.field(c, name), nil) }
            switch s {
            case let .record(_, fields):
                guard let field = fields.first(where: { $0.name == name }) else {
                    error("\(s) has no field '\(name)' (fields: \(fields.map(\.name).joined(separator: ", ")))")
                    return (.field(c, name), nil)
                }
                return (.field(c, name), field.sort)
            case let .union(_, variants):
                let sorts = variants.compactMap { $0.fields.first(where: { $0.name == name })?.sort }
                guard let first = sorts.first else {
                    error("no variant of \(s) has a field '\(name)'")
                    return (.field(c, name), nil)
                }
                if !sorts.allSatisfy({ $0 == first }) {
                    error("field '\(name)' has different sorts in the variants of \(s)")
                }
                return (.field(c, name), first)
            default:
                error("\(s) has no fields (looking for '\(name)')")
                return (.field(c, name), nil)
            }
        case let .variant(sort, tag, fields):
            guard case let .union(name, variants) = sort else {
                error("\(sort) is not a union sort")
                return (expr, nil)
            }
            guard let variant = variants.first(where: { $0.name == tag }) else {
                error("\(name) has no variant '\(tag)' (variants: \(variants.map(\.name).joined(separator: ", ")))")
                return (expr, nil)
            }
            if variant.fields.count != fields.count {
                error("variant \(name).\(tag) has \(variant.fields.count) fields, \(fields.count) given")
                return (expr, nil)
            }
            return (.variant(sort, tag, zip(variant.fields, fields).map { expect($1, $0.sort, env: env) }), sort)
        case let .isVariant(inner, tag):
            let (c, s) = check(inner, env: env, expected: nil)
            if let s {
                if case let .union(_, variants) = s {
                    if !variants.contains(where: { $0.name == tag }) { error("\(s) has no variant '\(tag)'") }
                } else {
                    error("\(s) is not a union, so it has no variant '\(tag)'")
                }
            }
            return (.isVariant(c, tag), .bool)
        case let .function(name, domain, body):
            if domain.cardinality == nil { error("function domain \(domain) is not finite and small") }
            var inner = env
            inner[name] = domain
            var codomain: Sort? = nil
            if case let .function(_, c)? = expected { codomain = c }
            let (b, s) = codomain.map { (expect(body, $0, env: inner), $0) } ?? check(body, env: inner, expected: nil)
            return (.function(name, domain, b), s.map { .function(domain: domain, codomain: $0) })
        case let .apply(f, x):
            let (cf, s) = check(f, env: env, expected: nil)
            switch s {
            case let .function(domain, codomain)?:
                return (.apply(cf, expect(x, domain, env: env)), codomain)
            case let .sequence(element, _)?:
                return (.apply(cf, expect(x, .anyInt, env: env)), element)
            case nil:
                return (.apply(cf, x), nil)
            case let other?:
                error("cannot index into \(other)")
                return (.apply(cf, x), nil)
            }
        case let .updating(f, x, v):
            let (cf, s) = check(f, env: env, expected: expected)
            switch s {
            case let .function(domain, codomain)?:
                return (.updating(cf, expect(x, domain, env: env), expect(v, codomain, env: env)), s)
            case let .sequence(element, _)?:
                return (.updating(cf, expect(x, .anyInt, env: env), expect(v, element, env: env)), s)
            case nil:
                return (expr, nil)
            case let other?:
                error("cannot update an element of \(other)")
                return (expr, nil)
            }
        case let .setOf(given, items):
            var element = given
            if element == nil, case let .set(e)? = expected { element = e }
            if element == nil, let first = items.first { element = check(first, env: env, expected: nil).1 }
            guard let element else {
                error("cannot tell the element sort of this set")
                return (expr, nil)
            }
            return (.setOf(element, items.map { expect($0, element, env: env) }), .set(element: element))
        case let .universe(sort):
            if sort.cardinality == nil { error("cannot enumerate the values of \(sort)") }
            return (expr, .set(element: sort))
        case let .contains(element, collection):
            let (cc, s) = check(collection, env: env, expected: nil)
            switch s {
            case let .set(e)?, let .bag(e, _, _)?, let .sequence(e, _)?:
                return (.contains(expect(element, e, env: env), cc), .bool)
            case nil:
                return (.contains(element, cc), .bool)
            case let other?:
                error("\(other) is not a collection")
                return (.contains(element, cc), .bool)
            }
        case let .setOperation(op, a, b):
            let (ca, cb, s) = checkPair(a, b, env: env)
            if let s, case .set = s {} else if let s { error("\(op.rawValue) needs sets, found \(s)") }
            return (.setOperation(op, ca, cb), s)
        case let .isSubset(a, b):
            let (ca, cb, s) = checkPair(a, b, env: env)
            if let s, case .set = s {} else if let s { error("⊆ needs sets, found \(s)") }
            return (.isSubset(ca, cb), .bool)
        case let .count(inner):
            let (c, s) = check(inner, env: env, expected: nil)
            switch s {
            case .set?, .bag?, .sequence?, nil: break
            case let other?: error("cannot count the elements of \(other)")
            }
            return (.count(c), .anyInt)
        case let .filter(name, set, predicate):
            let (s, inner) = bindElement(name, of: set, env: env)
            return (.filter(name, s, expect(predicate, .bool, env: inner)), inner[name].map { .set(element: $0) })
        case let .map(name, set, body):
            let (s, inner) = bindElement(name, of: set, env: env)
            let (b, bodySort) = check(body, env: inner, expected: nil)
            return (.map(name, s, b), bodySort.map { .set(element: $0) })
        case let .extremum(kind, set):
            return (.extremum(kind, expect(set, .set(element: .anyInt), env: env)), .anyInt)
        case let .sequenceOf(given, items):
            var element = given
            if element == nil, case let .sequence(e, _)? = expected { element = e }
            if element == nil, let first = items.first { element = check(first, env: env, expected: nil).1 }
            guard let element else {
                error("cannot tell the element sort of this sequence")
                return (expr, nil)
            }
            return (.sequenceOf(element, items.map { expect($0, element, env: env) }),
                    .sequence(element: element, capacity: items.count))
        case let .appending(s, e):
            let (cs, sort) = check(s, env: env, expected: expected)
            guard case let .sequence(element, _)? = sort else {
                if let sort { error("cannot append to \(sort)") }
                return (expr, nil)
            }
            return (.appending(cs, expect(e, element, env: env)), sort)
        case let .prefix(s, n), let .dropping(s, n):
            let (cs, sort) = check(s, env: env, expected: expected)
            if let sort, case .sequence = sort {} else if let sort { error("\(sort) is not a sequence") }
            let cn = expect(n, .anyInt, env: env)
            if case .prefix = expr { return (.prefix(cs, cn), sort) }
            return (.dropping(cs, cn), sort)
        case let .last(s):
            let (cs, sort) = check(s, env: env, expected: nil)
            guard case let .sequence(element, _)? = sort else {
                if let sort { error("\(sort) is not a sequence") }
                return (.last(cs), nil)
            }
            return (.last(cs), element)
        case let .copies(bag, e):
            let (cb, sort) = check(bag, env: env, expected: nil)
            guard case let .bag(element, _, _)? = sort else {
                if let sort { error("\(sort) is not a bag") }
                return (expr, .anyInt)
            }
            return (.copies(cb, expect(e, element, env: env)), .anyInt)
        case let .bagAdding(bag, e), let .bagRemoving(bag, e):
            let (cb, sort) = check(bag, env: env, expected: expected)
            guard case let .bag(element, _, _)? = sort else {
                if let sort { error("\(sort) is not a bag") }
                return (expr, nil)
            }
            let ce = expect(e, element, env: env)
            if case .bagAdding = expr { return (.bagAdding(cb, ce), sort) }
            return (.bagRemoving(cb, ce), sort)
        case let .bagSupport(bag):
            let (cb, sort) = check(bag, env: env, expected: nil)
            guard case let .bag(element, _, _)? = sort else {
                if let sort { error("\(sort) is not a bag") }
                return (expr, nil)
            }
            return (.bagSupport(cb), .set(element: element))
        }
    }
}

extension Expr {
    /// Whether the sort of this expression comes from its context (enumeration names, empty literals).
    var isContextual: Bool {
        switch self {
        case .symbol, .empty: return true
        case let .located(inner, _): return inner.isContextual
        default: return false
        }
    }

    /// A short quotation of the expression for error messages.
    var summary: String {
        switch unlocated {
        case let .variable(name): return " (variable '\(name)')"
        case let .bound(name): return " ('\(name)')"
        case let .symbol(name): return " ('\(name)')"
        case let .literal(value, _): return " (\(value))"
        default: return ""
        }
    }
}

extension Statement {
    func collectAssigned(into names: inout Set<String>) {
        switch self {
        case let .assign(place, _, _): names.insert(place.variable)
        case .require: break
        case let .block(items): items.forEach { $0.collectAssigned(into: &names) }
        case let .ifThenElse(_, a, b, _):
            a.collectAssigned(into: &names)
            b.collectAssigned(into: &names)
        case let .choose(_, _, body, _), let .forEach(_, _, body, _), let .letIn(_, _, body, _):
            body.collectAssigned(into: &names)
        case let .either(items, _): items.forEach { $0.collectAssigned(into: &names) }
        }
    }
}

extension Sort {
    /// Why values of this sort cannot be part of a state, or nil if they can.
    public var storageProblem: String? {
        switch self {
        case .bool, .enumeration, .node: return nil
        case let .int(lower, upper):
            if upper < lower { return "empty integer range" }
            if lower < -(1 << 60) || upper > 1 << 60 { return "integer bounds beyond ±2⁶⁰ (give it bounds)" }
            return upper - lower > 1 << 30 ? "integer range too wide (give it bounds)" : nil
        case let .optional(wrapped): return wrapped.storageProblem
        case let .record(_, fields): return fields.lazy.compactMap(\.sort.storageProblem).first
        case let .union(_, variants):
            return variants.lazy.flatMap(\.fields).compactMap(\.sort.storageProblem).first
        case let .function(domain, codomain):
            guard domain.cardinality != nil else { return "function domain \(domain) is too large" }
            return codomain.storageProblem
        case let .sequence(element, capacity):
            return capacity < 0 ? "negative capacity" : element.storageProblem
        case let .bag(_, maxCopies, _) where maxCopies < 1:
            return "a bag must allow at least one copy"
        case let .bag(_, _, maxDistinct?) where maxDistinct < 0:
            return "a bag cannot hold fewer than zero distinct elements"
        case let .bag(element, _, _?):
            // Stored as slots holding ranks: the elements need only be countable.
            if let problem = element.storageProblem { return problem }
            guard element.cardinality != nil else { return "its elements \(element) have too many values to number" }
            return nil
        case let .set(element), let .bag(element, _, _):
            if let problem = element.storageProblem { return problem }
            guard let c = element.cardinality, c <= Sort.collectionUniverseLimit else {
                return "its elements \(element) have more than \(Sort.collectionUniverseLimit) values"
            }
            return nil
        }
    }

    /// The most values the element sort of a stored set or bag may have.
    public static let collectionUniverseLimit = 1 << 16
}
