import Foundation
import SpecIR
import Z3Kit

/// Options of a bounded model checking run.
public struct BoundedOptions: Sendable {
    /// The most steps a path may take.
    public var depth = 10
    public var stopAtFirstViolation = true
    /// Report a reachable state (inside the constraint) in which no action is enabled.
    public var checkDeadlock = false
    public var timeoutSeconds: Double?
    /// Start on Z3's finite-domain solver (SAT after bit-blasting), as by default, or only
    /// ever use its general solver.
    public var finiteDomain = true
    /// Called after each depth is checked: the depth (steps) and the seconds it took.
    public var progress: (@Sendable (Int, Double) -> Void)?
    /// Symmetry breaking (see `SymmetryBreaking`): nil for the spec's declared symmetric
    /// sorts, true for every node sort it never names by a constant, false for none.
    public var symmetry: Bool?

    public init() {}
}

/// Bounded model checking: the spec unrolled step by step, each depth asked of Z3.
///
/// Depths are checked in order, so the first violation found is a shortest one, as
/// in breadth-first search. Finding none says nothing beyond the depth checked: the
/// verdict is then "incomplete" at the `depth` limit, never "holds" — unless no path
/// of the next length exists at all, in which case every reachable state was checked.
public final class BoundedModelChecker {
    public let spec: Spec
    let encoded: EncodedSpec
    var context: Context { encoded.context }
    var system: TransitionSystem { encoded.system }
    var encodingSeconds: Double { encoded.seconds }

    /// The seconds a depth may take before queries move from the incremental solver to fresh ones.
    static let freshAfter = 1.0

    /// Encodes a validated spec (throws for constructs the symbolic engine cannot encode).
    public init(spec: Spec) throws(SymbolicError) {
        self.spec = spec
        encoded = try EncodedSpec(spec)
    }

    /// Whether the last run gave up on Z3's finite-domain solver and went on with the
    /// general one (a query it could not bit-blast).
    public private(set) var leftFiniteDomain = false

    /// Stops the running check (from another thread); the run ends incomplete.
    public func interrupt() { context.interrupt() }

    public func run(_ options: BoundedOptions = BoundedOptions()) throws(SymbolicError) -> CheckResult {
        do { return try check(options) } catch { throw SymbolicError(error) }
    }

    private func check(_ options: BoundedOptions) throws -> CheckResult {
        let start = Date()
        leftFiniteDomain = false
        // The time limit counts the translation already done.
        let deadline = options.timeoutSeconds.map { start.addingTimeInterval($0 - encodingSeconds) }
        let z3 = context
        // Queries go to one incremental solver (push, ask, pop): Z3's finite-domain solver,
        // which bit-blasts them to SAT and keeps what it learnt between depths. On Raft and
        // PBFT it reaches in about half a minute depths the general solver did not reach in
        // 20 to 30 minutes. If it gives up on a query (a term it cannot bit-blast), the run
        // moves to the general solver.
        // That one is fastest incrementally only while queries are easy: once a depth takes
        // more than `BoundedModelChecker.freshAfter` seconds, each query gets a fresh
        // general solver over the unrolling, which preprocesses the whole query
        // (eliminating the frame equations of every step) and grows far slower with depth.
        var unrolling: [Term] = []
        var finite = options.finiteDomain
        var incremental = try Solver(z3, finiteDomain: finite)
        var fresh = false
        func assert(_ term: Term) throws {
            unrolling.append(term)
            try incremental.add(term)
        }
        var statuses: [PropertyResult.Status?] = spec.properties.map { _ in nil }
        var traces: [Trace?] = spec.properties.map { _ in nil }
        var verdictLimit: Limit = .depth
        var note: String? = nil
        var checkedDepth = 0
        var exhausted = false
        var deadlock: Trace? = nil

        let symmetric = spec.interchangeableSorts(requested: options.symmetry)
        var breaking = try SymmetryBreaking(system, sorts: symmetric)

        let (first, firstConstraints) = try system.freshState("0")
        var states = [first]
        var selectors: [Term] = []
        for c in firstConstraints { try assert(c) }
        try assert(try system.instantiate(system.initial, current: first))

        /// Asks whether `goal` can hold at the current depth; nil when Z3 could not say.
        /// With `within`, a question whose answer is optional: unanswered in that time, it
        /// is nil without stopping the run.
        func ask(_ goal: Term, within cap: Double? = nil) throws -> Model?? {
            if goal.boolConstant == false { return .some(nil) }
            let solver = fresh ? try Solver(z3, finiteDomain: finite) : incremental
            solver.timeout = nil
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 {
                    verdictLimit = .timeout
                    note = "timeout"
                    return nil
                }
                solver.timeout = left
            }
            if let cap { solver.timeout = min(solver.timeout ?? cap, cap) }
            if fresh {
                for assertion in unrolling { try solver.add(assertion) }
            } else {
                try solver.push()
            }
            defer { if !fresh { try? solver.pop() } }
            try solver.add(goal)
            let answer = try solver.check()
            if finite && answer.isGiveUp {
                finite = false
                leftFiniteDomain = true
                incremental = try Solver(z3)
                for assertion in unrolling { try incremental.add(assertion) }
                return try ask(goal, within: cap)
            }
            switch answer {
            case .satisfiable: return .some(try solver.model())
            case .unsatisfiable: return .some(nil)
            case .unknown where cap != nil && !z3.isInterrupted && deadline.map({ $0.timeIntervalSinceNow > 0 }) != false:
                return nil
            case let .unknown(reason):
                note = reason
                if deadline.map({ $0.timeIntervalSinceNow <= 0 }) == true {
                    // Z3 says "interrupted" or "canceled" when the time limit stops it.
                    verdictLimit = .timeout
                    note = "timeout"
                } else if reason == "interrupted" || reason == "canceled" {
                    verdictLimit = .interrupted
                } else {
                    verdictLimit = .solverUnknown
                }
                return nil
            }
        }

        func trace(_ model: Model, through depth: Int) throws -> Trace {
            try system.trace(model, states: states, selectors: selectors, through: depth)
        }

        func failures(_ list: [Translator.Failure], current: [Symbolic], next: [Symbolic]? = nil) throws -> [Term] {
            try list.map { try system.instantiate($0.condition, current: current, next: next) }
        }

        func failure(_ failures: [Translator.Failure], current: [Symbolic], next: [Symbolic]? = nil, depth: Int,
                     extra: Term? = nil) throws -> Bool {
            guard !failures.isEmpty else { return false }
            let conditions = try failures.map { try system.instantiate($0.condition, current: current, next: next) }
            var goal = try z3.or(conditions)
            if let extra { goal = try z3.and([extra, goal]) }
            guard let answer = try ask(goal) else { return true }
            guard let model = answer else { return false }
            let index = try conditions.firstIndex { try model.boolean($0) } ?? 0
            let f = failures[index]
            throw SymbolicError.evaluation(Diagnostic(location: f.location, context: f.context, message: f.message),
                                           try trace(model, through: depth))
        }

        // A spec without initial states would pass vacuously: it is an error, as in the explicit engine.
        switch try ask(try z3.bool(true)) {
        case .some(nil): throw EncodingError("the spec has no initial state", at: spec.initialLocation)
        default: break
        }

        var stopped = false
        var depthSeconds: [Double] = []
        depthLoop: for k in 0...options.depth {
            let depthStart = Date()
            defer { depthSeconds.append(Date().timeIntervalSince(depthStart)) }
            let current = states[k]
            let previous = k > 0 ? states[k - 1] : nil
            if k == 0, try failure(system.initialFailures, current: current, depth: 0) { stopped = true; break }
            // Evaluating the properties and the constraint must not fail in a reachable state.
            // (A property already decided is no longer evaluated, as in the explicit engine.)
            let open = spec.properties.indices.filter { statuses[$0] == nil }
            let stateFailures = open.filter { spec.properties[$0].kind != .transition }.flatMap { system.propertyFailures[$0] }
                + system.constraintFailures
            let stepFailures = open.filter { spec.properties[$0].kind == .transition }.flatMap { system.propertyFailures[$0] }
            var goals: [(index: Int, goal: Term)] = []
            for (i, property) in spec.properties.enumerated() where statuses[i] == nil {
                switch property.kind {
                case .always: goals.append((i, try z3.not(try system.instantiate(system.predicates[i], current: current))))
                case .sometimes: goals.append((i, try system.instantiate(system.predicates[i], current: current)))
                case .transition:
                    guard let previous else { continue }
                    goals.append((i, try z3.not(try system.instantiate(system.predicates[i], current: previous, next: current))))
                }
            }
            let isWitness = { (i: Int) in self.spec.properties[i].kind == .sometimes }
            // Expanding this state must not fail either (the explicit engine expands only
            // states inside the constraint, including those at its depth limit).
            let inside = try system.instantiate(system.constraint, current: current)
            // Usually nothing happens at a depth: one query says so for every failure, every
            // open invariant and every open witness at once. Only when it is satisfiable are
            // they asked one by one, in the explicit engine's order, to name what happened.
            var news = try failures(stateFailures, current: current)
            if let previous { news += try failures(stepFailures, current: previous, next: current) }
            news += goals.map(\.goal)
            let expanding = try failures(system.actionFailures, current: current)
            if !expanding.isEmpty { news.append(try z3.and([inside, try z3.or(expanding)])) }
            guard let anything = try ask(try z3.or(news)) else { stopped = true; break }
            let quiet = anything == nil
            if !quiet, try failure(stateFailures, current: current, depth: k) { stopped = true; break }
            if !quiet, let previous {
                if try failure(stepFailures, current: previous, next: current, depth: k) { stopped = true; break }
            }
            // One query for all open invariants (and one for all open witnesses); only when
            // it succeeds are the properties asked one by one, to name each and get its trace.
            let groups = quiet ? [] : [goals.filter { !isWitness($0.index) }, goals.filter { isWitness($0.index) }]
            for group in groups where !group.isEmpty {
                guard let any = try ask(try z3.or(group.map(\.goal))) else { stopped = true; break depthLoop }
                guard any != nil else { continue }
                for (i, goal) in group {
                    guard let answer = try ask(goal) else { stopped = true; break depthLoop }
                    guard let model = answer else { continue }
                    statuses[i] = isWitness(i) ? .witnessFound : .violated
                    traces[i] = try trace(model, through: k)
                    if !isWitness(i) && options.stopAtFirstViolation {
                        checkedDepth = k
                        break depthLoop
                    }
                }
            }
            // No state at this depth breaks the invariants still open: say so to the solver,
            // which prunes deeper paths with it (sound: every path passes only such states).
            for (i, goal) in goals where statuses[i] == nil && !isWitness(i) {
                try assert(try z3.not(goal))
            }
            checkedDepth = k
            if !quiet, try failure(system.actionFailures, current: current, depth: k, extra: inside) { stopped = true; break }
            if options.checkDeadlock && deadlock == nil {
                let stuck = try z3.and([inside, try z3.not(try system.instantiate(try system.enabled(), current: current))])
                guard let answer = try ask(stuck) else { stopped = true; break }
                if let model = answer {
                    deadlock = try trace(model, through: k)
                    if options.stopAtFirstViolation { break }
                }
            }
            // Deeper paths still matter while a property or the deadlock check is open, or
            // while evaluation could fail somewhere (as the explicit engine explores on).
            let undecided = statuses.contains { $0 == nil } || (options.checkDeadlock && deadlock == nil)
            if !undecided && !system.canFail { break }
            if k == options.depth {
                options.progress?(k, Date().timeIntervalSince(depthStart))
                break
            }
            let (next, constraints) = try system.freshState("\(k + 1)")
            let (selector, bounds) = try system.freshSelector("\(k)")
            for c in constraints + bounds { try assert(c) }
            if breaking != nil { for c in try breaking!.constrain(selector, z3) { try assert(c) } }
            try assert(inside)
            try assert(try system.instantiate(system.transition, current: current, next: next, selector: selector))
            states.append(next)
            selectors.append(selector)
            options.progress?(k, Date().timeIntervalSince(depthStart))
            // No path of this length: every reachable state has been checked. Only a proof of
            // that matters, so the question gets as long as the depth took, at least a second.
            let cap = max(1, Date().timeIntervalSince(depthStart))
            let path = try ask(try z3.bool(true), within: cap)
            if case .some(nil) = path {
                exhausted = true
                break
            }
            // Unanswered for want of time is fine; for a timeout or an interrupt, the run stops.
            if path == nil && verdictLimit != .depth { stopped = true; break }
            if !finite && Date().timeIntervalSince(depthStart) > BoundedModelChecker.freshAfter { fresh = true }
        }

        var results: [PropertyResult] = []
        var violated = false
        for (i, property) in spec.properties.enumerated() {
            var status: PropertyResult.Status
            if let known = statuses[i] {
                status = known
            } else if exhausted {
                status = property.kind == .sometimes ? .witnessNotFound : .holds
            } else {
                status = property.kind == .sometimes ? .witnessNotYetFound : .unviolated
            }
            if status == .violated || status == .witnessNotFound { violated = true }
            results.append(PropertyResult(name: property.name, kind: property.kind, status: status, trace: traces[i]))
        }
        if deadlock != nil { violated = true }
        let verdict: Verdict
        if violated {
            verdict = .violated
        } else if exhausted {
            verdict = .holds
        } else {
            verdict = .incomplete(stopped ? verdictLimit : .depth)
        }
        var statistics = Statistics()
        if breaking != nil { statistics.symmetry = symmetric.map(\.description) }
        statistics.depth = checkedDepth
        statistics.seconds = encodingSeconds + Date().timeIntervalSince(start)
        statistics.peakMemoryBytes = peakResidentBytes()
        var result = CheckResult(spec: spec.name, engine: "bmc", parameters: Dictionary(uniqueKeysWithValues: spec.parameters.map { ($0.name, $0.value) }),
                                 verdict: verdict, properties: results, deadlock: deadlock, statistics: statistics)
        result.bound = checkedDepth
        result.depthSeconds = depthSeconds
        result.note = stopped ? note : nil
        return result
    }
}

/// Why the symbolic engine could not give a verdict.
public enum SymbolicError: Error, CustomStringConvertible {
    /// The spec uses something the engine cannot encode (or a spec error found while encoding).
    case unsupported(SpecError)
    /// Evaluating the spec fails in a reachable state: the error and a trace to that state.
    case evaluation(Diagnostic, Trace)
    /// Z3 reported an error (a bug in the encoding: report it).
    case solver(String)

    init(_ error: any Error) {
        switch error {
        case let error as SymbolicError: self = error
        case let error as EncodingError:
            self = .unsupported(SpecError([Diagnostic(location: error.location ?? .unknown, context: error.context, message: error.message)]))
        case let error as Z3Error: self = .solver(error.message)
        default: self = .solver("\(error)")
        }
    }

    public var description: String {
        switch self {
        case let .unsupported(error): return error.description
        case let .evaluation(diagnostic, trace): return "\(diagnostic) (after \(trace.steps.count) steps)"
        case let .solver(message): return "internal error in the symbolic engine: Z3: \(message)"
        }
    }
}

/// The process's peak resident memory, in bytes.
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss * 1024
}
