import Foundation
import SpecIR

/// The state of one breadth-first search; the single exploration loop lives here.
final class Search: Sink {
    let program: Program
    let options: ExplorationOptions
    let width: Int

    var visited = FingerprintSet()
    /// States outside the constraint judged lately (see `JudgedCache`), where some
    /// property to judge has no memo.
    let judged = JudgedCache()
    /// How many times a state outside the constraint was judged (a state whose properties
    /// all have memos is judged by them each time it is reached).
    var judgedOutside = 0
    var log = TraceLog()
    var frontier: Frontier
    /// New states found beyond the depth limit (not stored).
    var beyondDepth = 0
    /// Runs actions (and the initial block).
    let frame: Frame
    /// Evaluates properties and the constraint, so they never disturb an action's locals.
    let checkFrame: Frame
    /// Canonical fingerprints under renaming, when symmetry reduction is on.
    let symmetry: Symmetry?
    /// The irrelevance declarations in force (none when the run turns them off).
    let masks: [Mask]
    /// The masked state's encoding, when some declaration is in force.
    let masked: UnsafeMutablePointer<UInt64>
    /// Per mask, its value in the state being expanded, once needed (a successor whose
    /// step changed nothing the mask depends on has the same).
    var parentMasked: [Value?] = []
    /// Per mask condition, its value in the state being judged (cleared for each).
    var marks: [Value?] = []

    let parentWords: UnsafeMutablePointer<UInt64>
    let scratch: UnsafeMutablePointer<UInt64>
    /// Which variables the successor being judged changed from its parent.
    var changed = VariableSet()
    /// Per property (by index in the spec), whether it is settled: an invariant or
    /// transition property violated, a reachability property witnessed. Settled
    /// properties are not judged again.
    let settled: UnsafeMutablePointer<Bool>
    /// Per constraint conjunct, invariant, reachability and transition property (in the
    /// program's order), its remembered values, when the bits it reads allow a key.
    let constraintMemos: UnsafeMutableBufferPointer<PredicateMemo?>
    let invariantMemos: UnsafeMutableBufferPointer<PredicateMemo?>
    let reachabilityMemos: UnsafeMutableBufferPointer<PredicateMemo?>
    let transitionMemos: UnsafeMutableBufferPointer<PredicateMemo?>
    /// The program's predicates, in raw storage like the memos: read for every successor,
    /// where an array read from an object was retained and released each time.
    let constraint: UnsafeMutableBufferPointer<Program.StatePredicate>
    let invariants: UnsafeMutableBufferPointer<Program.StatePredicate>
    let reachability: UnsafeMutableBufferPointer<Program.StatePredicate>
    let transitions: UnsafeMutableBufferPointer<Program.StatePredicate>
    /// The state being expanded in run-time form, once `parentLoaded` (see `parent()`).
    var parentValues: [Value] = []
    var parentLoaded = false
    /// Per action, its remembered runs, when the bits it touches allow a key.
    let actionMemos: UnsafeMutableBufferPointer<ActionMemo?>
    /// The bytes the action memos may hold, raised as states are stored.
    let memoBudget: UnsafeMutablePointer<ActionMemo.Budget>
    /// Per action with a memo, the slot of the state being expanded.
    let memoSlots: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>
    /// Whether the successors of the action being run are being recorded for its memo.
    var recording = false
    /// The successors recorded: per successor, the bits it flipped and the variables it changed.
    var recorded: [UInt64] = []
    /// The state being judged in run-time form, once needed (a remembered successor has
    /// only its bits until some predicate must be worked out).
    var stateValues: [Value]?
    /// Per transition property, its value on the stuttering step of the state being
    /// expanded, once needed.
    var stuttering: [Bool?] = []
    var parentIndex = TraceLog.root
    var ordinal: UInt32 = 0
    /// The action being run (for errors), or nil for the initial block.
    var currentAction: Int?

    var statistics = Statistics()
    var violations: [Int: (parent: UInt32, ordinal: UInt32)] = [:]
    var witnesses: [Int: (parent: UInt32, ordinal: UInt32)] = [:]
    var deadlock: UInt32?
    var limit: Limit?
    var complete = false
    var depthLimitHit = false
    let start = Date()
    var lastProgress = Date()

    init(program: Program, options: ExplorationOptions) {
        self.program = program
        self.options = options
        width = program.layout.wordCount
        frontier = Frontier(stride: width)
        frame = program.makeFrame()
        checkFrame = program.makeFrame()
        let symmetric = program.spec.interchangeableSorts(requested: options.symmetry)
        symmetry = Symmetry(program: program, sorts: symmetric)
        stuttering = Array(repeating: nil, count: program.transitions.count)
        if symmetry != nil { statistics.symmetry = symmetric.map(\.description) }
        masks = options.irrelevance ? program.masks : []
        if !masks.isEmpty { statistics.irrelevant = masks.map { program.spec.variables[$0.variable].name } }
        masked = .allocate(capacity: width)
        masked.initialize(repeating: 0, count: width)
        parentMasked = Array(repeating: nil, count: masks.count)
        marks = Array(repeating: nil, count: program.maskConditions.count)
        parentWords = .allocate(capacity: width)
        scratch = .allocate(capacity: width)
        settled = .allocate(capacity: max(program.spec.properties.count, 1))
        settled.initialize(repeating: false, count: max(program.spec.properties.count, 1))
        parentWords.initialize(repeating: 0, count: width)
        scratch.initialize(repeating: 0, count: width)
        let layout = program.layout
        let memos = options.memos
        constraintMemos = .raw(program.constraint.map { memos ? PredicateMemo(layout: layout, reads: $0.reads) : nil })
        invariantMemos = .raw(program.invariants.map { memos ? PredicateMemo(layout: layout, reads: $0.reads) : nil })
        reachabilityMemos = .raw(program.reachability.map { memos ? PredicateMemo(layout: layout, reads: $0.reads) : nil })
        transitionMemos = .raw(program.transitions.map { memos ? PredicateMemo(layout: layout, reads: $0.reads, after: true) : nil })
        constraint = .raw(program.constraint)
        invariants = .raw(program.invariants)
        reachability = .raw(program.reachability)
        transitions = .raw(program.transitions)
        let budget = UnsafeMutablePointer<ActionMemo.Budget>.allocate(capacity: 1)
        budget.initialize(to: options.memoBudget)
        memoBudget = budget
        actionMemos = .raw(program.actions.map {
            options.actionMemos ? ActionMemo(layout: layout, touches: $0.touches, budget: budget) : nil
        })
        memoSlots = .allocate(capacity: max(program.actions.count, 1))
        memoSlots.initialize(repeating: nil, count: max(program.actions.count, 1))
    }

    func release() {
        parentWords.deallocate()
        scratch.deallocate()
        masked.deallocate()
        settled.deallocate()
        log.release()
        frontier.release()
        judged.release()
        for memos in [constraintMemos, invariantMemos, reachabilityMemos, transitionMemos] {
            for memo in memos { memo?.release() }
            memos.free()
        }
        for memo in actionMemos { memo?.release() }
        actionMemos.free()
        for predicates in [constraint, invariants, reachability, transitions] { predicates.free() }
        memoSlots.deallocate()
        memoBudget.deallocate()
    }

    func explore() throws(EvaluationError) {
        // Level 1: the initial states.
        frame.sink = self
        currentAction = nil
        do { try program.initial(frame) } catch {
            if error.isStop { throw error }
            throw error.inContext("initial state")
        }
        if statistics.generatedStates == 0 {
            throw EvaluationError("the spec has no initial state: every branch of the initial block fails a Require",
                                  at: program.spec.initialLocation, context: "initial state")
        }
        if !frontier.isEmpty { statistics.depth = 1 }

        // One breadth-first loop: a level ends when the states queued before it are all expanded.
        var levelRemaining = frontier.count
        if let maxDepth = options.maxDepth, statistics.depth >= maxDepth { depthLimitHit = true }
        var expanded = 0
        while !frontier.isEmpty {
            try expand()
            expanded += 1
            if expanded & 1023 == 0 { try checkLimits() }
            levelRemaining -= 1
            if levelRemaining == 0 && !frontier.isEmpty {
                statistics.depth += 1
                levelRemaining = frontier.count
                if let maxDepth = options.maxDepth, statistics.depth >= maxDepth { depthLimitHit = true }
            }
        }
        if beyondDepth > 0 {
            limit = .maxDepth
            statistics.frontier = beyondDepth
            return
        }
        complete = true
    }

    func expand() throws(EvaluationError) {
        parentIndex = frontier.removeFirst(into: parentWords)
        // Decoded once some action runs or some predicate reads the parent (remembered
        // runs and judgements need only its bits).
        parentLoaded = false
        for position in stuttering.indices { stuttering[position] = nil }
        for position in parentMasked.indices { parentMasked[position] = nil }
        ordinal = 0
        frame.written.update(repeating: 0, count: frame.variableCount)
        // By index: an action copied out of the array would retain each of its fields.
        let actions = program.actions
        // Every memo's slot is located first, so that their cache misses overlap.
        for index in actions.indices {
            if let memo = actionMemos[index] { memoSlots[index] = memo.locate(parentWords) }
        }
        // Where a successor's fingerprint is its encoding's, the visited-set slots of the
        // remembered successors are fetched ahead too.
        if symmetry == nil && masks.isEmpty {
            let identityWords = program.layout.identityWordCount
            for index in actions.indices {
                guard let memo = actionMemos[index], let run = memo.peek(memoSlots[index]!) else { continue }
                for s in 0..<run.count {
                    flip(run.successors! + s * memo.stride, words: identityWords)
                    visited.prefetch(Fingerprint.of(scratch, count: identityWords))
                }
            }
        }
        for index in actions.indices {
            currentAction = index
            var slot: UnsafeMutablePointer<UInt64>? = nil
            if let memo = actionMemos[index] {
                let located = memoSlots[index]!
                if let run = memo.lookup(located) {
                    try replay(run.count, run.successors, stride: memo.stride)
                    continue
                }
                slot = located
                recording = true
                recorded.removeAll(keepingCapacity: true)
            }
            _ = parent()
            do { try actions[index].run(frame) } catch {
                recording = false
                if error.isStop { throw error }
                throw error.inContext(actions[index].context)
            }
            if let slot {
                recording = false
                actionMemos[index]!.remember(recorded, in: slot)
            }
        }
        if ordinal == 0 && options.checkDeadlock && deadlock == nil {
            deadlock = parentIndex
            if options.stopAtFirstViolation { throw .stop }
        }
    }

    /// Receives each state the initial block or an action produces.
    func emit(_ frame: Frame) throws(EvaluationError) {
        if currentAction == nil { try initialState(frame) } else { try successor(frame) }
    }

    /// Called for each initial state the initial block produces.
    func initialState(_ f: Frame) throws(EvaluationError) {
        let values = f.state
        scratch.update(repeating: 0, count: width)
        if let bad = program.layout.encode(values, into: scratch) {
            throw EvaluationError("the initial state gives \(program.describe(bad, values[bad]))", at: program.spec.initialLocation)
        }
        statistics.generatedStates += 1
        let ordinal = self.ordinal
        self.ordinal += 1
        stateValues = values
        defer { stateValues = nil }
        try record(parent: TraceLog.root, ordinal: ordinal, fromParent: false)
    }

    /// Puts in `scratch` the first words of the parent with a remembered step's bits flipped.
    @inline(__always)
    func flip(_ flipped: UnsafePointer<UInt64>, words: Int) {
        for w in 0..<words { scratch[w] = parentWords[w] ^ flipped[w] }
    }

    /// Emits the successors an action's memo remembers for the state being expanded.
    func replay(_ count: Int, _ successors: UnsafePointer<UInt64>?, stride: Int) throws(EvaluationError) {
        for s in 0..<count {
            let flipped = successors! + s * stride
            flip(flipped, words: width)
            changed = VariableSet(bits: flipped[width])
            let ordinal = self.ordinal
            self.ordinal += 1
            statistics.generatedStates += 1
            try judgeSuccessor(ordinal: ordinal)
        }
    }

    /// Called for each successor an action produces from the state being expanded.
    func successor(_ f: Frame) throws(EvaluationError) {
        let values = f.state
        let ordinal = self.ordinal
        self.ordinal += 1
        statistics.generatedStates += 1

        scratch.update(from: parentWords, count: width)
        var changed = VariableSet()
        // A written variable is re-encoded and compared with its parent's bits, not its value:
        // a value may be a tree of arrays, its bits are a few words.
        for index in values.indices where f.written[index] != 0 {
            guard program.layout.reencode(index, values[index], into: scratch) else {
                let action = currentAction.map { program.spec.actions[$0] }
                throw EvaluationError("the step gives \(program.describe(index, values[index]))",
                                      at: action?.location ?? .unknown, context: action.map { "action \($0.name)" })
            }
            if !program.layout.sameBits(index, scratch, parentWords) { changed.insert(index) }
        }
        self.changed = changed
        if recording {
            for w in 0..<width { recorded.append(scratch[w] ^ parentWords[w]) }
            recorded.append(changed.bits)
        }
        stateValues = values
        try judgeSuccessor(ordinal: ordinal)
    }

    /// Judges the successor in `scratch` (which changed the variables in `changed`) by the
    /// transition properties, then records it.
    func judgeSuccessor(ordinal: UInt32) throws(EvaluationError) {
        // Let go of the state afterwards: the action that produced it is about to restore
        // its variables in place, which would copy an array still referenced here.
        defer { stateValues = nil }
        // Fields are read in place (an element copied out would retain its closure).
        for position in transitions.indices where !settled[transitions[position].index] {
            // A step that changed none of the variables the property reads gives it the value
            // it has on the parent's stuttering step: remembered by the memo under the
            // parent's bits on both sides, or else worked out once per parent.
            let moved = transitions[position].readSet.overlaps(changed)
            let holds: Bool
            let memo = transitionMemos[position]
            let key = memo?.key(parentWords, after: moved ? scratch : parentWords)
            if let memo, let key, let known = memo.remembered(key) {
                holds = known
            } else {
                holds = try moved ? judgeStep(transitions[position].check) : stutters(position)
                if let memo, let key { memo.remember(key, holds) }
            }
            if !holds {
                settle(transitions[position].index, parent: parentIndex, ordinal: ordinal)
                if options.stopAtFirstViolation { throw .stop }
            }
        }
        try record(parent: parentIndex, ordinal: ordinal, fromParent: true)
    }

    /// Transition property `position`'s value on the stuttering step of the state being
    /// expanded, worked out once per parent.
    func stutters(_ position: Int) throws(EvaluationError) -> Bool {
        if let known = stuttering[position] { return known }
        checkFrame.state = parent()
        checkFrame.next = parentValues
        defer { checkFrame.next = [] }
        let holds = try transitions[position].check(checkFrame).bool
        stuttering[position] = holds
        return holds
    }

    /// Judges a generated state and stores it if it is new and inside the constraint.
    ///
    /// With `fromParent`, the state is a successor of the state being expanded and
    /// `changed` marks the variables the step changed. A state predicate that reads none
    /// of them has its value in the parent, which is inside the constraint (it is being
    /// expanded) and was judged when it was stored: an invariant not yet violated held
    /// there, a reachability property not yet witnessed did not. Such predicates are
    /// not evaluated again. That matters most for successors outside the constraint,
    /// which are judged, as TLC judges them, but never stored: one whose step moved no
    /// open property is not judged at all, and one judged lately (`JudgedCache`) not
    /// again, unless every property to judge has a memo, which answers sooner.
    func record(parent: UInt32, ordinal: UInt32, fromParent: Bool) throws(EvaluationError) {
        // Let go of the state afterwards (see `judgeSuccessor`).
        defer { checkFrame.state = [] }
        // The frame takes the state only when some predicate is worked out, not remembered.
        var loaded = false
        var inside = true
        for k in constraint.indices where !fromParent || constraint[k].readSet.overlaps(changed) {
            let holds = try judge(constraint, k, constraintMemos[k], &loaded)
            if !holds {
                inside = false
                break
            }
        }
        if !inside {
            // A step that moved nothing an open property reads leaves nothing to judge; a
            // state judged before, recently, would be judged the same. Where every property
            // to judge has a memo, judging is a few lookups in small tables, cheaper than a
            // probe of the judged cache, which misses the processor's caches.
            var remembered = false
            if fromParent {
                let moved = openPropertiesMoved()
                guard moved.any else { return }
                remembered = moved.allRemembered
            }
            if !remembered {
                guard judged.insert(Fingerprint.of(scratch, count: width)) else { return }
            }
            judgedOutside += 1
        }
        if inside {
            let fingerprint: UInt64
            if masks.isEmpty {
                fingerprint = identity(encoded: scratch)
            } else {
                fingerprint = try maskedIdentity(fromParent: fromParent)
                // Masks judge their conditions in the check frame, in this state or its parent.
                loaded = false
            }
            guard visited.insert(fingerprint) else { return }
            if depthLimitHit {
                beyondDepth += 1
                return
            }
        }
        for k in invariants.indices where !settled[invariants[k].index] {
            if fromParent && !invariants[k].readSet.overlaps(changed) { continue }
            let holds = try judge(invariants, k, invariantMemos[k], &loaded)
            if !holds {
                settle(invariants[k].index, parent: parent, ordinal: ordinal)
                if options.stopAtFirstViolation { throw .stop }
            }
        }
        for k in reachability.indices where !settled[reachability[k].index] {
            if fromParent && !reachability[k].readSet.overlaps(changed) { continue }
            let holds = try judge(reachability, k, reachabilityMemos[k], &loaded)
            if holds { settle(reachability[k].index, parent: parent, ordinal: ordinal) }
        }
        if inside {
            let index = log.append(parent: parent, ordinal: ordinal)
            frontier.append(scratch, index: index)
            statistics.distinctStates += 1
            // The trace log indexes states with 32 bits: stop, incomplete, before it overflows.
            if statistics.distinctStates >= options.maxStates ?? Int(TraceLog.root - 1) {
                limit = .maxStates
                throw .stop
            }
        }
    }

    /// The value of state predicate `k` of `predicates` in the state being judged (encoded
    /// in `scratch`): remembered by its memo, or worked out in the check frame, given the
    /// state unless `loaded` says it has it.
    ///
    /// The memo is looked up and stored apart, not through a closure: a closure's captures
    /// are retained at every call.
    @inline(__always)
    func judge(_ predicates: UnsafeMutableBufferPointer<Program.StatePredicate>, _ k: Int, _ memo: PredicateMemo?,
               _ loaded: inout Bool) throws(EvaluationError) -> Bool {
        let key = memo?.key(scratch)
        if let memo, let key, let known = memo.remembered(key) { return known }
        if !loaded {
            checkFrame.state = values()
            loaded = true
        }
        let holds = try predicates[k].check(checkFrame).bool
        if let memo, let key { memo.remember(key, holds) }
        return holds
    }

    /// The state being expanded in run-time form, decoded on first use; the action frame
    /// is given it at the same time. Every action puts back what it wrote, so the frame
    /// holds the parent again after each: set once, the state is copied on the first write
    /// only, not once per action.
    @inline(__always)
    func parent() -> [Value] {
        if !parentLoaded {
            parentValues = program.layout.decode(parentWords)
            frame.state = parentValues
            parentLoaded = true
        }
        return parentValues
    }

    /// The state being judged in run-time form, decoded from `scratch` if it came from a memo.
    @inline(__always)
    func values() -> [Value] {
        if let stateValues { return stateValues }
        let decoded = program.layout.decode(scratch)
        stateValues = decoded
        return decoded
    }

    /// A transition property's value on the step from the state being expanded to the one judged.
    @inline(__always)
    func judgeStep(_ check: Evaluation) throws(EvaluationError) -> Bool {
        checkFrame.state = parent()
        checkFrame.next = values()
        defer { checkFrame.next = [] }
        return try check(checkFrame).bool
    }

    /// The fingerprint of a state's identity: of its canonical form under renaming, or of its encoding.
    func identity(_ state: [Value]? = nil, encoded: UnsafeMutablePointer<UInt64>) -> UInt64 {
        guard let symmetry else { return Fingerprint.of(encoded, count: program.layout.identityWordCount) }
        return symmetry.fingerprint(state ?? values(), encoded: encoded)
    }

    /// The identity of the state with its irrelevant entries replaced by their stand-ins.
    ///
    /// With `fromParent`, a mask whose variable and condition the step left alone has the
    /// value it has in the parent, worked out once per parent.
    /// A state whose entries already hold their stand-ins is its own masked state: it is
    /// neither copied nor encoded again.
    func maskedIdentity(fromParent: Bool) throws(EvaluationError) -> UInt64 {
        let values = values()
        for position in marks.indices { marks[position] = nil }
        var masked: [Value]? = nil
        for (position, mask) in masks.enumerated() {
            let value: Value
            if fromParent && !mask.isAffected(by: changed) {
                if parentMasked[position] == nil {
                    checkFrame.state = parent()
                    parentMasked[position] = mask.apply(
                        parentValues[mask.variable], condition: try program.maskConditions[mask.condition].check(checkFrame))
                }
                value = parentMasked[position]!
            } else {
                if marks[mask.condition] == nil {
                    checkFrame.state = values
                    marks[mask.condition] = try program.maskConditions[mask.condition].check(checkFrame)
                }
                value = mask.apply(values[mask.variable], condition: marks[mask.condition]!)
            }
            guard value != values[mask.variable] else { continue }
            if masked == nil {
                masked = values
                self.masked.update(from: scratch, count: width)
            }
            masked![mask.variable] = value
            _ = program.layout.reencode(mask.variable, value, into: self.masked)
        }
        guard let masked else { return identity(values, encoded: scratch) }
        return identity(masked, encoded: self.masked)
    }

    /// Whether the successor being judged changed something read by an invariant not yet
    /// violated or a reachability property not yet witnessed, and whether each such
    /// property has a memo.
    func openPropertiesMoved() -> (any: Bool, allRemembered: Bool) {
        var any = false
        var allRemembered = true
        for k in invariants.indices where !settled[invariants[k].index] && invariants[k].readSet.overlaps(changed) {
            any = true
            if invariantMemos[k] == nil { allRemembered = false }
        }
        for k in reachability.indices where !settled[reachability[k].index] && reachability[k].readSet.overlaps(changed) {
            any = true
            if reachabilityMemos[k] == nil { allRemembered = false }
        }
        return (any, allRemembered)
    }

    /// Records a property's violation (or, for a reachability property, its witness): the
    /// state reached from `parent` by its successor number `ordinal`.
    func settle(_ property: Int, parent: UInt32, ordinal: UInt32) {
        settled[property] = true
        if program.spec.properties[property].kind == .sometimes {
            witnesses[property] = (parent, ordinal)
        } else {
            violations[property] = (parent, ordinal)
        }
    }

    func checkLimits() throws(EvaluationError) {
        memoBudget.pointee.allow(states: statistics.distinctStates)
        let now = Date()
        if let interrupted = options.isInterrupted, interrupted() {
            limit = .interrupted
            throw .stop
        }
        if let timeout = options.timeoutSeconds, now.timeIntervalSince(start) >= timeout {
            limit = .timeout
            throw .stop
        }
        if let maxMemory = options.maxMemoryBytes, Memory.residentBytes() >= maxMemory {
            limit = .maxMemory
            throw .stop
        }
        if let progress = options.progress, now.timeIntervalSince(lastProgress) >= 1 {
            lastProgress = now
            var snapshot = statistics
            snapshot.frontier = frontier.count
            snapshot.seconds = now.timeIntervalSince(start)
            progress(snapshot)
        }
    }

    // MARK: - Results

    func result() -> CheckResult {
        statistics.seconds = Date().timeIntervalSince(start)
        statistics.peakMemoryBytes = Memory.peakResidentBytes()
        statistics.collisionProbability = Fingerprint.collisionProbability(states: statistics.distinctStates)
        if !complete && statistics.frontier == 0 { statistics.frontier = frontier.count }
        let spec = program.spec
        var results: [PropertyResult] = []
        for (index, property) in spec.properties.enumerated() {
            // A violation (always, transition) or a witness (sometimes), if one was found.
            let reachability = property.kind == .sometimes
            let found = reachability ? witnesses[index] : violations[index]
            let status: PropertyResult.Status
            switch (reachability, found != nil, complete) {
            case (false, true, _): status = .violated
            case (false, false, true): status = .holds
            case (false, false, false): status = .unviolated
            case (true, true, _): status = .witnessFound
            case (true, false, true): status = .witnessNotFound
            case (true, false, false): status = .witnessNotYetFound
            }
            results.append(PropertyResult(name: property.name, kind: property.kind, status: status,
                                          trace: found.map { trace(parent: $0.parent, ordinal: $0.ordinal) }))
        }
        let deadlockTrace = deadlock.map { trace(to: $0) }
        let verdict: Verdict
        if results.contains(where: \.isFailure) || deadlockTrace != nil {
            verdict = .violated
        } else if let limit {
            verdict = .incomplete(limit)
        } else if !complete {
            verdict = .incomplete(.interrupted)
        } else {
            verdict = .holds
        }
        return CheckResult(
            spec: spec.name, engine: "explicit",
            parameters: Dictionary(uniqueKeysWithValues: spec.parameters.map { ($0.name, $0.value) }),
            verdict: verdict, properties: results, deadlock: deadlockTrace, statistics: statistics)
    }

    func trace(to index: UInt32) -> Trace {
        rebuild(log.path(to: index))
    }

    func trace(parent: UInt32, ordinal: UInt32) -> Trace {
        rebuild(parent == TraceLog.root ? [ordinal] : log.path(to: parent) + [ordinal])
    }

    /// Replays the spec along recorded successor numbers (the order `Program.steps` lists them).
    func rebuild(_ ordinals: [UInt32]) -> Trace {
        guard let initial = try? program.initialStates(), Int(ordinals[0]) < initial.count else {
            return Trace(initial: [])
        }
        var state = initial[Int(ordinals[0])]
        var trace = Trace(initial: program.toIR(state))
        for ordinal in ordinals.dropFirst() {
            guard let steps = try? program.steps(from: state), Int(ordinal) < steps.count else { break }
            trace.steps.append(steps[Int(ordinal)].step)
            state = steps[Int(ordinal)].next
        }
        return trace
    }
}

extension UnsafeMutableBufferPointer {
    /// Raw storage initialised with an array's elements (free it with `free`).
    static func raw(_ elements: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: elements.count)
        _ = buffer.initialize(from: elements)
        return buffer
    }

    /// Deinitialises and frees storage made by `raw`.
    func free() {
        _ = deinitialize()
        deallocate()
    }
}
