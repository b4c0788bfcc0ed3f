import SpecIR

/// Operations on sorted lists and bags of run-time values.
extension Compiler {
    /// Sorted, without repeats: the canonical form of a set as a list.
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

    /// A bag with one copy more or fewer of an element; its pairs come from `pairs` where it has them.
    static func adjust(_ items: [Value], _ element: Value, by delta: Int, pairs: BagPairs) -> [Value] {
        var result = items
        if let i = result.firstIndex(where: { $0.elements[0] == element }) {
            let copies = result[i].elements[1].integer + delta
            if copies <= 0 { result.remove(at: i) } else { result[i] = pairs.pair(element, copies) }
        } else if delta > 0 {
            let i = result.firstIndex { element < $0.elements[0] } ?? result.count
            result.insert(pairs.pair(element, delta), at: i)
        }
        return result
    }
}

/// The `(element, copies)` pairs of one bag sort, each made once.
///
/// A message sent or received makes its bag's new pair, and a pair is an array: on Raft a
/// quarter of the search's allocations were pairs equal to ones made before. Where the
/// elements are integers at run time (scalars and ranked values) and few, each pair is
/// made on first use and shared from then on; otherwise it is made every time.
final class BagPairs {
    private let lower: Int
    private let count: Int
    private let copies: Int
    private var table: [Value?]

    static let limit = 1 << 16

    init(_ element: Shape, maxCopies: Int) {
        var lower = 0
        var count = 0
        switch element.kind {
        case let .scalar(first): lower = first
        case .ranked: break
        default: count = -1
        }
        // Copies above the limit are made every time (and a bound that large never overflows here).
        let copies = Swift.min(Swift.max(maxCopies, 0), BagPairs.limit) + 1
        if count == 0, let n = element.count, n <= BagPairs.limit / copies { count = n } else { count = 0 }
        self.lower = lower
        self.count = count
        self.copies = copies
        table = Array(repeating: nil, count: count * copies)
    }

    func pair(_ element: Value, _ n: Int) -> Value {
        if case let .int(x) = element {
            let rank = x &- lower
            if rank >= 0 && rank < count && n >= 0 && n < copies {
                let slot = rank * copies + n
                if let made = table[slot] { return made }
                let made = Value.tuple([element, .int(n)])
                table[slot] = made
                return made
            }
        }
        return .tuple([element, .int(n)])
    }
}
