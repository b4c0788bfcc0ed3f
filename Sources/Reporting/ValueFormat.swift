import SpecIR

/// How values print: in the notation of the DSL that built them.
///
/// Enumeration cases by name, nodes as `rm1`, records and messages as
/// `Prepared(rm: rm1)`, functions as `[rm1: working, rm2: prepared]`, sets in
/// braces and sequences in angle brackets.
public enum ValueFormat {
    public static func text(_ value: Value, _ sort: Sort) -> String {
        switch (sort, value) {
        case let (.bool, .int(n)): return n != 0 ? "true" : "false"
        case let (.int, .int(n)): return String(n)
        case let (.enumeration(_, cases), .int(n)): return cases.indices.contains(n) ? cases[n] : "?\(n)"
        case let (.node(name, _), .int(n)): return name + String(n + 1)
        case let (.optional(wrapped), .tuple(items)):
            return items.first.map { text($0, wrapped) } ?? "none"
        case let (.record(name, fields), .tuple(items)):
            return name + "(" + zip(fields, items).map { "\($0.name): \(text($1, $0.sort))" }.joined(separator: ", ") + ")"
        case let (.union(_, variants), .tuple(items)):
            guard case let .int(tag)? = items.first, variants.indices.contains(tag) else { return value.description }
            let variant = variants[tag]
            if variant.fields.isEmpty { return variant.name }
            return variant.name + "(" + zip(variant.fields, items.dropFirst()).map { "\($0.name): \(text($1, $0.sort))" }
                .joined(separator: ", ") + ")"
        case let (.function(domain, codomain), .tuple(items)):
            let keys = domain.allValues
            return "[" + zip(keys, items).map { "\(text($0, domain)): \(text($1, codomain))" }.joined(separator: ", ") + "]"
        case let (.sequence(element, _), .tuple(items)):
            return "⟨" + items.map { text($0, element) }.joined(separator: ", ") + "⟩"
        case let (.set(element), .tuple(items)):
            return "{" + items.map { text($0, element) }.joined(separator: ", ") + "}"
        case let (.bag(element, _, _), .tuple(items)):
            return "bag{" + items.map { pair -> String in
                let p = pair.elements
                let copies = p[1].integer
                return text(p[0], element) + (copies > 1 ? " ×\(copies)" : "")
            }.joined(separator: ", ") + "}"
        default:
            return value.description
        }
    }

    /// The value as JSON: booleans, numbers, strings for names, objects for records
    /// and functions over scalar domains, arrays for sets and sequences.
    public static func json(_ value: Value, _ sort: Sort) -> JSON {
        switch (sort, value) {
        case let (.bool, .int(n)): return .bool(n != 0)
        case let (.int, .int(n)): return .number(n)
        case (.enumeration, _), (.node, _): return .string(text(value, sort))
        case let (.optional(wrapped), .tuple(items)):
            return items.first.map { json($0, wrapped) } ?? .null
        case let (.record(_, fields), .tuple(items)):
            return .object(zip(fields, items).map { ($0.name, json($1, $0.sort)) })
        case let (.union(_, variants), .tuple(items)):
            guard case let .int(tag)? = items.first, variants.indices.contains(tag) else { return .string(value.description) }
            return .object([("variant", .string(variants[tag].name))]
                + zip(variants[tag].fields, items.dropFirst()).map { ($0.name, json($1, $0.sort)) })
        case let (.function(domain, codomain), .tuple(items)):
            let keys = domain.allValues
            switch domain {
            case .bool, .int, .enumeration, .node:
                return .object(zip(keys, items).map { (text($0, domain), json($1, codomain)) })
            default:
                return .array(zip(keys, items).map { .object([("key", json($0, domain)), ("value", json($1, codomain))]) })
            }
        case let (.sequence(element, _), .tuple(items)), let (.set(element), .tuple(items)):
            return .array(items.map { json($0, element) })
        case let (.bag(element, _, _), .tuple(items)):
            return .array(items.map { pair in
                .object([("value", json(pair.elements[0], element)), ("copies", .number(pair.elements[1].integer))])
            })
        default:
            return .string(value.description)
        }
    }
}

/// A JSON document with object keys kept in order.
public indirect enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}
