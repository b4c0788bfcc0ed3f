import Testing
@testable import Z3Kit

@Suite("Z3 wrapper")
struct Z3KitTests {
    @Test("solves a small integer problem and reads the model")
    func solves() throws {
        let z3 = try Context()
        let x = try z3.variable("x", try z3.intSort())
        let y = try z3.variable("y", try z3.intSort())
        let solver = try Solver(z3)
        try solver.add(try z3.equal(try z3.arithmetic(.add, x, y), try z3.int(10)))
        try solver.add(try z3.compare(.greater, x, try z3.int(7)))
        try solver.add(try z3.compare(.greater, y, try z3.int(0)))
        #expect(try solver.check() == .satisfiable)
        let model = try solver.model()
        let (a, b) = (try model.integer(x), try model.integer(y))
        #expect(a + b == 10 && a > 7 && b > 0)
    }

    @Test("the finite-domain solver bit-blasts bounded integers, and gives up (not times out) on unbounded ones")
    func finiteDomain() throws {
        let z3 = try Context()
        let x = try z3.variable("x", try z3.intSort())
        let y = try z3.variable("y", try z3.intSort())
        let bounded = try Solver(z3, finiteDomain: true)
        for v in [x, y] {
            try bounded.add(try z3.compare(.greaterOrEqual, v, try z3.int(0)))
            try bounded.add(try z3.compare(.lessOrEqual, v, try z3.int(7)))
        }
        try bounded.add(try z3.equal(try z3.arithmetic(.multiply, x, y), try z3.int(14)))
        try bounded.add(try z3.compare(.less, x, y))
        #expect(try bounded.check() == .satisfiable)
        let model = try bounded.model()
        #expect([try model.integer(x), try model.integer(y)] == [2, 7])
        try bounded.add(try z3.compare(.greater, x, try z3.int(2)))
        #expect(try bounded.check() == .unsatisfiable)

        let unbounded = try Solver(z3, finiteDomain: true)
        try unbounded.add(try z3.compare(.greater, try z3.arithmetic(.add, x, y), try z3.int(1_000_000)))
        let answer = try unbounded.check()
        #expect(answer.isGiveUp, "\(answer)")
        let general = try Solver(z3)
        try general.add(try z3.compare(.greater, try z3.arithmetic(.add, x, y), try z3.int(1_000_000)))
        #expect(try general.check() == .satisfiable)
    }

    @Test("push and pop scope assertions")
    func scopes() throws {
        let z3 = try Context()
        let p = try z3.variable("p", try z3.boolSort())
        let solver = try Solver(z3)
        try solver.add(p)
        try solver.push()
        try solver.add(try z3.not(p))
        #expect(try solver.check() == .unsatisfiable)
        try solver.pop()
        #expect(try solver.check() == .satisfiable)
        #expect(try solver.model().boolean(p) == true)
    }

    @Test("an ill-sorted term is a thrown error, not an exit")
    func illSorted() throws {
        let z3 = try Context()
        let x = try z3.variable("x", try z3.intSort())
        let p = try z3.variable("p", try z3.boolSort())
        #expect(throws: Z3Error.self) { try z3.equal(x, p) }
        #expect(throws: Z3Error.self) { try z3.and([x, p]) }
        #expect(throws: Z3Error.self) { try z3.arithmetic(.add, p, x) }
        // The context still works after an error.
        let solver = try Solver(z3)
        try solver.add(try z3.compare(.less, x, try z3.int(3)))
        #expect(try solver.check() == .satisfiable)
    }

    @Test("literals fold in Swift")
    func folding() throws {
        let z3 = try Context()
        let p = try z3.variable("p", try z3.boolSort())
        #expect(try z3.and([p, z3.bool(false)]).boolConstant == false)
        #expect(try z3.or([p, z3.bool(true)]).boolConstant == true)
        #expect(try z3.and([p, z3.bool(true)]).isIdentical(to: p))
        #expect(try z3.arithmetic(.add, z3.int(2), z3.int(3)).constant == 5)
        #expect(try z3.equal(z3.int(2), z3.int(3)).boolConstant == false)
        #expect(try z3.equal(z3.bitVector(2, width: 3), z3.bitVector(2, width: 3)).boolConstant == true)
        #expect(try z3.ite(p, z3.int(4), z3.int(4)).constant == 4)
    }

    @Test("bit-vectors, arrays and enumerations")
    func theories() throws {
        let z3 = try Context()
        let bits = try z3.bitVectorSort(width: 2)
        let b = try z3.variable("b", bits)
        let (color, cases) = try z3.enumerationSort("Color", cases: ["red", "green", "blue"])
        let array = try z3.variable("a", try z3.arraySort(index: bits, element: color))
        let solver = try Solver(z3)
        try solver.add(try z3.unsignedLess(b, try z3.bitVector(1, width: 2)))
        try solver.add(try z3.equal(try z3.select(array, b), cases[2]))
        try solver.add(try z3.distinct(cases))
        #expect(try solver.check() == .satisfiable)
        #expect(try solver.model().integer(b) == 0)
        let stored = try z3.store(try z3.constantArray(index: bits, cases[0]), try z3.bitVector(3, width: 2), cases[1])
        try solver.add(try z3.equal(try z3.select(stored, b), cases[1]))
        #expect(try solver.check() == .unsatisfiable)
    }

    @Test("a check that runs out of time answers unknown")
    func timeout() throws {
        let z3 = try Context()
        // Non-linear integer factoring of a large semiprime is far beyond a millisecond.
        let int = try z3.intSort()
        let x = try z3.variable("x", int)
        let y = try z3.variable("y", int)
        let solver = try Solver(z3)
        solver.timeout = 0.05
        try solver.add(try z3.equal(try z3.arithmetic(.multiply, x, y), try z3.int(1_000_000_016_000_000_063)))
        try solver.add(try z3.compare(.greater, x, try z3.int(1)))
        try solver.add(try z3.compare(.greater, y, try z3.int(1)))
        guard case let .unknown(reason) = try solver.check() else {
            Issue.record("expected unknown")
            return
        }
        #expect(!reason.isEmpty)
        // The interrupt does not leak into the next check.
        let easy = try Solver(z3)
        try easy.add(try z3.compare(.greater, x, try z3.int(1)))
        #expect(try easy.check() == .satisfiable)
    }

    @Test("an interrupted context answers unknown from then on")
    func interrupted() throws {
        let z3 = try Context()
        let solver = try Solver(z3)
        try solver.add(try z3.variable("p", try z3.boolSort()))
        z3.interrupt()
        #expect(try solver.check() == .unknown("interrupted"))
    }
}
