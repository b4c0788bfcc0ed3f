/// A concrete value of some sort: an integer or a tuple of values.
///
/// One uniform shape for every sort keeps values cheap to compare, hash and
/// serialise; the sort gives them meaning. Booleans are 0 and 1, enumeration cases
/// and node identities their index, integers themselves. An optional is a tuple of
/// zero or one values; a record the tuple of its fields; a union value the tuple of
/// its variant index and fields; a function the tuple of its results in domain
/// order; a sequence its elements; a set its elements in ascending order without
/// repeats; a bag its `(element, copies)` pairs in ascending element order.
public enum Value: Hashable, Sendable {
    case int(Int)
    case tuple([Value])

    public static let `false` = Value.int(0)
    public static let `true` = Value.int(1)
    public static let empty = Value.tuple([])

    public init(_ bool: Bool) { self = .int(bool ? 1 : 0) }

    /// The integer payload; tuples trap, since validation rules them out.
    @inlinable public var integer: Int {
        if case let .int(n) = self { return n }
        preconditionFailure("expected an integer value, found \(self)")
    }

    @inlinable public var bool: Bool { integer != 0 }

    /// The elements of a tuple; integers trap, since validation rules them out.
    @inlinable public var elements: [Value] {
        if case let .tuple(items) = self { return items }
        preconditionFailure("expected a tuple value, found \(self)")
    }
}

extension Value: Comparable {
    /// Integers before tuples; tuples lexicographically. For the values of one sort this
    /// is the order in which the sort enumerates them, so sets print in a natural order.
    public static func < (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): return a < b
        case (.int, .tuple): return true
        case (.tuple, .int): return false
        case let (.tuple(a), .tuple(b)):
            for (x, y) in zip(a, b) where x != y { return x < y }
            return a.count < b.count
        }
    }
}

extension Value: Codable {
    /// Integers are JSON numbers and tuples JSON arrays.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let n = try? container.decode(Int.self) {
            self = .int(n)
        } else {
            self = .tuple(try container.decode([Value].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .int(n): try container.encode(n)
        case let .tuple(items): try container.encode(items)
        }
    }
}

extension Value: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .int(n): return String(n)
        case let .tuple(items): return "<" + items.map(\.description).joined(separator: ", ") + ">"
        }
    }
}
