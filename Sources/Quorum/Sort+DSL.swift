/// Sort constructors for spec authors.
extension Sort {
    /// `count` interchangeable node identities, printed `name1`, `name2`, ….
    public static func nodes(_ name: String, count: Int) -> Sort {
        .node(name: name, count: count)
    }

    /// The integers of a closed range.
    public static func range(_ bounds: ClosedRange<Int>) -> Sort {
        .int(lower: bounds.lowerBound, upper: bounds.upperBound)
    }

    /// The cases of a Swift `String` enumeration, by raw value.
    public static func enumeration<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> Sort where E.RawValue == String {
        .enumeration(name: String(describing: type), cases: type.allCases.map(\.rawValue))
    }

    /// Named cases.
    public static func enumeration(_ name: String, _ cases: String...) -> Sort {
        .enumeration(name: name, cases: cases)
    }

    /// Functions from a finite domain (per-node state).
    public static func function(_ domain: some SortConvertible, _ codomain: some SortConvertible) -> Sort {
        .function(domain: domain.sort, codomain: codomain.sort)
    }

    /// Finite sets of elements.
    public static func setOf(_ element: some SortConvertible) -> Sort { .set(element: element.sort) }

    /// Sequences of at most `capacity` elements.
    public static func sequence(of element: some SortConvertible, capacity: Int) -> Sort {
        .sequence(element: element.sort, capacity: capacity)
    }

    /// Bags holding each element at most `maxCopies` times.
    public static func bag(of element: some SortConvertible, maxCopies: Int) -> Sort {
        .bag(element: element.sort, maxCopies: maxCopies)
    }

    /// The values of this sort, or none.
    public var orNone: Sort { .optional(self) }

    /// The first `n` node identities (requires a node sort).
    public func first(_ n: Int) -> Term {
        Term(.setOf(self, (0..<n).map { .literal(.int($0), self) }))
    }

    /// The identity with the given index, from 0.
    public func id(_ index: Int) -> Term { .node(index, of: self) }
}

/// Anything that names a sort: a `Sort`, a `Record` or a `Union`.
public protocol SortConvertible: Sendable {
    var sort: Sort { get }
}

extension Sort: SortConvertible {
    public var sort: Sort { self }
}

/// A record sort whose values are built by calling it: `entry(term: t, value: v)`.
@dynamicCallable
public struct Record: SortConvertible, Domain {
    public let sort: Sort

    /// A record sort with fields in the given order.
    public init(_ name: String, _ fields: KeyValuePairs<String, any SortConvertible>) {
        sort = .record(name: name, fields: fields.map { Sort.Field($0.key, $0.value.sort) })
    }

    public func dynamicallyCall(withKeywordArguments arguments: KeyValuePairs<String, Term>) -> Term {
        guard case let .record(name, fields) = sort else { return Term(.invalid("not a record")) }
        let given = arguments.map(\.key)
        guard given == fields.map(\.name) else {
            return Term(.invalid("record \(name) needs fields (\(fields.map(\.name).joined(separator: ", "))) in order, got (\(given.joined(separator: ", ")))"))
        }
        return Term(.record(sort, arguments.map(\.value.expr)))
    }

    public var members: Term { sort.members }
    public var bindingName: String { sort.bindingName }
}

/// A union sort (message types) whose values are built by variant: `message.prepared(rm: r)`.
@dynamicMemberLookup
public struct Union: SortConvertible, Domain {
    public let sort: Sort

    /// A union of variants, each with fields in the given order.
    public init(_ name: String, _ variants: KeyValuePairs<String, KeyValuePairs<String, any SortConvertible>>) {
        sort = .union(name: name, variants: variants.map { variant in
            Sort.Variant(variant.key, variant.value.map { Sort.Field($0.key, $0.value.sort) })
        })
    }

    public subscript(dynamicMember variant: String) -> Constructor {
        Constructor(sort: sort, variant: variant)
    }

    /// The values of one variant, as a set (for quantifying over possible messages).
    public func all(_ variant: String) -> Term {
        Term(.filter("m#v", .universe(sort), .isVariant(.bound("m#v"), variant)))
    }

    public var members: Term { sort.members }
    public var bindingName: String { sort.bindingName }

    /// Builds values of one variant of a union.
    @dynamicCallable
    public struct Constructor: Sendable {
        let sort: Sort
        let variant: String

        public func dynamicallyCall(withKeywordArguments arguments: KeyValuePairs<String, Term>) -> Term {
            guard case let .union(name, variants) = sort else { return Term(.invalid("not a union")) }
            guard let declared = variants.first(where: { $0.name == variant }) else {
                return Term(.invalid("\(name) has no variant '\(variant)' (variants: \(variants.map(\.name).joined(separator: ", ")))"))
            }
            let given = arguments.map(\.key)
            guard given == declared.fields.map(\.name) else {
                return Term(.invalid("\(name).\(variant) needs fields (\(declared.fields.map(\.name).joined(separator: ", "))) in order, got (\(given.joined(separator: ", ")))"))
            }
            return Term(.variant(sort, variant, arguments.map(\.value.expr)))
        }
    }
}

/// A state variable of the spec: list it in the spec's `variables:`.
public func variable(_ name: String, _ sort: some SortConvertible, durable: Bool = false,
                     file: String = #filePath, line: Int = #line) -> Term {
    var term = Term(.variable(name))
    term.declaration = Spec.Variable(name: name, sort: sort.sort, isDurable: durable,
                                     location: SourceLocation(file: file, line: line))
    return term
}

/// A ghost (history) variable: kept in states and traces for properties to read, but left
/// out of state identity, so the distinct-state count is the protocol's (TLC's VIEW).
///
/// Actions may only write it; validation rejects a ghost read that could steer the protocol.
/// Like TLC's VIEW, a state is expanded with the history of the first path that reached it,
/// so a property over ghost variables judges that history.
public func ghost(_ name: String, _ sort: some SortConvertible,
                  file: String = #filePath, line: Int = #line) -> Term {
    var term = Term(.variable(name))
    term.declaration = Spec.Variable(name: name, sort: sort.sort, isDurable: true, isGhost: true,
                                     location: SourceLocation(file: file, line: line))
    return term
}

/// Leading-dot sort constructors where a `SortConvertible` is expected: `variable("x", .setOf(node))`.
extension SortConvertible where Self == Sort {
    public static var boolean: Sort { Sort.bool }
    public static func range(_ bounds: ClosedRange<Int>) -> Sort { Sort.range(bounds) }
    public static func function(_ domain: some SortConvertible, _ codomain: some SortConvertible) -> Sort {
        Sort.function(domain, codomain)
    }
    public static func setOf(_ element: some SortConvertible) -> Sort { Sort.setOf(element) }
    public static func sequence(of element: some SortConvertible, capacity: Int) -> Sort {
        Sort.sequence(of: element, capacity: capacity)
    }
    public static func bag(of element: some SortConvertible, maxCopies: Int) -> Sort {
        Sort.bag(of: element, maxCopies: maxCopies)
    }
    public static func optional(_ wrapped: some SortConvertible) -> Sort { Sort.optional(wrapped.sort) }
}
