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
    /// Per variable (nil for ghosts, which are not part of state identity): how to rename
    /// its run-time values directly.
    let renamers: [Renamer?]
    static let tableLimit = 1 << 16
    /// Ranked functions whose tables would hold more entries than this (values times
    /// renamings) are renamed digit by digit instead.
    static let tableEntries = 1 << 18
    private let candidate: UnsafeMutablePointer<UInt64>
    private let best: UnsafeMutablePointer<UInt64>
    /// The variables of state identity (not ghosts), in the order of their bits, each with
    /// the bit just past its own.
    private let identityVariables: [(index: Int, end: Int)]
    /// Per identity variable (in the same order), its renaming table as raw integers when
    /// it is renamed by table and stored as a rank: then a renaming reads one entry and
    /// writes its bits, with no `Value`, renamer or codec in between.
    private let lookups: [Lookup?]

    struct Lookup {
        /// Per renaming, the renamed value of each value (`values` of them, from `offset`).
        let table: UnsafeMutablePointer<Int>
        let values: Int
        let offset: Int
        /// How the variable is stored: its bits start at `bit`, hold value − `lower`, `width` wide.
        let lower: Int
        let bit: Int
        let width: Int
    }

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
        let renamers = program.spec.variables.indices.map { index in
            program.spec.variables[index].isGhost ? nil
                : Renamer(program.variableShapes[index], sorts: sorts, renamings: all)
        }
        self.renamers = renamers
        let layout = program.layout
        identityVariables = program.spec.variables.indices.filter { !program.spec.variables[$0].isGhost }
            .sorted { layout.offsets[$0] < layout.offsets[$1] }
            .map { ($0, layout.offsets[$0] + layout.codecs[$0].width) }
        lookups = identityVariables.map { index, _ -> Lookup? in
            guard case let .table(table, offset)? = renamers[index]?.kind,
                  case let .rank(_, lower) = layout.codecs[index].kind else { return nil }
            let values = table.first?.count ?? 0
            let flat = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(1, table.count * values))
            for (r, row) in table.enumerated() { (flat + r * values).initialize(from: row, count: values) }
            return Lookup(table: flat, values: values, offset: offset, lower: lower,
                          bit: layout.offsets[index], width: layout.codecs[index].width)
        }
        candidate = .allocate(capacity: width)
        best = .allocate(capacity: program.layout.identityWordCount)
    }

    deinit {
        for lookup in lookups { lookup?.table.deallocate() }
        candidate.deallocate()
        best.deallocate()
    }

    /// The fingerprint of the canonical form of a state (`encoded` is its encoding).
    ///
    /// Each renaming is renamed and encoded variable by variable, in the order of their
    /// bits, and compared with the least encoding so far as soon as a word is complete: a
    /// renaming whose first differing word is greater is given up there, so most are
    /// never renamed beyond their first variables (the message bag, last and dearest to
    /// rename, least of all).
    func fingerprint(_ values: [Value], encoded: UnsafePointer<UInt64>) -> UInt64 {
        let identityWords = program.layout.identityWordCount
        best.update(from: encoded, count: identityWords)
        for r in renamings.indices {
            candidate.update(repeating: 0, count: identityWords)
            // Words below `compared` are complete and equal to the best's; `order` < 0: less.
            var compared = 0
            var order = 0
            for (position, (index, end)) in identityVariables.enumerated() {
                if let lookup = lookups[position], case let .int(n) = values[index], n &- lookup.offset >= 0,
                   n &- lookup.offset < lookup.values {
                    let renamed = lookup.table[r &* lookup.values &+ (n &- lookup.offset)]
                    Bits.write(UInt64(renamed &- lookup.lower), candidate, lookup.bit, lookup.width)
                } else if !program.layout.write(index, renamers[index]!.apply(values[index], r), into: candidate) {
                    order = 1
                    break
                }
                if order < 0 { continue }
                while compared < end >> 6 {
                    if candidate[compared] != best[compared] {
                        order = candidate[compared] < best[compared] ? -1 : 1
                        break
                    }
                    compared += 1
                }
                if order > 0 { break }
            }
            if order == 0 && Symmetry.less(candidate + compared, best + compared, identityWords - compared) { order = -1 }
            if order < 0 { best.update(from: candidate, count: identityWords) }
        }
        return Fingerprint.of(best, count: identityWords)
    }

    /// Renames the run-time values of one shape by each renaming, in the run-time form
    /// itself: a function over a symmetric sort by moving its results (digit by digit when
    /// it is kept as a rank and its table would be large, as Raft's nextIndex and
    /// matchIndex are with four servers or two-entry logs), another small value (at most
    /// `tableLimit` values) by table lookup,
    /// a sequence, record or union part by part,
    /// a bag or set by renaming its elements and sorting them again. Anything else goes
    /// through IR values, the slow way. The result is the canonical run-time form, the
    /// one the state would have if reached with those names.
    final class Renamer {
        enum Kind {
            /// The sort holds no symmetric identity.
            case identity
            /// Per renaming, the new value of each value minus `offset`.
            case table([[Int]], offset: Int)
            /// A function over the symmetric sort at this index, its results renamed.
            case permuted(sort: Int, results: Renamer)
            /// A function kept as a rank, its table too large: its digits (one result each)
            /// renamed and, over the symmetric sort at index `sort`, moved.
            case rankedFunction(sort: Int?, results: Renamer)
            /// Optionals, sequences and functions over other domains: each part renamed.
            case each(Renamer)
            case record([Renamer])
            case union([[Renamer]])
            /// Bags (pairs of element and copies) and sets kept as sorted lists.
            case bag(Renamer)
            /// Packed bags: elements renamed, then packed again in rank order.
            case packedBag(PackedBag, Renamer)
            case list(Renamer)
            case viaIR
        }

        let kind: Kind
        let shape: Shape
        let sorts: [Sort]
        let renamings: [[[Int]]]

        init(_ shape: Shape, sorts: [Sort], renamings: [[[Int]]]) {
            self.shape = shape
            self.sorts = sorts
            self.renamings = renamings
            func child(_ part: Shape) -> Renamer { Renamer(part, sorts: sorts, renamings: renamings) }
            let sort = shape.sort
            if !sorts.contains(where: { sort.mentions($0) }) {
                kind = .identity
                return
            }
            // A function over the symmetric sort (or over a sort free of it) kept as a rank
            // is renamed digit by digit unless its table is small: building a table costs a
            // renaming through IR values per value and renaming (with 4 servers, 23 renamings
            // of 65,536 values each took most of a run), while looking one up beats the digits.
            if case .ranked = shape.kind, case let .function(domain, _) = sort, let count = shape.count,
               count > Symmetry.tableLimit || count * renamings.count > Symmetry.tableEntries {
                let s = sorts.firstIndex(of: domain)
                if s != nil || !sorts.contains(where: { domain.mentions($0) }) {
                    kind = .rankedFunction(sort: s, results: child(shape.element!))
                    return
                }
            }
            var offset: Int? = nil
            switch shape.kind {
            case let .scalar(lower): offset = lower
            case .ranked: offset = 0
            default: break
            }
            if let offset, let count = shape.count, count <= Symmetry.tableLimit {
                kind = .table(renamings.map { renaming in
                    (0..<count).map { i in
                        shape.toRuntime(Symmetry.rename(shape.toIR(.int(offset + i)), sort, sorts, renaming)).integer
                    }
                }, offset: offset)
                return
            }
            switch (shape.kind, sort) {
            case (.list, _): kind = .list(child(shape.element!))
            case let (.parts, .function(domain, _)):
                if let s = sorts.firstIndex(of: domain) {
                    kind = .permuted(sort: s, results: child(shape.element!))
                } else if !sorts.contains(where: { domain.mentions($0) }) {
                    kind = .each(child(shape.element!))
                } else {
                    kind = .viaIR
                }
            case (.parts, .optional), (.parts, .sequence): kind = .each(child(shape.element!))
            case (.parts, .record): kind = .record(shape.fields.map(child))
            case (.parts, .union): kind = .union(shape.variants.map { $0.map(child) })
            case (.parts, .bag): kind = .bag(child(shape.element!))
            case let (.packedBag(packed), .bag): kind = .packedBag(packed, child(shape.element!))
            default: kind = .viaIR
            }
        }

        /// The value renamed by renaming number `r`.
        func apply(_ value: Value, _ r: Int) -> Value {
            switch kind {
            case .identity:
                return value
            case let .table(table, offset):
                return .int(table[r][value.integer - offset])
            case let .permuted(s, results):
                let items = value.elements
                let permutation = renamings[r][s]
                var moved = items
                for (i, item) in items.enumerated() { moved[permutation[i]] = results.apply(item, r) }
                return .tuple(moved)
            case let .rankedFunction(s, results):
                let element = shape.element!
                let strides = shape.strides
                let permutation = s.map { renamings[r][$0] }
                var renamesResults = true
                if case .identity = results.kind { renamesResults = false }
                var rest = value.integer
                var renamed = 0
                for i in strides.indices {
                    var digit = rest / strides[i]
                    rest -= digit * strides[i]
                    if renamesResults { digit = element.rank(results.apply(element.value(rank: digit), r))! }
                    renamed += digit * strides[permutation?[i] ?? i]
                }
                return .int(renamed)
            case let .each(part):
                return .tuple(value.elements.map { part.apply($0, r) })
            case let .record(fields):
                return .tuple(zip(fields, value.elements).map { $0.apply($1, r) })
            case let .union(variants):
                let items = value.elements
                let tag = items[0].integer
                return .tuple([items[0]] + zip(variants[tag], items.dropFirst()).map { $0.apply($1, r) })
            case let .bag(element):
                return .tuple(Compiler.canonical(value.elements.map { pair in
                    let p = pair.elements
                    return .tuple([element.apply(p[0], r), p[1]])
                }))
            case let .list(element):
                return .tuple(Compiler.canonical(value.elements.map { element.apply($0, r) }))
            case let .packedBag(packed, element):
                let elementShape = shape.element!
                let renamed = packed.unpack(value.integer).map { pair in
                    (rank: packed.rank(element.apply(elementShape.value(rank: pair.rank), r)) ?? -1, copies: pair.copies)
                }
                // Renaming is a bijection on the elements, so the bag always fits again.
                return .int(packed.pack(renamed)!)
            case .viaIR:
                return shape.toRuntime(Symmetry.rename(shape.toIR(value), shape.sort, sorts, renamings[r]))
            }
        }
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
