/// A protocol description: a type with parameters whose `spec` builds the IR.
///
/// `quorum check File.swift` finds every type conforming to `Specification` in the
/// file, sets its parameters from the command line and checks its `spec`.
public protocol Specification {
    init()
    /// The spec for the current parameter values.
    var spec: Spec { get }
}

/// An integer parameter of a specification, overridable with `--param name=value`.
@propertyWrapper
public struct Parameter: @unchecked Sendable {
    final class Box: @unchecked Sendable {
        var value: Int
        init(_ value: Int) { self.value = value }
    }

    let box: Box
    public let defaultValue: Int
    public let range: ClosedRange<Int>
    public let summary: String
    public let location: SourceLocation

    public init(wrappedValue: Int, _ summary: String, in range: ClosedRange<Int> = 0...Int.max,
                file: String = #filePath, line: Int = #line) {
        box = Box(wrappedValue)
        defaultValue = wrappedValue
        self.range = range
        self.summary = summary
        location = SourceLocation(file: file, line: line)
    }

    public var wrappedValue: Int { box.value }
}

extension Specification {
    /// The parameters this specification declares, with their current values.
    public var parameters: [(name: String, parameter: Parameter)] {
        Mirror(reflecting: self).children.compactMap { child in
            guard let label = child.label, let parameter = child.value as? Parameter else { return nil }
            return (label.hasPrefix("_") ? String(label.dropFirst()) : label, parameter)
        }
    }

    /// The validated spec for the given parameter overrides.
    ///
    /// Unknown parameters, values outside a parameter's range and every problem
    /// of the spec itself are reported together, with file and line.
    public static func instantiate(_ overrides: [String: Int] = [:], file: String = #filePath) throws(SpecError) -> Spec {
        let instance = Self()
        let declared = instance.parameters
        var problems: [Diagnostic] = []
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let entry = declared.first(where: { $0.name == name }) else {
                let known = declared.map(\.name).joined(separator: ", ")
                problems.append(Diagnostic(location: instance.spec.location, context: "spec \(Self.self)",
                                           message: "unknown parameter '\(name)'" + (known.isEmpty ? " (it has none)" : " (parameters: \(known))")))
                continue
            }
            if !entry.parameter.range.contains(value) {
                problems.append(Diagnostic(location: entry.parameter.location, context: "parameter \(name)",
                                           message: "value \(value) is outside \(entry.parameter.range.lowerBound)...\(entry.parameter.range.upperBound)"))
                continue
            }
            entry.parameter.box.value = value
        }
        if !problems.isEmpty { throw SpecError(problems) }
        var spec = instance.spec
        spec.parameters = declared.map { name, parameter in
            Spec.Parameter(name: name, value: parameter.wrappedValue, defaultValue: parameter.defaultValue,
                           range: parameter.range, summary: parameter.summary)
        }
        return try spec.validated()
    }
}
