/// Byzantine nodes as configuration: up to `f` nodes run no protocol code and send
/// whatever they can sign.
///
/// Desugars to IR, as the network and crash models do, so both engines give it one meaning:
/// - a variable `byzantine`, the set of Byzantine nodes, chosen in the initial state
///   (every choice of `count` nodes, each its own initial state, or fixed identities)
///   and never changed;
/// - every protocol action whose first parameter of the node sort is the node taking
///   the step is enabled only for correct nodes;
/// - one action per message variant, `byzantine.<variant>(node, fields…)`: a Byzantine
///   node puts in the network any message of that variant, with any field values from
///   their finite domains, **with itself as the sender**. A field whose sort is declared
///   `embeds(_:provenBy:)` (a certificate, a view-change proof) holds only values whose
///   proof holds over what was actually sent: others' signed messages cannot be forged,
///   only relayed.
///
/// `authenticated: false` turns signatures off: the sender field and embedded values are
/// free, which lets a Byzantine node speak for anyone (a spec that stays safe then has an
/// attacker too weak to matter). `budget` bounds how many messages the Byzantine nodes send
/// in a behaviour: each message is a new state, so without a bound an attacker that may
/// send anything multiplies the state space by every subset of its messages.
///
/// The network must keep what was sent (`.set` semantics), which is also what makes
/// "actually sent" a question about the state.
public struct Byzantine: SpecComponent {
    /// Which nodes are Byzantine.
    public enum Members: Sendable, Equatable {
        /// Every choice of this many nodes, each an initial state.
        case any(count: Int)
        /// These node identities (from 0).
        case fixed([Int])
    }

    public let nodes: Sort
    public let members: Members
    public let network: Network
    /// The field of every message variant that names its sender.
    public let senderField: String
    public let authenticated: Bool
    /// The most messages Byzantine nodes send in one behaviour (nil: unbounded).
    public let budget: Int?
    private var embeddings: [Embedding] = []
    let location: SourceLocation

    /// A sort whose values stand for signed messages of others, and what must have been sent for one to exist.
    struct Embedding: Sendable {
        var sort: Sort
        var name: String
        var proof: Expr
    }

    /// The name of the variable holding the Byzantine nodes.
    public static let variableName = "byzantine"
    /// The name of the variable counting the Byzantine nodes' messages (with a budget).
    public static let budgetVariableName = "byzantineSends"

    /// Every choice of `count` nodes of the sort is Byzantine, each its own initial state.
    public init(of nodes: Sort, count: Int, sending network: Network, sender: String = "sender",
                authenticated: Bool = true, budget: Int? = nil, file: String = #filePath, line: Int = #line) {
        self.init(nodes, .any(count: count), network, sender, authenticated, budget, SourceLocation(file: file, line: line))
    }

    /// The nodes with these identities (from 0) are Byzantine.
    public init(of nodes: Sort, fixed ids: [Int], sending network: Network, sender: String = "sender",
                authenticated: Bool = true, budget: Int? = nil, file: String = #filePath, line: Int = #line) {
        self.init(nodes, .fixed(ids), network, sender, authenticated, budget, SourceLocation(file: file, line: line))
    }

    private init(_ nodes: Sort, _ members: Members, _ network: Network, _ sender: String,
                 _ authenticated: Bool, _ budget: Int?, _ location: SourceLocation) {
        self.nodes = nodes
        self.members = members
        self.network = network
        senderField = sender
        self.authenticated = authenticated
        self.budget = budget
        self.location = location
    }

    /// Declares that a value of `sort` inside a message stands for signed messages of others:
    /// a Byzantine node may send one only when `proof` holds of it over the messages sent.
    public func embeds(_ sort: some SortConvertible, provenBy proof: (Term) -> Term) -> Byzantine {
        var copy = self
        let (name, body) = Binder.bind("embedded", proof)
        copy.embeddings.append(Embedding(sort: sort.sort, name: name, proof: body.expr))
        return copy
    }

    /// The set of Byzantine nodes.
    public static var byzantine: Term { Term(.variable(variableName)) }

    /// Whether a node is correct (for properties, which are about correct nodes only).
    public static func isCorrect(_ node: Term) -> Term { !byzantine.contains(node) }

    /// The correct nodes, as a set.
    public var correct: Term { nodes.members.subtracting(Byzantine.byzantine) }

    public func add(to parts: inout SpecParts) {
        let nodes = self.nodes
        let setSort = Sort.set(element: nodes)
        parts.extraVariables.append(Spec.Variable(name: Byzantine.variableName, sort: setSort, isDurable: true, location: location))
        let place = Place(variable: Byzantine.variableName)
        switch members {
        case .fixed:
            parts.initial.append(.assign(place, fixedSet, location))
        case let .any(count):
            let choices = Byzantine.subsets(of: nodes.cardinality ?? 0, size: count).map { ids in
                Expr.setOf(nodes, ids.map { .literal(.int($0), nodes) })
            }
            parts.initial.append(.choose("byzantine#choice", .setOf(setSort, choices),
                                         .assign(place, .bound("byzantine#choice"), location), location))
        }
        if let budget {
            parts.extraVariables.append(Spec.Variable(name: Byzantine.budgetVariableName, sort: .int(lower: 0, upper: budget),
                                                      isDurable: true, location: location))
            parts.initial.append(.assign(Place(variable: Byzantine.budgetVariableName), .literal(.int(0), .int(lower: 0, upper: 0)), location))
        }
        // The fault model's own fact, for induction: the Byzantine nodes never change.
        let members: Expr
        switch self.members {
        case .fixed: members = .equal(.variable(Byzantine.variableName), fixedSet)
        case let .any(count): members = .equal(.count(.variable(Byzantine.variableName)), .literal(.int(count), .int(lower: count, upper: count)))
        }
        parts.properties.append(Property(name: "Byzantine nodes as configured", kind: .always, predicate: members,
                                         location: location, isAuxiliary: true))
        let problems = self.problems
        for problem in problems {
            parts.initial.append(.require(.invalid(problem), location))
        }
        if problems.isEmpty, case let .union(_, variants) = network.message {
            parts.actions += variants.map(sendAction)
        }
        parts.transforms.append { spec in
            for index in spec.actions.indices where spec.actions[index].origin == .protocolStep {
                guard let actor = spec.actions[index].actor(over: nodes) else { continue }
                spec.actions[index].body = .block([
                    .require(.not(.contains(.bound(actor.name), .variable(Byzantine.variableName))), spec.actions[index].location),
                    spec.actions[index].body,
                ])
            }
        }
    }

    /// The fixed Byzantine nodes as a set literal, of the identities that name nodes (the
    /// others are reported as a problem, once, not again as ill-sorted literals).
    private var fixedSet: Expr {
        guard case let .fixed(ids) = members else { return .setOf(nodes, []) }
        let named = ids.filter { $0 >= 0 && $0 < (nodes.cardinality ?? 0) }
        return .setOf(nodes, named.map { .literal(.int($0), nodes) })
    }

    /// What makes the declaration unusable, in words for the validation error.
    private var problems: [String] {
        var found: [String] = []
        let sets = "a Byzantine node's messages need a network that keeps what was sent (.set semantics)"
        if case .set = network.semantics {} else { found.append("\(sets); '\(network.name)' is not one") }
        guard let count = nodes.cardinality, case .node = nodes else {
            return found + ["Byzantine nodes must be of a node sort, not \(nodes)"]
        }
        switch members {
        case let .any(f) where f < 0 || f > count:
            found.append("cannot choose \(f) Byzantine nodes of \(count)")
        case let .fixed(ids) where ids.contains { $0 < 0 || $0 >= count } || Set(ids).count != ids.count:
            found.append("Byzantine identities \(ids) must be distinct and in 0..<\(count)")
        default: break
        }
        guard case let .union(name, variants) = network.message else {
            return found + ["Byzantine nodes send messages of a union sort (message types), not \(network.message)"]
        }
        for variant in variants {
            let sender = variant.fields.first { $0.name == senderField }
            if sender?.sort != nodes {
                found.append("message \(name).\(variant.name) has no field '\(senderField)' of sort \(nodes): a Byzantine node's messages name it as their sender")
            }
            for field in variant.fields where field.name != senderField {
                if evidence(for: .bound(field.name), of: field.sort) == .invalid("") {
                    found.append("field \(variant.name).\(field.name) holds an embedded sort inside a \(field.sort); embedded values are checked directly, in optionals, sets and records")
                }
            }
        }
        return found
    }

    /// `byzantine.<variant>`: a Byzantine node sends any message of the variant that it can sign.
    private func sendAction(_ variant: Sort.Variant) -> Action {
        let message = network.message
        var parameters = [ActionParameter(name: "node", range: .variable(Byzantine.variableName))]
        var fields: [Expr] = []
        var checks: [Statement] = []
        for field in variant.fields {
            if field.name == senderField && authenticated {
                fields.append(.bound("node"))
                continue
            }
            parameters.append(ActionParameter(name: field.name, range: .universe(field.sort)))
            fields.append(.bound(field.name))
            if authenticated, let proof = evidence(for: .bound(field.name), of: field.sort) {
                checks.append(.require(proof, location))
            }
        }
        let sent = network.term.expr
        let built = Expr.variant(message, variant.name, fields)
        var body: [Statement] = [.require(.not(.contains(built, sent)), location)]
        if let budget {
            let counter = Expr.variable(Byzantine.budgetVariableName)
            body.append(.require(.compare(.less, counter, .literal(.int(budget), .int(lower: budget, upper: budget))), location))
            body.append(.assign(Place(variable: Byzantine.budgetVariableName),
                                .arithmetic(.add, counter, .literal(.int(1), .int(lower: 1, upper: 1))), location))
        }
        body += checks
        body.append(.assign(Place(variable: network.name), .setOperation(.union, sent, .setOf(nil, [built])), location))
        return Action(name: "\(Byzantine.variableName).\(variant.name)", parameters: parameters,
                      body: .block(body), location: location, origin: .fault)
    }

    /// The condition that every embedded value inside `value` (of `sort`) is proven by what was sent;
    /// nil when the sort embeds nothing, `.invalid("")` when it embeds somewhere this cannot look.
    private func evidence(for value: Expr, of sort: Sort) -> Expr? {
        if let embedding = embeddings.first(where: { $0.sort == sort }) {
            return .letIn(embedding.name, value, embedding.proof)
        }
        let depth = "element#evidence"
        switch sort {
        case let .optional(wrapped):
            return evidence(for: .unwrap(value), of: wrapped).map { $0 == .invalid("") ? $0 : .implies(.isSome(value), $0) }
        case let .set(element):
            return evidence(for: .bound(depth), of: element).map { $0 == .invalid("") ? $0 : .forAll(depth, value, $0) }
        case let .record(_, fields):
            let parts = fields.compactMap { evidence(for: .field(value, $0.name), of: $0.sort) }
            if parts.contains(.invalid("")) { return .invalid("") }
            return parts.isEmpty ? nil : .and(parts)
        case .bool, .int, .enumeration, .node:
            return nil
        case .union, .function, .sequence, .bag:
            return embeddings.contains { sort.mentions($0.sort) } ? .invalid("") : nil
        }
    }

    /// The subsets of `0..<n` with `size` elements, in lexicographic order.
    static func subsets(of n: Int, size: Int) -> [[Int]] {
        guard size > 0 else { return [[]] }
        guard size <= n else { return [] }
        return (0..<n).flatMap { first in
            subsets(of: n - first - 1, size: size - 1).map { [first] + $0.map { $0 + first + 1 } }
        }
    }
}

extension Action {
    /// The node taking the step: the first parameter ranging over the whole node sort.
    func actor(over nodes: Sort) -> ActionParameter? {
        parameters.first { $0.range == .universe(nodes) }
    }
}
