/// A set of state variables (by index) as the bits of one word.
///
/// The search asks of every successor, for every property, whether the step changed a
/// variable the property reads. With 36 properties (Raft's, with the proofs' invariants)
/// that question, asked of arrays of indices and flags, cost more than judging the few
/// properties it let through. One AND answers it. A spec with more than 64 variables
/// shares the last bit among the variables from the 64th on: a property reading one of
/// them is then judged after a step that changed any of them, which is safe, only slower.
struct VariableSet: Equatable {
    var bits: UInt64 = 0

    init() {}

    init(bits: UInt64) { self.bits = bits }

    init(_ variables: [Int]) {
        for variable in variables { insert(variable) }
    }

    mutating func insert(_ variable: Int) {
        bits |= 1 << UInt64(Swift.min(variable, 63))
    }

    func overlaps(_ other: VariableSet) -> Bool { bits & other.bits != 0 }

    var isEmpty: Bool { bits == 0 }
}
