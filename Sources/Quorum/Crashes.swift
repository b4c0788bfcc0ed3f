/// Process faults as configuration: nodes of a sort may crash, and may restart.
///
/// Desugars to IR: a variable `up` per node (initially all up); a `crash(node)`
/// action; with restart, a `restart(node)` action that resets every per-node
/// variable not marked `durable` to its initial value (what a process keeps on
/// stable storage survives, the rest is lost). Every protocol action whose first
/// parameter of that sort is the node taking the step is enabled only while that
/// node is up. `maxCrashes` bounds how many crashes happen in a behaviour.
///
/// `Crashes(restartsOf:)` is the other common model, raft.tla's `Restart`: a node crashes and
/// comes back in one step, any number of times, so there is no "down" state to track.
public struct Crashes: SpecComponent {
    public let nodes: Sort
    public let restart: Bool
    public let maxCrashes: Int
    /// Crash and restart are one step (no `up` or `crashes` variables, no bound).
    public let instant: Bool
    let location: SourceLocation

    public init(of nodes: Sort, restart: Bool, maxCrashes: Int, file: String = #filePath, line: Int = #line) {
        self.nodes = nodes
        self.restart = restart
        self.maxCrashes = maxCrashes
        instant = false
        location = SourceLocation(file: file, line: line)
    }

    /// Nodes that may at any step crash and restart at once, losing their volatile state.
    public init(restartsOf nodes: Sort, file: String = #filePath, line: Int = #line) {
        self.nodes = nodes
        restart = true
        maxCrashes = 0
        instant = true
        location = SourceLocation(file: file, line: line)
    }

    /// Whether a node is up (for properties: "no two live leaders").
    public static func isUp(_ node: Term) -> Term { Term(.variable("up"))[node] }

    public func add(to parts: inout SpecParts) {
        if instant { return addInstant(to: &parts) }
        let nodes = self.nodes
        let location = self.location
        let restart = self.restart
        let up = Term(.variable("up"))
        let crashes = Term(.variable("crashes"))
        parts.extraVariables.append(Spec.Variable(name: "up", sort: .function(domain: nodes, codomain: .bool), isDurable: true, location: location))
        parts.extraVariables.append(Spec.Variable(name: "crashes", sort: .int(lower: 0, upper: maxCrashes), isDurable: true, location: location))
        parts.initial.append(.assign(Place(variable: "up"), function(nodes) { _ in true }.expr, location))
        parts.initial.append(.assign(Place(variable: "crashes"), .literal(.int(0), .int(lower: 0, upper: 0)), location))
        let node = Term(.bound("node"))
        parts.actions.append(Action(
            name: "crash", parameters: [ActionParameter(name: "node", range: .universe(nodes))],
            body: .block([
                .require((up[node] && crashes < .int(maxCrashes)).expr, location),
                .assign(Place(variable: "up", path: [.index(node.expr)]), Term(false).expr, location),
                .assign(Place(variable: "crashes"), (crashes + 1).expr, location),
            ]),
            location: location, origin: .fault))
        parts.transforms.append { spec in
            // The acting node of a protocol action is its first parameter over the node sort.
            for index in spec.actions.indices where spec.actions[index].origin == .protocolStep {
                guard let actor = spec.actions[index].actor(over: nodes) else { continue }
                spec.actions[index].body = .block([
                    .require(.apply(.variable("up"), .bound(actor.name)), spec.actions[index].location),
                    spec.actions[index].body,
                ])
            }
            guard restart else { return }
            spec.actions.append(Crashes.restartAction(spec, nodes, location, after: [
                .require(.not(.apply(.variable("up"), node.expr)), location),
                .assign(Place(variable: "up", path: [.index(node.expr)]), Term(true).expr, location),
            ]))
        }
    }

    /// One `restart(node)` action resetting the node's volatile state.
    private func addInstant(to parts: inout SpecParts) {
        let nodes = self.nodes
        let location = self.location
        parts.transforms.append { spec in spec.actions.append(Crashes.restartAction(spec, nodes, location, after: [])) }
    }

    /// The `restart(node)` action: `first`, then every per-node variable not marked durable
    /// back to its initial value at `node`.
    private static func restartAction(_ spec: Spec, _ nodes: Sort, _ location: SourceLocation,
                                      after first: [Statement]) -> Action {
        let node = Expr.bound("node")
        var body = first
        for variable in spec.variables where !variable.isDurable {
            if case let .function(domain, _) = variable.sort, domain == nodes {
                body.append(.assign(Place(variable: variable.name, path: [.index(node)]),
                                    .apply(.initialValue(variable.name), node), location))
            }
        }
        return Action(name: "restart", parameters: [ActionParameter(name: "node", range: .universe(nodes))],
                      body: .block(body), location: location, origin: .fault)
    }
}
