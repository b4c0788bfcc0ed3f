import Foundation
import Quorum
import SpecIR
import Testing

/// Validation finds every sort error up front, each with its file, line and declaration.
@Suite("Validation")
struct ValidationTests {
    let state = Sort.enumeration("State", "idle", "busy")

    func problems(_ spec: Spec) -> [Diagnostic] {
        do {
            _ = try spec.validated()
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test("a type mismatch names the file, the line and the action")
    func typeMismatch() {
        let x = variable("x", .range(0...3))
        let line = #line + 5
        let spec = Spec("Bad", variables: [x]) {
            Initial { x <- 0 }
            Action("flip") {
                Require(x == 1)
                x <- true
            }
        }
        let found = problems(spec)
        #expect(found.count == 1)
        #expect(found.first?.location.line == line)
        #expect(found.first?.location.file.hasSuffix("ValidationTests.swift") == true)
        #expect(found.first?.context == "action flip")
        #expect(found.first?.message.contains("expected a value of sort 0...3, found Bool") == true)
    }

    @Test("an update of an undeclared variable and an unknown enumeration case are both reported")
    func severalProblems() {
        let s = variable("s", state)
        let ghost = variable("ghost", Sort.bool)
        let spec = Spec("Bad", variables: [s]) {
            Initial { s <- "idle" }
            Action("go") {
                s <- "running"
                ghost <- true
            }
        }
        let messages = problems(spec).map(\.message)
        #expect(messages.contains { $0.contains("'running' is not a case of State") })
        #expect(messages.contains { $0.contains("assignment to undeclared variable 'ghost'") })
    }

    @Test("a symmetry declaration must name node sorts the spec never singles out")
    func symmetryDeclaration() {
        let node = Sort.nodes("n", count: 3)
        let owner = variable("owner", node.orNone)
        let line = #line + 2
        let bad = Spec("Bad", variables: [owner]) {
            Symmetric(node, state)
            Initial { owner <- .none }
            Action("take", over: node) { n in owner <- some(n) }
            Always("n1 never owns") { owner != some(node.id(1)) }
        }
        let found = problems(bad)
        #expect(Set(found.map(\.message)) == [
            "only node sorts can be symmetric, not State",
            "node sort n is declared symmetric, but no variable holds its nodes, or the spec names one by a constant, or a ForEach visits them in order",
        ])
        #expect(found.allSatisfy { $0.location.line == line && $0.context == "symmetry" })

        let good = Spec("Good", variables: [owner]) {
            Symmetric(node)
            Initial { owner <- .none }
            Action("take", over: node) { n in owner <- some(n) }
        }
        #expect(problems(good).isEmpty)
        #expect(good.symmetry?.sorts == [node])
    }

    @Test("a ForEach over a sort's identities visits them in order, so the sort is not symmetric")
    func symmetryAndOrderedLoops() throws {
        let node = Sort.nodes("n", count: 3)
        let last = variable("last", node.orNone)
        // `last` ends as the highest identity other than i: renaming does not keep that.
        func spec(symmetric: Bool) -> Spec {
            Spec("Ordered", variables: [last]) {
                if symmetric { Symmetric(node) }
                Initial { last <- .none }
                Action("a", over: node.named("i")) { i in
                    ForEach(node.named("n")) { n in
                        If(n != i) { last <- some(n) }
                    }
                }
            }
        }
        #expect(try spec(symmetric: false).validated().symmetricSorts.isEmpty)
        #expect(problems(spec(symmetric: true)).map(\.message) == [
            "node sort n is declared symmetric, but no variable holds its nodes, or the spec names one by a constant, or a ForEach visits them in order",
        ])
    }

    @Test("a variable the initial block never sets is an error")
    func unsetVariable() {
        let a = variable("a", Sort.bool)
        let b = variable("b", Sort.bool)
        let spec = Spec("Bad", variables: [a, b]) {
            Initial { a <- false }
        }
        #expect(problems(spec).map(\.message) == ["the initial state never sets variable 'b'"])
    }

    @Test("a missing record field and a misspelt variant are reported")
    func fields() {
        let node = Sort.nodes("n", count: 2)
        let message = Union("Message", ["ping": ["from": node]])
        let msgs = variable("msgs", .setOf(message))
        let spec = Spec("Bad", variables: [msgs]) {
            Initial { msgs <- [] }
            Action("send", over: node) { n in
                msgs <- msgs.inserting(message.pong(from: n))
                Require(exists(msgs.named("m")) { m in m.to == n })
            }
        }
        let messages = problems(spec).map(\.message)
        #expect(messages.contains { $0.contains("Message has no variant 'pong'") })
        #expect(messages.contains { $0.contains("no variant of Message has a field 'to'") })
    }

    @Test("assigning to something that is not a variable, and listing one as a variable, are reported")
    func notVariables() {
        let x = variable("x", .range(0...3))
        let spec = Spec("Bad", variables: [x, x + 1]) {
            Initial { x <- 0 }
            Action("bump") { (x + 1) <- 2 }
        }
        let messages = problems(spec).map(\.message)
        #expect(messages.contains("the left side of <- must be a variable, or an element or field of one"))
        #expect(messages.contains("the variables list holds a term not made by variable(_:_:)"))
    }

    @Test("a FIFO network used like an unordered one says how to use it")
    func fifoMisuse() {
        let node = Sort.nodes("n", count: 2)
        let net = Network("net", of: Sort.bool, .fifo(between: node, capacity: 1))
        let spec = Spec("Bad", variables: []) {
            net
            Initial {}
            Action("send") { net.send(true) }
        }
        #expect(problems(spec).map(\.message).contains("a FIFO network needs send(_:from:to:)"))
    }

    @Test("a validated spec survives a JSON round trip unchanged")
    func codableRoundTrip() throws {
        let x = variable("x", .range(0...3))
        let spec = try Spec("Counter", variables: [x]) {
            Initial { x <- 0 }
            Action("increment") {
                Require(x < 3)
                x <- x + 1
            }
            Always("bounded") { x <= 3 }
        }.validated()
        let decoded = try JSONDecoder().decode(Spec.self, from: JSONEncoder().encode(spec))
        #expect(decoded == spec)
    }

    @Test("irrelevance: only of a function, by a condition over fully relevant variables, with a stand-in no renaming moves")
    func irrelevance() {
        let node = Sort.nodes("n", count: 2)
        let mode = variable("mode", .function(node, state))
        let count = variable("count", .range(0...2))
        let scratch = variable("scratch", .function(node, .range(0...2)))
        let leader = variable("leader", .function(node, node))
        let line = #line + 2
        let spec = Spec("Stale", variables: [mode, count, scratch, leader]) {
            Irrelevant(count) { _ in true }
            Irrelevant(scratch) { i in scratch[i] == 0 }
            Irrelevant(leader) { i in mode[i] == "idle" }
            Initial {
                mode <- function(node) { _ in "idle" }
                count <- 0
                scratch <- function(node) { _ in 0 }
                leader <- function(node) { i in i }
            }
        }
        let found = problems(spec)
        #expect(found.map(\.message) == [
            "'count' is of sort 0...2; only a function over a finite domain can have irrelevant entries",
            "the condition reads 'scratch', which has irrelevant entries itself",
            "the stand-in value of 'leader' (its codomain's least value) names a node; renaming nodes would change it",
        ])
        #expect(found.map(\.location.line) == [line, line + 1, line + 2])
        #expect(found.map(\.context) == ["irrelevance of 'count'", "irrelevance of 'scratch'", "irrelevance of 'leader'"])
    }
}
