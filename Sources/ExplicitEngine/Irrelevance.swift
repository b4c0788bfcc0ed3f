import SpecIR

/// An irrelevance declaration compiled: which entries of a variable state identity leaves out.
///
/// The search stores and expands each state as reached; only its fingerprint is taken
/// of the masked state, whose irrelevant entries all hold the codomain's least value
/// (the stand-in). So traces stay real raft.tla behaviours, and two states that differ
/// only in entries nothing reads are seen once.
struct Mask {
    /// The masked variable's index.
    let variable: Int
    /// The condition (in `Program.maskConditions`): a function from the variable's domain to booleans.
    let condition: Int
    /// The variables the masked value depends on: the variable and those the condition reads.
    let reads: [Int]
    let readSet: VariableSet
    let conditionShape: Shape
    let shape: Shape
    /// The stand-in's run-time value and, for a ranked variable, its digit.
    let standIn: Value
    let standInDigit: Int

    init(variable: Int, condition: Int, reads: [Int], shapes: ShapeCache, spec: Spec) {
        self.variable = variable
        self.condition = condition
        self.reads = reads
        readSet = VariableSet(reads)
        let sort = spec.variables[variable].sort
        shape = shapes.shape(sort)
        guard case let .function(domain, codomain) = sort else { preconditionFailure("validation admits functions only") }
        conditionShape = shapes.shape(.function(domain: domain, codomain: .bool))
        standIn = shape.element!.toRuntime(codomain.value(atRank: 0))
        standInDigit = shape.isRanked ? shape.element!.rank(standIn)! : 0
    }

    /// Whether a step that changed the variables in `changed` may change the masked value.
    func isAffected(by changed: VariableSet) -> Bool { readSet.overlaps(changed) }

    /// The variable's value with every entry the condition marks replaced by the stand-in.
    func apply(_ value: Value, condition marks: Value) -> Value {
        let entries = shape.domain!.count!
        switch (value, shape.kind) {
        case (.int(var rank), .ranked):
            let k = shape.element!.count!
            for d in 0..<entries where Mask.entry(marks, d, conditionShape) {
                let digit = (rank / shape.strides[d]) % k
                rank += (standInDigit - digit) * shape.strides[d]
            }
            return .int(rank)
        case (.tuple(var items), _):
            for d in 0..<entries where Mask.entry(marks, d, conditionShape) { items[d] = standIn }
            return .tuple(items)
        default:
            preconditionFailure("a function value is a rank or a tuple")
        }
    }

    /// Entry `d` of a run-time boolean function.
    static func entry(_ function: Value, _ d: Int, _ shape: Shape) -> Bool {
        switch function {
        case let .int(rank): return (rank / shape.strides[d]) % 2 == 1
        case let .tuple(items): return items[d].integer != 0
        }
    }
}
