import Foundation
import ExplicitEngine
import SpecIR

/// Compiles a spec file into a program that prints its specs' IR, and caches it.
///
/// As SwiftPM does with Package.swift: the user's file is compiled together with a
/// generated `main.swift` against the Quorum library that sits next to this
/// executable. The program is cached under a key made of the spec source, its
/// path, the library and the compiler, so an unchanged spec starts at once.
struct SpecCompiler {
    let libraryDirectory: URL
    let swiftc: URL
    let cacheDirectory: URL

    /// Finds the library next to the running executable, the compiler and the cache.
    static func locate() throws(CLIError) -> SpecCompiler {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let selfPath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .map { URL(fileURLWithPath: $0) } ?? executable
        let directory = selfPath.deletingLastPathComponent()
        let module = directory.appendingPathComponent("Modules/Quorum.swiftmodule")
        let library = directory.appendingPathComponent("libQuorum.so")
        guard FileManager.default.fileExists(atPath: module.path), FileManager.default.fileExists(atPath: library.path) else {
            throw CLIError.usage("the Quorum library is not built next to \(selfPath.path) (expected \(library.lastPathComponent) and Modules/Quorum.swiftmodule); build with `swift build`")
        }
        guard let swiftc = findCompiler() else {
            throw CLIError.usage("no Swift compiler found: put swiftc on PATH or set QUORUM_SWIFTC")
        }
        return SpecCompiler(libraryDirectory: directory, swiftc: swiftc, cacheDirectory: cacheDirectory())
    }

    /// Where compiled specs (and confirmations, `ConfirmationCache`) are kept:
    /// `$QUORUM_CACHE`, else `$XDG_CACHE_HOME/quorum`, else `~/.cache/quorum`.
    static func cacheDirectory() -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["QUORUM_CACHE"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("quorum")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/quorum")
    }

    static func findCompiler() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["QUORUM_SWIFTC"], !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("swiftc")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// The names of the types in a spec source that conform to `Specification`.
    static func specificationTypes(in source: String) -> [String] {
        let uncommented = source
            .replacingOccurrences(of: #"/\*[\s\S]*?\*/"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"//[^\n]*"#, with: "", options: .regularExpression)
        let pattern = try! NSRegularExpression(pattern: #"\b(?:struct|class|enum)\s+(\w+)\s*:\s*([^{]*)\{"#)
        let range = NSRange(uncommented.startIndex..., in: uncommented)
        return pattern.matches(in: uncommented, range: range).compactMap { match in
            guard let name = Range(match.range(at: 1), in: uncommented),
                  let conformances = Range(match.range(at: 2), in: uncommented) else { return nil }
            let list = uncommented[conformances].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            return list.contains("Specification") || list.contains("Quorum.Specification") ? String(uncommented[name]) : nil
        }
    }

    /// The files a spec source names with `// quorum:include <path>` lines (relative to the
    /// spec's folder): compiled along with it, so variants of a spec (its classic bugs) can
    /// build on the spec's model instead of copying it. Their own specs are not offered.
    static func includes(in source: String, of file: URL) throws(CLIError) -> [URL] {
        var result: [URL] = []
        for (number, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("// quorum:include") else { continue }
            let path = trimmed.dropFirst("// quorum:include".count).trimmingCharacters(in: .whitespaces)
            let included = URL(fileURLWithPath: path, relativeTo: file.deletingLastPathComponent()).standardizedFileURL
            guard !path.isEmpty, FileManager.default.isReadableFile(atPath: included.path) else {
                throw CLIError.spec("\(file.relativePath):\(number + 1): quorum:include names no readable file (\(path.isEmpty ? "no path given" : included.path))")
            }
            if !result.contains(included) { result.append(included) }
        }
        return result
    }

    /// The cached program for a spec file, compiling it first if needed.
    func program(for file: URL) throws(CLIError) -> URL {
        let source: String
        do { source = try String(contentsOf: file, encoding: .utf8) } catch {
            throw CLIError.usage("cannot read spec file \(file.relativePath): no such file or not readable")
        }
        let types = Self.specificationTypes(in: source)
        guard !types.isEmpty else {
            throw CLIError.spec("\(file.relativePath): no type conforming to Specification (declare `struct Name: Specification { … }`)")
        }
        let main = "import Quorum\nSpecHost.main([\(types.map { "\($0).self" }.joined(separator: ", "))])\n"
        let included = try Self.includes(in: source, of: file)
        var sources = source
        for url in included {
            sources += "\u{0}" + url.path + "\u{0}" + ((try? String(contentsOf: url, encoding: .utf8)) ?? "")
        }
        let key = cacheKey(source: sources, path: file.path, main: main)
        let entry = cacheDirectory.appendingPathComponent(key)
        let program = entry.appendingPathComponent("spec")
        if FileManager.default.isExecutableFile(atPath: program.path) { return program }

        let work = cacheDirectory.appendingPathComponent("tmp-\(ProcessInfo.processInfo.processIdentifier)-\(key)")
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            try main.write(to: work.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
        } catch {
            throw CLIError.usage("cannot write to the cache directory \(cacheDirectory.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: work) }
        let output = work.appendingPathComponent("spec")
        let arguments = [
            "-Onone", "-module-name", "QuorumUserSpec",
            "-I", libraryDirectory.appendingPathComponent("Modules").path,
            "-L", libraryDirectory.path, "-lQuorum",
            "-Xlinker", "-rpath", "-Xlinker", libraryDirectory.path,
            file.path, work.appendingPathComponent("main.swift").path,
        ] + included.map(\.path) + [
            "-o", output.path,
        ]
        let status = run(swiftc, arguments)
        guard status == 0 else {
            throw CLIError.spec("could not compile \(file.relativePath) (the compiler's errors are above)")
        }
        do {
            try FileManager.default.createDirectory(at: entry, withIntermediateDirectories: true)
            // Rename is atomic: a concurrent run sees either no program or a whole one.
            if FileManager.default.fileExists(atPath: program.path) { return program }
            try FileManager.default.moveItem(at: output, to: program)
        } catch {
            if FileManager.default.isExecutableFile(atPath: program.path) { return program }
            throw CLIError.usage("cannot store the compiled spec in \(entry.path): \(error.localizedDescription)")
        }
        return program
    }

    /// A key over everything the compiled program depends on.
    func cacheKey(source: String, path: String, main: String) -> String {
        var parts: [UInt8] = Array(source.utf8) + [0] + Array(path.utf8) + [0] + Array(main.utf8) + [0]
        for file in [libraryDirectory.appendingPathComponent("libQuorum.so"),
                     libraryDirectory.appendingPathComponent("Modules/Quorum.swiftmodule"), swiftc.resolvingSymlinksInPath()] {
            parts += Self.identity(of: file) + [0]
        }
        return Self.digest(parts)
    }

    /// What tells two builds of a file apart: its path, size and modification time.
    static func identity(of file: URL) -> [UInt8] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return Array("\(file.path)|\(size)|\(modified)".utf8)
    }

    /// A digest of bytes, in hex: two 64-bit fingerprints whose chains start apart (the
    /// second also hashes one more word), for file names; the confirmation cache also
    /// compares what it stored.
    static func digest(_ bytes: [UInt8]) -> String {
        var parts = bytes + [1]
        while parts.count % 8 != 0 { parts.append(0) }
        let words = parts.withUnsafeBytes { raw in Array(raw.bindMemory(to: UInt64.self)) }
        let first = words.withUnsafeBufferPointer { Fingerprint.of($0.baseAddress!, count: $0.count) }
        let second = (words + [0x5157_4f52_554d]).withUnsafeBufferPointer { Fingerprint.of($0.baseAddress!, count: $0.count) }
        return String(format: "%016llx%016llx", first, second)
    }

    /// Runs a program with inherited output; returns its exit status.
    func run(_ executable: URL, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs a compiled spec program and decodes the specs it prints.
    func catalog(_ program: URL, arguments: [String]) throws(CLIError) -> SpecCatalog {
        let process = Process()
        process.executableURL = program
        process.arguments = ["build"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            throw CLIError.spec("cannot run the compiled spec \(program.path): \(error.localizedDescription)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLIError.spec("the spec program crashed while building the spec (exit status \(process.terminationStatus)); the messages above say where")
        }
        do { return try JSONDecoder().decode(SpecCatalog.self, from: data) } catch {
            throw CLIError.spec("the spec program printed no readable spec: \(error)")
        }
    }
}
