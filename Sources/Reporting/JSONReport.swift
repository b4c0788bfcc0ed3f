import Foundation
import SpecIR

/// The machine-readable report of a check, in the schema documented in docs/json.md.
public enum JSONReport {
    /// The schema name and version written in every report.
    public static let schema = "quorum-check/1"

    public static func render(_ result: CheckResult, spec: Spec) -> String {
        let document = JSON.object([
            ("schema", .string(schema)),
            ("spec", .string(result.spec)),
            ("engine", .string(result.engine)),
            ("parameters", .object(spec.parameters.map { ($0.name, .number($0.value)) })),
            ("verdict", .string(verdictName(result.verdict))),
            ("limit", limitName(result.verdict).map(JSON.string) ?? .null),
            ("exitCode", .number(Int(result.verdict.exitCode))),
            ("properties", .array(result.properties.map { property in
                .object([
                    ("name", .string(property.name)),
                    ("kind", .string(property.kind.rawValue)),
                    ("status", .string(property.status.rawValue)),
                    ("trace", property.trace.map { trace(of: $0, spec: spec) } ?? .null),
                ])
            })),
            ("deadlock", result.deadlock.map { trace(of: $0, spec: spec) } ?? .null),
            ("statistics", .object([
                ("distinctStates", .number(result.statistics.distinctStates)),
                ("generatedStates", .number(result.statistics.generatedStates)),
                ("depth", .number(result.statistics.depth)),
                ("unexplored", .number(result.statistics.frontier)),
                ("seconds", .double(result.statistics.seconds)),
                ("statesPerSecond", .double(result.statistics.statesPerSecond.rounded())),
                ("peakMemoryBytes", .number(result.statistics.peakMemoryBytes)),
            ])),
        ])
        return encode(document)
    }

    public static func encode(_ document: JSON) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func verdictName(_ verdict: Verdict) -> String {
        switch verdict {
        case .holds: return "holds"
        case .violated: return "violated"
        case .incomplete: return "incomplete"
        }
    }

    static func limitName(_ verdict: Verdict) -> String? {
        if case let .incomplete(limit) = verdict { return limit.rawValue }
        return nil
    }

    static func state(_ values: [Value], spec: Spec) -> JSON {
        .object(zip(spec.variables, values).map { ($0.name, ValueFormat.json($1, $0.sort)) })
    }

    /// A trace: its length, the initial state, and each step's action, arguments, changes and state.
    public static func trace(of trace: Trace, spec: Spec) -> JSON {
        var previous = trace.initial
        return .object([
            ("length", .number(trace.steps.count)),
            ("initial", state(trace.initial, spec: spec)),
            ("steps", .array(trace.steps.enumerated().map { number, step in
                defer { previous = step.state }
                let changed = spec.variables.indices.filter { previous[$0] != step.state[$0] }
                return .object([
                    ("number", .number(number + 1)),
                    ("action", .string(step.action)),
                    ("arguments", .object(step.arguments.map { ($0.name, ValueFormat.json($0.value, $0.sort)) })),
                    ("changed", .array(changed.map { .string(spec.variables[$0].name) })),
                    ("state", state(step.state, spec: spec)),
                ])
            })),
        ])
    }
}
