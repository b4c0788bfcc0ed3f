import Foundation
import Testing

/// End-to-end: the built `quorum` executable on spec files, checking exit codes and output.
@Suite("quorum CLI", .serialized)
struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// A cache shared by the tests of one run, so each spec compiles once.
    static let cache = FileManager.default.temporaryDirectory.appendingPathComponent("quorum-cli-tests-\(ProcessInfo.processInfo.processIdentifier)")

    static var binary: URL {
        if let explicit = ProcessInfo.processInfo.environment["QUORUM_BINARY"] { return URL(fileURLWithPath: explicit) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("quorum")
    }

    func quorum(_ arguments: String...) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        var environment = ProcessInfo.processInfo.environment
        environment["QUORUM_CACHE"] = Self.cache.path
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The start of the statistics line of `quorum check Specs/Raft.swift --param servers=2`
    /// (both declared reductions; Z3's time follows), and how it goes on.
    static let raftTwoServers = "531 distinct states (up to renaming s; irrelevant entries of votesResponded, votesGranted, nextIndex, matchIndex ignored, as Z3 confirmed in "
    static let raftTwoServersRest = "), 4388 generated, depth 21"

    /// Whether a report has that statistics line, Z3's confirmation made in this run or
    /// remembered from an earlier one (the tests of a run share a cache).
    static func hasRaftTwoServersLine(_ report: String) -> Bool {
        report.contains(raftTwoServers) && (report.contains(" s" + raftTwoServersRest) || report.contains(" s in an earlier run" + raftTwoServersRest))
    }

    /// Writes a spec file outside the package and returns its path.
    func specFile(_ name: String, _ source: String) throws -> String {
        let directory = Self.cache.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try source.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test("a correct spec: every property holds, exit 0")
    func holds() throws {
        let run = try quorum("check", "Specs/TwoPhaseCommit.swift")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("Checking TwoPhaseCommit (resourceManagers=3) with the explicit engine\n"))
        #expect(run.stdout.contains("  ✓ \"consistency\"                            holds\n"))
        #expect(run.stdout.contains("288 distinct states, 1146 generated, depth 11, "))
        #expect(run.stdout.hasSuffix("Verdict: every property holds within the spec's bounds.\n"))
    }

    @Test("a buggy spec: the shortest trace, only what changed, exit 1")
    func violated() throws {
        let run = try quorum("check", "Specs/TwoPhaseCommitEarlyCommit.swift")
        #expect(run.status == 1)
        let expected = """
            Shortest trace violating "consistency" (5 steps):
              initial state
                  rmState    = [rm1: working, rm2: working, rm3: working]
                  tmState    = init
                  tmPrepared = {}
                  msgs       = {}
              1. RMPrepare(rm: rm1)
                  rmState[rm1]  working → prepared
                  msgs          + Prepared(rm: rm1)
              2. TMRcvPrepared(rm: rm1)
                  tmPrepared  + rm1
              3. TMCommit()
                  tmState  init → committed
                  msgs     + Commit
              4. RMChooseToAbort(rm: rm2)
                  rmState[rm2]  working → aborted
              5. RMRcvCommitMsg(rm: rm1)
                  rmState[rm1]  prepared → committed
              "consistency" fails in the last state.

            """
        #expect(run.stdout.contains(expected))
        #expect(run.stdout.hasSuffix("Verdict: VIOLATED.\n"))
    }

    @Test("a bug variant built on Raft.swift (quorum:include): the seed's naive replication, 16 steps, exit 1")
    func raftVariant() throws {
        let run = try quorum("check", "Specs/RaftNaiveReplication.swift", "--param", "servers=2", "--symmetry")
        #expect(run.status == 1)
        #expect(run.stdout.contains("✗ \"log matching\"           violated (shortest trace: 16 steps)"))
        #expect(run.stdout.contains("634 distinct states (up to renaming s, v; irrelevant entries of votesResponded, votesGranted, nextIndex, matchIndex ignored, as Z3 confirmed in "))
        #expect(run.stdout.hasSuffix("Verdict: VIOLATED.\n"))
    }

    @Test("Raft declares its servers symmetric and stale entries irrelevant: both reductions by default, each turned off by its flag")
    func declaredReductions() throws {
        let reduced = try quorum("check", "Specs/Raft.swift", "--param", "servers=2")
        #expect(reduced.status == 0)
        #expect(Self.hasRaftTwoServersLine(reduced.stdout))
        let renamed = try quorum("check", "Specs/Raft.swift", "--param", "servers=2", "--no-irrelevance")
        #expect(renamed.status == 0)
        #expect(renamed.stdout.contains("831 distinct states (up to renaming s), 6475 generated, depth 28"))
        let plain = try quorum("check", "Specs/Raft.swift", "--param", "servers=2", "--no-symmetry", "--no-irrelevance")
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("1645 distinct states, 12861 generated, depth 28"))
    }

    @Test("an irrelevance declaration that a step contradicts is rejected at its line, with the two states and the step, exit 2")
    func badIrrelevance() throws {
        let path = try specFile("Stale.swift", """
            import Quorum
            struct Stale: Specification {
                var spec: Spec {
                    let node = Sort.nodes("n", count: 2)
                    let busy = variable("busy", .function(node, Sort.bool))
                    let scratch = variable("scratch", .function(node, .range(0...1)))
                    return Spec("Stale", variables: [busy, scratch]) {
                        Irrelevant(scratch) { i in !busy[i] }
                        Initial {
                            busy <- function(node) { _ in false }
                            scratch <- function(node) { _ in 0 }
                        }
                        Action("Start", over: node.named("i")) { i in
                            Require(!busy[i] && scratch[i] == 0)
                            busy[i] <- true
                        }
                        Action("Scribble", over: node.named("i")) { i in
                            Require(busy[i])
                            scratch[i] <- 1
                            busy[i] <- false
                        }
                    }
                }
            }
            """)
        let run = try quorum("check", path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("Stale.swift:8: error: in irrelevance of 'scratch': the declaration does not hold: from two states equal outside irrelevant entries, action Start tells them apart: it is enabled in one of them only\n  busy: "))
        // What differs, and what the condition reads (busy is the same in both).
        #expect(run.stderr.contains("\n  scratch: "))
        #expect(run.stderr.contains("  step: Start(i = n"))
        let unchecked = try quorum("check", path, "--no-irrelevance")
        #expect(unchecked.status == 0)
        // Per node: idle with scratch 0, busy, idle with scratch 1.
        #expect(unchecked.stdout.contains("9 distinct states, "))
    }

    /// A spec of nodes that scribble on a scratch value nothing reads while they are idle,
    /// declared irrelevant there (Z3 confirms it unless `properties` read it): 2 states
    /// per node with the reduction.
    static func scratchSource(_ name: String, nodes: Int, properties: String = "") -> String {
        """
        import Quorum
        struct \(name): Specification {
            var spec: Spec {
                let node = Sort.nodes("n", count: \(nodes))
                let busy = variable("busy", .function(node, Sort.bool))
                let scratch = variable("scratch", .function(node, .range(0...1)))
                return Spec("\(name)", variables: [busy, scratch]) {
                    Irrelevant(scratch) { i in !busy[i] }
                    Initial {
                        busy <- function(node) { _ in false }
                        scratch <- function(node) { _ in 0 }
                    }
                    Action("Start", over: node.named("i")) { i in
                        Require(!busy[i])
                        busy[i] <- true
                        scratch[i] <- 0
                    }
                    Action("Scribble", over: node.named("i")) { i in
                        Require(busy[i])
                        scratch[i] <- 1
                        busy[i] <- false
                    }
                    \(properties)
                }
            }
        }
        """
    }

    @Test("Z3's confirmation of irrelevance is remembered for the same spec and asked again for a changed one")
    func rememberedConfirmation() throws {
        // A test run's cache starts empty, but a reused process id could find an old one.
        try? FileManager.default.removeItem(at: Self.cache.appendingPathComponent("confirmed"))
        // Per node, idle with scratch 0 or 1 is one state when scratch is irrelevant: 2 per node.
        let path = try specFile("Scratch.swift", Self.scratchSource("Scratch", nodes: 2))
        let first = try quorum("check", path)
        #expect(first.status == 0)
        #expect(first.stdout.contains("4 distinct states (irrelevant entries of scratch ignored, as Z3 confirmed in "))
        #expect(!first.stdout.contains("earlier run"))
        let again = try quorum("check", path)
        #expect(again.status == 0)
        #expect(again.stdout.contains(" s in an earlier run), "))
        #expect(again.stdout.contains("4 distinct states (irrelevant entries of scratch ignored, as Z3 confirmed in "))
        let json = try quorum("check", path, "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let statistics = try #require(object["statistics"] as? [String: Any])
        #expect(statistics["irrelevanceCheckCached"] as? Bool == true)
        #expect(statistics["distinctStates"] as? Int == 4)
        // Three nodes make another spec: Z3 is asked again.
        let changed = try quorum("check", try specFile("Scratch.swift", Self.scratchSource("Scratch", nodes: 3)))
        #expect(changed.status == 0)
        #expect(changed.stdout.contains("8 distinct states (irrelevant entries of scratch ignored, as Z3 confirmed in "))
        #expect(!changed.stdout.contains("earlier run"))
    }

    @Test("a confirmation made without the auxiliary invariants is not taken for the spec with them")
    func rememberedOnlyForTheSameProperties() throws {
        let clean = """
            Always("an idle node's scratch is clean", auxiliary: true) {
                forAll(node.named("i")) { i in busy[i] || scratch[i] == 0 }
            }
            """
        let path = try specFile("Noted.swift", Self.scratchSource("Noted", nodes: 2, properties: clean))
        let main = try quorum("check", path, "--no-auxiliary")
        #expect(main.status == 0)
        #expect(main.stdout.contains("4 distinct states (irrelevant entries of scratch ignored, as Z3 confirmed in "))
        // The auxiliary invariant reads an idle node's scratch: the declaration is refuted,
        // whatever was remembered of the spec without it.
        let all = try quorum("check", path)
        #expect(all.status == 2)
        #expect(all.stderr.contains("error: in irrelevance of 'scratch': the declaration does not hold: "))
        // The search, beside Z3, finds that invariant violated first; the refutation decides.
        #expect(!all.stdout.contains("violated"))
    }

    @Test("declarations Z3 cannot check are not used: a note, and the states counted without them")
    func uncheckedDeclarations() throws {
        // A busy node may set its scratch to 1 again, through a loop over computed integers,
        // which the symbolic engine cannot order. With the declaration, 3 states per node
        // (idle, busy with 0, busy with 1); without it, 4.
        let again = """
            Action("Again", over: node.named("i")) { i in
                Require(busy[i])
                ForEach(Term(.map("k", Sort.range(0...0).members.expr, (Term(.bound("k")) + 1).expr))) { k in
                    scratch[i] <- k
                }
            }
            """
        let path = try specFile("Unchecked.swift", Self.scratchSource("Unchecked", nodes: 2, properties: again))
        let run = try quorum("check", path)
        #expect(run.status == 0)
        #expect(run.stderr.contains("note: the irrelevance declarations are not used: Z3 cannot check them ("))
        #expect(run.stdout.contains("\n16 distinct states, "))
        #expect(!run.stdout.contains("irrelevant entries"))
        let unreduced = try quorum("check", path, "--no-irrelevance")
        #expect(unreduced.stdout.contains("\n16 distinct states, "))
    }

    @Test("--no-auxiliary leaves the proof's auxiliary invariants out of a check; the states are the same")
    func noAuxiliary() throws {
        let all = try quorum("check", "Specs/Raft.swift", "--param", "servers=2")
        let main = try quorum("check", "Specs/Raft.swift", "--param", "servers=2", "--no-auxiliary")
        #expect(all.status == 0 && main.status == 0)
        #expect(Self.hasRaftTwoServersLine(all.stdout))
        #expect(all.stdout.contains("\"a leader is its term's recorded leader\""))
        #expect(!main.stdout.contains("\"a leader is its term's recorded leader\""))
        #expect(main.stdout.contains("\"state machine safety\""))
        #expect(main.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("  ✓ ") }.count == 7)
        #expect(Self.hasRaftTwoServersLine(main.stdout))
    }

    @Test("bmc breaks a declared symmetry and says so; --no-symmetry asks for every path; the same shortest trace")
    func boundedSymmetry() throws {
        let broken = try quorum("check", "Specs/RaftHalfVotes.swift", "--param", "servers=2", "--engine", "bmc", "--depth", "10")
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("✗ \"election safety\"        violated (shortest trace: 10 steps)"))
        #expect(broken.stdout.contains("Searched paths of up to 10 steps (up to renaming s), "))
        let every = try quorum("check", "Specs/RaftHalfVotes.swift", "--param", "servers=2", "--engine", "bmc", "--depth", "10",
                               "--no-symmetry")
        #expect(every.status == 1)
        #expect(every.stdout.contains("✗ \"election safety\"        violated (shortest trace: 10 steps)"))
        #expect(every.stdout.contains("Searched paths of up to 10 steps, "))
    }

    @Test("a symmetry declaration over a sort the spec singles out is rejected at its line, exit 2")
    func badSymmetry() throws {
        let path = try specFile("Singled.swift", """
            import Quorum
            struct Singled: Specification {
                var spec: Spec {
                    let node = Sort.nodes("n", count: 2)
                    let leader = variable("leader", node)
                    return Spec("Singled", variables: [leader]) {
                        Symmetric(node)
                        Initial { leader <- node.id(0) }
                    }
                }
            }
            """)
        let run = try quorum("check", path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("Singled.swift:7: error: in symmetry: node sort n is declared symmetric, but no variable holds its nodes, or the spec names one by a constant, or a ForEach visits them in order"))
    }

    @Test("a Byzantine bug: PBFT on three replicas, the attacker's equivocation in the trace, 6 steps, exit 1")
    func pbftVariant() throws {
        let run = try quorum("check", "Specs/PBFTTooFewReplicas.swift")
        #expect(run.status == 1)
        #expect(run.stdout.contains("✗ \"prepared-value uniqueness\"      violated (shortest trace: 6 steps)"))
        #expect(run.stdout.contains("  1. byzantine.prePrepare(node: r1, view: 0, seq: 1, request: a)\n"))
        #expect(run.stdout.contains("  2. byzantine.prePrepare(node: r1, view: 0, seq: 1, request: b)\n"))
        #expect(run.stdout.contains("13637 distinct states"))
        #expect(run.stdout.hasSuffix("Verdict: VIOLATED.\n"))
    }

    @Test("a Byzantine replica that does not exist: the fault model's declaration and line, exit 2")
    func byzantineOutOfRange() throws {
        let run = try quorum("check", "Specs/PBFT.swift", "--param", "byzantine=5")
        #expect(run.status == 2)
        #expect(run.stderr.contains("PBFT.swift:"))
        #expect(run.stderr.contains("error: in initial state: Byzantine identities [5] must be distinct and in 0..<4"))
        #expect(run.stdout.isEmpty)
    }

    @Test("an include naming no file: the spec's file and line, exit 2")
    func missingInclude() throws {
        let path = try specFile("Dangling.swift", """
            import Quorum
            // quorum:include NoSuchFile.swift
            struct Dangling: Specification { var spec: Spec { fatalError() } }
            """)
        let run = try quorum("check", path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("Dangling.swift:2: quorum:include names no readable file"))
    }

    @Test("JSON output follows the documented schema")
    func json() throws {
        let run = try quorum("check", "Specs/TwoPhaseCommitEarlyCommit.swift", "--format", "json")
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "quorum-check/1")
        #expect(object["verdict"] as? String == "violated")
        #expect(object["exitCode"] as? Int == 1)
        let properties = try #require(object["properties"] as? [[String: Any]])
        let consistency = try #require(properties.first { $0["name"] as? String == "consistency" })
        #expect(consistency["status"] as? String == "violated")
        let trace = try #require(consistency["trace"] as? [String: Any])
        #expect(trace["length"] as? Int == 5)
        let steps = try #require(trace["steps"] as? [[String: Any]])
        #expect(steps[0]["action"] as? String == "RMPrepare")
        #expect((steps[0]["arguments"] as? [String: Any])?["rm"] as? String == "rm1")
        #expect(steps[0]["changed"] as? [String] == ["rmState", "msgs"])
        let statistics = try #require(object["statistics"] as? [String: Any])
        #expect(statistics["upToRenaming"] is NSNull && statistics["irrelevant"] is NSNull)
        #expect(statistics["irrelevanceCheckSeconds"] is NSNull && statistics["irrelevanceCheckCached"] is NSNull)
    }

    @Test("JSON statistics say which reductions a count is up to")
    func jsonReductions() throws {
        let run = try quorum("check", "Specs/Raft.swift", "--param", "servers=2", "--format", "json")
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let statistics = try #require(object["statistics"] as? [String: Any])
        #expect(statistics["distinctStates"] as? Int == 531)
        #expect(statistics["upToRenaming"] as? [String] == ["s"])
        #expect(statistics["irrelevant"] as? [String] == ["votesResponded", "votesGranted", "nextIndex", "matchIndex"])
        #expect((statistics["irrelevanceCheckSeconds"] as? Double ?? 0) > 0)
        #expect(statistics["irrelevanceCheckCached"] is Bool)
    }

    @Test("a limit makes the run incomplete, exit 3, never a pass")
    func incomplete() throws {
        let run = try quorum("check", "Specs/Paxos.swift", "--max-states", "100")
        #expect(run.status == 3)
        #expect(run.stdout.contains("? \"agreement\"                               not violated (incomplete)"))
        #expect(run.stdout.contains("Verdict: INCOMPLETE: the run stopped at the max-states limit"))
    }

    @Test("parameters from the command line: the TLC figures for 1 acceptor and 1 value")
    func parameters() throws {
        let run = try quorum("check", "Specs/Paxos.swift", "--param", "acceptors=1", "--param", "values=1")
        #expect(run.status == 0)
        #expect(run.stdout.contains("25 distinct states, 82 generated, depth 9, "))
    }

    @Test("a missing file is a usage error, exit 2")
    func missingFile() throws {
        let run = try quorum("check", "Specs/NoSuchSpec.swift")
        #expect(run.status == 2)
        #expect(run.stderr.contains("error: no such spec file: Specs/NoSuchSpec.swift"))
    }

    @Test("a malformed parameter and a folder are usage errors, exit 2")
    func malformedArguments() throws {
        let parameter = try quorum("check", "Specs/Paxos.swift", "--param", "acceptors")
        #expect(parameter.status == 2)
        #expect(parameter.stderr.contains("--param acceptors: expected name=value with an integer value"))
        let folder = try quorum("check", "Specs")
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("error: Specs is a folder; check takes one spec file"))
    }

    @Test("an unknown option is a usage error, exit 2")
    func unknownOption() throws {
        let run = try quorum("check", "Specs/Paxos.swift", "--bogus")
        #expect(run.status == 2)
        #expect(run.stderr.contains("Unknown option '--bogus'"))
    }

    @Test("an unknown parameter names the spec and lists the known ones, exit 2")
    func unknownParameter() throws {
        let run = try quorum("check", "Specs/Paxos.swift", "--param", "servers=5")
        #expect(run.status == 2)
        #expect(run.stderr.contains("Specs/Paxos.swift:"))
        #expect(run.stderr.contains("unknown parameter 'servers' (parameters: acceptors, values, maxBallot)"))
    }

    @Test("with --format json, errors come as JSON too")
    func jsonErrors() throws {
        let run = try quorum("check", "Specs/TwoPhaseCommit.swift", "--param", "resourceManagers=99", "--format", "json")
        #expect(run.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "error")
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.first?["file"] as? String == "Specs/TwoPhaseCommit.swift")
        #expect(errors.first?["line"] as? Int == 42)
        #expect(errors.first?["message"] as? String == "value 99 is outside 1...8")
    }

    @Test("a parameter outside its range names its declaration, exit 2")
    func parameterOutOfRange() throws {
        let run = try quorum("check", "Specs/TwoPhaseCommit.swift", "--param", "resourceManagers=99")
        #expect(run.status == 2)
        #expect(run.stderr.contains("Specs/TwoPhaseCommit.swift:42: error: in parameter resourceManagers: value 99 is outside 1...8"))
    }

    @Test("a spec file that does not compile shows the compiler's error at its line, exit 2")
    func compileError() throws {
        let path = try specFile("Broken.swift", """
            import Quorum
            struct Broken: Specification {
                var spec: Spec { undefinedThing }
            }
            """)
        let run = try quorum("check", path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("Broken.swift:3:22: error: cannot find 'undefinedThing' in scope"))
        #expect(run.stderr.contains("could not compile"))
    }

    @Test("a value outside its sort during evaluation names the file, the line and the action, exit 2")
    func valueOutOfRange() throws {
        let path = try specFile("Overflow.swift", """
            import Quorum
            struct Overflow: Specification {
                var spec: Spec {
                    let x = variable("x", .range(0...2))
                    return Spec("Overflow", variables: [x]) {
                        Initial { x <- 0 }
                        Action("increment") {
                            x <- x + 1
                        }
                    }
                }
            }
            """)
        let run = try quorum("check", path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("Overflow.swift:8: error: in action increment: value 3 assigned to x is outside its sort 0...2"))
    }

    @Test("a spec with no initial state is an error, exit 2")
    func noInitialState() throws {
        let path = try specFile("Empty.swift", """
            import Quorum
            struct Empty: Specification {
                var spec: Spec {
                    let x = variable("x", Sort.bool)
                    return Spec("Empty", variables: [x]) {
                        Initial {
                            Require(false)
                            x <- true
                        }
                    }
                }
            }
            """)
        let run = try quorum("check", path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("Empty.swift:6: error: in initial state: the spec has no initial state"))
    }

    @Test("a sort error found by validation, exit 2")
    func sortError() throws {
        let path = try specFile("Mistyped.swift", """
            import Quorum
            struct Mistyped: Specification {
                var spec: Spec {
                    let x = variable("x", .range(0...2))
                    return Spec("Mistyped", variables: [x]) {
                        Initial { x <- 0 }
                        Action("set") {
                            x <- "high"
                        }
                    }
                }
            }
            """)
        let run = try quorum("check", path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("Mistyped.swift:8: error: in action set: cannot tell which enumeration 'high' belongs to (expected 0...2)"))
    }

    @Test("list shows each spec's parameters, reductions and properties")
    func list() throws {
        let run = try quorum("list", "Specs")
        #expect(run.status == 0)
        #expect(run.stdout.contains("""
            Specs/TwoPhaseCommit.swift
              TwoPhaseCommit
                parameter  resourceManagers = 3  (1...8)  number of resource managers
                always     "type correctness"
                always     "consistency"
                auxiliary  "prepared only after working"
                auxiliary  "manager records only sent messages"
                auxiliary  "decision messages follow the manager"
                auxiliary  "commit only when all prepared"
                auxiliary  "committed only on the decision"
                auxiliary  "a prepared abort follows the decision"
                sometimes  "commit reachable"
                sometimes  "abort reachable"
            """))
        // Raft's declared reductions, which a check applies unless told not to.
        #expect(run.stdout.contains("    symmetric  s\n    irrelevant votesResponded  (declared at line "))
        #expect(run.stdout.contains("    irrelevant matchIndex  (declared at line "))
    }

    // MARK: - Symbolic engine

    @Test("bmc: the shortest violation, in the explicit engine's trace format, exit 1")
    func boundedViolation() throws {
        let run = try quorum("check", "Specs/TwoPhaseCommitEarlyCommit.swift", "--engine", "bmc", "--depth", "8")
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("Checking TwoPhaseCommitEarlyCommit (resourceManagers=3) with the bmc engine (bounded model checking with Z3, paths of up to 5 steps)\n"))
        #expect(run.stdout.contains("Shortest trace violating \"consistency\" (5 steps):\n  initial state\n      rmState    = [rm1: working, rm2: working, rm3: working]\n"))
        #expect(run.stdout.contains("  3. TMCommit()\n      tmState  init → committed\n      msgs     + Commit\n"))
        #expect(run.stdout.contains("  \"consistency\" fails in the last state.\n"))
        #expect(run.stdout.hasSuffix("Verdict: VIOLATED.\n"))
    }

    @Test("bmc: no violation within the depth is incomplete, exit 3, never a pass")
    func boundedNoViolation() throws {
        let run = try quorum("check", "Specs/TwoPhaseCommit.swift", "--engine", "bmc", "--depth", "5")
        #expect(run.status == 3)
        #expect(run.stdout.contains("? \"consistency\"                            no violation within 5 steps\n"))
        #expect(run.stdout.contains("✓ \"abort reachable\"                        witness found (after 1 step)\n"))
        #expect(run.stdout.contains("Checked every path of up to 5 steps, "))
        #expect(run.stdout.hasSuffix("Verdict: NO VIOLATION within 5 steps. Bounded: longer paths were not checked, so nothing is claimed about them.\n"))
    }

    @Test("bmc in JSON: the bound and the same trace schema")
    func boundedJSON() throws {
        let run = try quorum("check", "Specs/PaxosVoteBelowPromise.swift", "--engine", "bmc", "--depth", "12", "--format", "json")
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["engine"] as? String == "bmc")
        #expect(object["bound"] as? Int == 12)
        let properties = try #require(object["properties"] as? [[String: Any]])
        let agreement = try #require(properties.first { $0["name"] as? String == "agreement" })
        #expect((agreement["trace"] as? [String: Any])?["length"] as? Int == 12)
    }

    @Test("both engines: findings compared property by property")
    func bothEngines() throws {
        let run = try quorum("check", "Specs/TwoPhaseCommitEarlyCommit.swift", "--engine", "both", "--depth", "11")
        #expect(run.status == 1)
        #expect(run.stdout.contains("Cross-check: the explicit engine and bounded model checking (Z3), paths of up to 11 steps\n"))
        #expect(run.stdout.contains("  = \"consistency\"       violated after 5 steps\n"))
        #expect(run.stdout.contains("  = \"abort reachable\"   witness after 1 step\n"))
        #expect(run.stdout.contains("Engines agree on every property.\n"))
        let json = try quorum("check", "Specs/TwoPhaseCommit.swift", "--engine", "both", "--depth", "4", "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "quorum-cross-check/1")
        #expect(object["agree"] as? Bool == true)
        #expect(json.status == 3)
    }

    @Test("bmc: a timeout is incomplete, exit 3, never a pass")
    func boundedTimeout() throws {
        let run = try quorum("check", "Specs/Paxos.swift", "--param", "values=3", "--param", "maxBallot=2",
                             "--engine", "bmc", "--depth", "40", "--timeout", "2s")
        #expect(run.status == 3)
        #expect(run.stdout.contains("Verdict: INCOMPLETE: the run stopped at the timeout limit"))
        #expect(!run.stdout.contains("✓ \"agreement\""))
    }

    @Test("options the symbolic engine cannot honour are refused, exit 2")
    func boundedOptions() throws {
        let run = try quorum("check", "Specs/TwoPhaseCommit.swift", "--engine", "bmc", "--max-depth", "3")
        #expect(run.status == 2)
        #expect(run.stderr.contains("--engine bmc checks paths of up to --depth steps; use --depth, not --max-depth"))
        let states = try quorum("check", "Specs/TwoPhaseCommit.swift", "--engine", "bmc", "--max-states", "3")
        #expect(states.status == 2)
    }

    @Test("bmc finds the same shortest deadlock as the explicit engine")
    func boundedDeadlock() throws {
        let path = try specFile("Countdown.swift", """
            import Quorum
            struct Countdown: Specification {
                var spec: Spec {
                    let x = variable("x", .range(0...3))
                    return Spec("Countdown", variables: [x]) {
                        Initial { x <- 3 }
                        Action("tick") {
                            Require(x > 0)
                            x <- x - 1
                        }
                        Always("non-negative") { x >= 0 }
                    }
                }
            }
            """)
        let run = try quorum("check", path, "--engine", "both", "--depth", "5", "--deadlock")
        #expect(run.status == 1)
        #expect(run.stdout.contains("  = deadlock        deadlock after 3 steps\n"))
        #expect(run.stdout.contains("Engines agree on every property.\n"))
        let bounded = try quorum("check", path, "--engine", "bmc", "--depth", "5", "--deadlock")
        #expect(bounded.status == 1)
        #expect(bounded.stdout.contains("Shortest trace to a deadlock (3 steps):"))
    }

    @Test("prove: two-phase commit's invariants are inductive, exit 0")
    func proveTwoPhaseCommit() throws {
        let run = try quorum("prove", "Specs/TwoPhaseCommit.swift")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("Proving TwoPhaseCommit (resourceManagers=3) by induction with Z3\n"))
        #expect(run.stdout.contains("  ✓ consecution: RMChooseToAbort  proven ("))
        #expect(run.stdout.hasSuffix("Verdict: PROVEN. In this instance (resourceManagers=3) the invariants hold in every reachable state, at every depth. Other parameter values are not covered.\n"))
    }

    @Test("prove: without its auxiliary invariants Paxos agreement is not inductive; the counterexample is shown, exit 1")
    func proveTooWeak() throws {
        let run = try quorum("prove", "Specs/Paxos.swift", "--no-auxiliary")
        #expect(run.status == 1)
        #expect(run.stdout.contains("  auxiliary:") == false)
        #expect(run.stdout.contains("Counterexample to induction: one step of "))
        #expect(run.stdout.contains("The state before satisfies every invariant listed above but need not be reachable.\n"))
        #expect(run.stdout.contains("  \"agreement\" fails in the last state.\n"))
        #expect(run.stdout.contains("Verdict: NOT INDUCTIVE."))
        let json = try quorum("prove", "Specs/Paxos.swift", "--no-auxiliary", "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "quorum-prove/1")
        #expect(object["verdict"] as? String == "not inductive")
        #expect((object["counterexample"] as? [String: Any])?["kind"] as? String == "consecution")
    }

    @Test("prove: an unknown invariant is an error naming the invariants, exit 2")
    func proveUnknownInvariant() throws {
        let run = try quorum("prove", "Specs/TwoPhaseCommit.swift", "--invariant", "safety")
        #expect(run.status == 2)
        #expect(run.stderr.contains("TwoPhaseCommit has no invariant named \"safety\""))
    }
}
