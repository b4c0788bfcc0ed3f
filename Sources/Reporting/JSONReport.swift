import Foundation
import SpecIR

/// The machine-readable report of a check, in the schema documented in docs/json.md.
public enum JSONReport {
    /// The schema name and version written in every report.
    public static let schema = "quorum-check/1"

    public static func render(_ result: CheckResult, spec: Spec) -> String {
        encode(document(result, spec: spec))
    }

    /// The report as a JSON value.
    public static func document(_ result: CheckResult, spec: Spec) -> JSON {
        JSON.object([
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
                ("collisionProbability", result.statistics.collisionProbability.map(JSON.double) ?? .null),
                ("upToRenaming", result.statistics.symmetry.map { .array($0.map(JSON.string)) } ?? .null),
                ("irrelevant", result.statistics.irrelevant.map { .array($0.map(JSON.string)) } ?? .null),
                ("irrelevanceCheckSeconds", result.statistics.irrelevanceCheckSeconds.map(JSON.double) ?? .null),
                ("irrelevanceCheckCached", result.statistics.irrelevanceCheckCached.map(JSON.bool) ?? .null),
            ])),
            ("bound", result.bound.map(JSON.number) ?? .null),
            ("depthSeconds", result.depthSeconds.map { .array($0.map(JSON.double)) } ?? .null),
            ("note", result.note.map(JSON.string) ?? .null),
        ])
    }

    /// Pretty-printed JSON with object keys in the order given (JSONEncoder sorts them its own way).
    public static func encode(_ document: JSON) -> String {
        var out = ""
        write(document, indent: "", into: &out)
        return out
    }

    static func write(_ value: JSON, indent: String, into out: inout String) {
        switch value {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(n): out += String(n)
        case let .double(d): out += d.isFinite ? String(d) : "null"
        case let .string(s): out += quote(s)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += indent + "  "
                write(item, indent: indent + "  ", into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case let .object(pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, item)) in pairs.enumerated() {
                out += indent + "  " + quote(key) + " : "
                write(item, indent: indent + "  ", into: &out)
                out += i + 1 < pairs.count ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
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

extension JSONReport {
    /// The report of `--engine both`: both results and their comparison.
    public static func crossCheck(_ explicit: CheckResult, _ bounded: CheckResult, _ discrepancies: [CrossCheck.Discrepancy],
                                  spec: Spec, exitCode: Int32) -> String {
        let document = JSON.object([
            ("schema", .string("quorum-cross-check/1")),
            ("spec", .string(explicit.spec)),
            ("agree", .bool(discrepancies.isEmpty)),
            ("exitCode", .number(Int(exitCode))),
            ("discrepancies", .array(discrepancies.map { d in
                .object([("property", .string(d.property)), ("explicit", .string(d.explicit)), ("bmc", .string(d.bounded))])
            })),
            ("explicit", self.document(explicit, spec: spec)),
            ("bmc", self.document(bounded, spec: spec)),
        ])
        return encode(document)
    }
}
