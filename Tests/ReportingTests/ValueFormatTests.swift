import Reporting
import SpecIR
import Testing

@Suite("Value formatting")
struct ValueFormatTests {
    let node = Sort.node(name: "rm", count: 3)
    let state = Sort.enumeration(name: "State", cases: ["working", "prepared"])

    @Test("values print in the DSL's notation")
    func text() {
        #expect(ValueFormat.text(.int(1), .bool) == "true")
        #expect(ValueFormat.text(.int(2), node) == "rm3")
        #expect(ValueFormat.text(.tuple([.int(0), .int(1), .int(0)]), .function(domain: node, codomain: state))
            == "[rm1: working, rm2: prepared, rm3: working]")
        #expect(ValueFormat.text(.tuple([.int(0), .int(2)]), .set(element: node)) == "{rm1, rm3}")
        #expect(ValueFormat.text(.tuple([.int(5)]), .sequence(element: .int(lower: 0, upper: 9), capacity: 3)) == "⟨5⟩")
        #expect(ValueFormat.text(.empty, .optional(state)) == "none")
        let message = Sort.union(name: "M", variants: [.init("ack", []), .init("vote", [.init("from", node)])])
        #expect(ValueFormat.text(.tuple([.int(1), .int(0)]), message) == "vote(from: rm1)")
        #expect(ValueFormat.text(.tuple([.int(0)]), message) == "ack")
        #expect(ValueFormat.text(.tuple([.tuple([.int(1), .int(2)])]), .bag(element: node, maxCopies: 2)) == "bag{rm2 ×2}")
    }

    @Test("values become JSON with names for symbols and objects for records and functions")
    func json() {
        let entry = Sort.record(name: "Entry", fields: [.init("term", .int(lower: 0, upper: 3)), .init("ok", .bool)])
        let value = ValueFormat.json(.tuple([.int(2), .int(1)]), entry)
        #expect(JSONReport.encode(value) == "{\n  \"term\" : 2,\n  \"ok\" : true\n}")
        #expect(ValueFormat.json(.tuple([.int(0), .int(1), .int(0)]), .function(domain: node, codomain: state))
            == .object([("rm1", .string("working")), ("rm2", .string("prepared")), ("rm3", .string("working"))]))
        #expect(ValueFormat.json(.empty, .optional(state)) == .null)
        #expect(JSONReport.encode(.array([.string("a\"b\n"), .null])) == "[\n  \"a\\\"b\\n\",\n  null\n]")
    }
}
