import SpecIR

/// Symmetry reduction: one fingerprint for all states equal up to renaming node identities.
///
/// The fingerprint of a state is that of its canonical form: of all the renamings of
/// its interchangeable identities (every permutation of each symmetric node sort), the
/// one whose encoding is least. The search still stores and expands the state as it was
/// reached, so traces come out in the names the run used and replay step by step; only
/// the test "seen before?" works up to renaming.
final class Symmetry {
    let program: Program
    let sorts: [Sort]
    /// Every renaming but the identity: per symmetric sort, a permutation of its identities.
    let renamings: [[[Int]]]
    let width: Int
    /// Per variable, for variables held as one small integer (a scalar or a rank among at
    /// most `tableLimit` values): for each renaming, the run-time value each value goes
    /// to, indexed by the value minus `offsets`. Renaming those is a lookup; the others
    /// go through IR values.
    private let tables: [[[Int]]?]
    private let offsets: [Int]
    static let tableLimit = 1 << 16
    private let candidate: UnsafeMutablePointer<UInt64>
    private let best: UnsafeMutablePointer<UInt64>

    init?(program: Program, sorts: [Sort]) {
        let counts = sorts.map { sort -> Int in
            if case let .node(_, count) = sort { return count }
            return 1
        }
        var all: [[[Int]]] = [[]]
        for count in counts {
            let permutations = Symmetry.permutations(of: count)
            all = all.flatMap { prefix in permutations.map { prefix + [$0] } }
        }
        all.removeAll { renaming in zip(renaming, counts).allSatisfy { $0 == Array(0..<$1) } }
        guard !all.isEmpty else { return nil }
        self.program = program
        self.sorts = sorts
        renamings = all
        width = program.layout.wordCount
        var tables: [[[Int]]?] = []
        var offsets: [Int] = []
        for (index, variable) in program.spec.variables.enumerated() {
            let shape = program.variableShapes[index]
            var offset: Int? = nil
            switch shape.kind {
            case let .scalar(lower): offset = lower
            case .ranked: offset = 0
            default: break
            }
            guard let offset, !variable.isGhost, let count = shape.count, count <= Symmetry.tableLimit else {
                tables.append(nil)
                offsets.append(0)
                continue
            }
            tables.append(all.map { renaming in
                (0..<count).map { i in
                    shape.toRuntime(Symmetry.rename(shape.toIR(.int(offset + i)), variable.sort, sorts, renaming)).integer
                }
            })
            offsets.append(offset)
        }
        self.tables = tables
        self.offsets = offsets
        candidate = .allocate(capacity: width)
        best = .allocate(capacity: program.layout.identityWordCount)
    }

    deinit {
        candidate.deallocate()
        best.deallocate()
    }

    /// The fingerprint of the canonical form of a state (`encoded` is its encoding).
    func fingerprint(_ values: [Value], encoded: UnsafePointer<UInt64>) -> UInt64 {
        let identityWords = program.layout.identityWordCount
        best.update(from: encoded, count: identityWords)
        let variables = program.spec.variables
        let shapes = program.variableShapes
        // The IR form of the variables renamed the slow way, once per state.
        var ir: [Value?] = Array(repeating: nil, count: values.count)
        for index in values.indices where tables[index] == nil && !variables[index].isGhost {
            ir[index] = shapes[index].toIR(values[index])
        }
        var renamed = values
        for (r, renaming) in renamings.enumerated() {
            for (index, variable) in variables.enumerated() where !variable.isGhost {
                if let table = tables[index] {
                    renamed[index] = .int(table[r][values[index].integer - offsets[index]])
                    continue
                }
                renamed[index] = shapes[index].toRuntime(Symmetry.rename(ir[index]!, variable.sort, sorts, renaming))
            }
            candidate.update(repeating: 0, count: width)
            guard program.layout.encode(renamed, into: candidate) == nil else { continue }
            if Symmetry.less(candidate, best, identityWords) { best.update(from: candidate, count: identityWords) }
        }
        return Fingerprint.of(best, count: identityWords)
    }

    /// An IR value of `sort` with each symmetric sort's identities permuted by `renaming`.
    static func rename(_ value: Value, _ sort: Sort, _ sorts: [Sort], _ renaming: [[Int]]) -> Value {
        var renamed = value
        for (symmetric, permutation) in zip(sorts, renaming) {
            renamed = sort.renaming(renamed, symmetric, permutation)
        }
        return renamed
    }

    static func less(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, _ count: Int) -> Bool {
        for i in 0..<count where a[i] != b[i] { return a[i] < b[i] }
        return false
    }

    static func permutations(of n: Int) -> [[Int]] {
        guard n > 1 else { return [Array(0..<n)] }
        var result: [[Int]] = []
        for rest in permutations(of: n - 1) {
            for position in 0...rest.count {
                var p = rest
                p.insert(n - 1, at: position)
                result.append(p)
            }
        }
        return result
    }
}
