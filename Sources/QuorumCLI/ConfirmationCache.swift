import Foundation
import SpecIR
import SymbolicEngine
#if canImport(Glibc)
import Glibc
#endif

/// Remembers that Z3 confirmed a spec's irrelevance declarations, so that checking the
/// same spec again does not ask again.
///
/// The confirmation is a proof about the spec's IR, which the spec file and its
/// parameters fix, made by this checker with this Z3, so all three make up the entry: the
/// IR as canonical JSON (sorted keys, source locations included), stored whole and
/// compared byte for byte, and the identity of the running executable (device, inode,
/// size and modification time, which holds the symbolic engine) with Z3's version, in
/// the file name's digest and stored too. A changed spec, other parameters,
/// `--no-auxiliary`, a rebuilt `quorum` or another Z3 miss the cache and ask afresh. Only
/// confirmations are kept; a refutation or an undecided check is asked every time. The
/// cache is an optimisation: when the executable cannot be identified, or the cache
/// cannot be read or written, the check runs as if it were empty.
struct ConfirmationCache {
    let directory: URL

    static let standard = ConfirmationCache(directory: SpecCompiler.cacheDirectory().appendingPathComponent("confirmed"))

    /// What a stored confirmation is about: the checker and the spec's IR.
    struct Entry {
        let file: URL
        let header: String
        let ir: Data
    }

    /// The seconds Z3 took when it confirmed this spec's declarations, if it has.
    func confirmation(of spec: Spec) -> Double? {
        guard let entry = entry(for: spec), let stored = try? Data(contentsOf: entry.file),
              let newline = stored.firstIndex(of: UInt8(ascii: "\n")),
              let first = String(data: stored[stored.startIndex..<newline], encoding: .utf8)
        else { return nil }
        // "confirmed <seconds> <checker>", then the IR exactly as it was confirmed.
        let parts = first.split(separator: " ", maxSplits: 2)
        guard parts.count == 3, parts[0] == "confirmed", let seconds = Double(parts[1]),
              String(parts[2]) == entry.header, stored[stored.index(after: newline)...] == entry.ir
        else { return nil }
        return seconds
    }

    /// Records that Z3 confirmed the declarations in `seconds`.
    func record(_ spec: Spec, seconds: Double) {
        guard let entry = entry(for: spec) else { return }
        // Written beside the entry and renamed over it, so a concurrent reader sees all or nothing.
        let partial = directory.appendingPathComponent("tmp-\(ProcessInfo.processInfo.processIdentifier)-\(entry.file.lastPathComponent)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try (Data("confirmed \(seconds) \(entry.header)\n".utf8) + entry.ir).write(to: partial)
            guard rename(partial.path, entry.file.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            _ = try? FileManager.default.removeItem(at: partial)
        }
    }

    /// The spec's entry: its file, named by a digest of the checker and the IR.
    func entry(for spec: Spec) -> Entry? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let checker = Self.checker, let ir = try? encoder.encode(spec) else { return nil }
        let key = SpecCompiler.digest(Array("irrelevance \(checker)\u{0}".utf8) + Array(ir))
        return Entry(file: directory.appendingPathComponent("irrelevance-\(key)"), header: checker, ir: ir)
    }

    /// The running executable (which holds the symbolic engine) and Z3's version, or nil
    /// when the executable cannot be identified.
    ///
    /// `stat` of /proc/self/exe reaches the file this process runs even after a rebuild
    /// replaced or deleted it, so a process never passes for a newer build.
    static let checker: String? = {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 else { return nil }
        return "exe:\(status.st_dev):\(status.st_ino):\(status.st_size):\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
            + "|z3:\(IrrelevanceCheck.solverVersion)"
    }()
}
