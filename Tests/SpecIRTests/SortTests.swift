import SpecIR
import Testing

@Suite("Sorts and values")
struct SortTests {
    let message = Sort.union(name: "Message", variants: [
        .init("ping", [.init("from", .node(name: "n", count: 3)), .init("round", .int(lower: -1, upper: 2))]),
        .init("ack", []),
        .init("vote", [.init("granted", .bool), .init("value", .optional(.enumeration(name: "V", cases: ["x", "y"])))]),
    ])

    @Test("cardinality multiplies fields and adds variants")
    func cardinality() {
        #expect(message.cardinality == 3 * 4 + 1 + 2 * 3)
        #expect(Sort.set(element: .node(name: "n", count: 3)).cardinality == 8)
        #expect(Sort.function(domain: .node(name: "n", count: 3), codomain: .bool).cardinality == 8)
        #expect(Sort.sequence(element: .bool, capacity: 2).cardinality == 1 + 2 + 4)
        #expect(Sort.bag(element: .bool, maxCopies: 2).cardinality == nil)
    }

    @Test("allValues lists each value once, in value order")
    func enumeration() {
        let values = message.allValues
        #expect(values.count == message.cardinality)
        #expect(Set(values).count == values.count)
        #expect(values.allSatisfy(message.contains))
        #expect(values == values.sorted())
    }

    @Test("sequences enumerate shorter ones first")
    func sequenceRanks() {
        let sort = Sort.sequence(element: .int(lower: 0, upper: 2), capacity: 2)
        let values = sort.allValues
        #expect(values.count == 13)
        #expect(Set(values).count == 13)
        #expect(values.prefix(4) == [.empty, .tuple([.int(0)]), .tuple([.int(1)]), .tuple([.int(2)])])
    }

    @Test("contains rejects values outside the bounds")
    func containsBounds() {
        #expect(!Sort.int(lower: 0, upper: 3).contains(.int(4)))
        #expect(!message.contains(.tuple([.int(0), .int(0), .int(3)])))
        #expect(!Sort.sequence(element: .bool, capacity: 1).contains(.tuple([.int(0), .int(1)])))
        #expect(Sort.bag(element: .bool, maxCopies: 2).contains(.tuple([.tuple([.int(1), .int(2)])])))
    }

    @Test("values encode to JSON numbers and arrays and back")
    func valueCoding() throws {
        let value = Value.tuple([.int(1), .tuple([]), .tuple([.int(-3)])])
        let data = try JSONEncoder().encode(value)
        #expect(String(decoding: data, as: UTF8.self) == "[1,[],[-3]]")
        #expect(try JSONDecoder().decode(Value.self, from: data) == value)
    }
}

import Foundation
