import Foundation
import SpecIR

/// Remembers that Z3 confirmed a spec's irrelevance declarations, so that checking the
/// same spec again does not ask again.
///
/// The confirmation is a proof about the spec's IR, which the spec file and its
/// parameters fix, and about the checker that asked, so both make up the key: the IR as
/// canonical JSON (sorted keys, source locations included) and the identity of this
/// executable, which holds the symbolic engine. A changed spec, other parameters,
/// `--no-auxiliary` or a rebuilt `quorum` miss the cache and ask Z3 afresh. Only
/// confirmations are kept; a refutation or an undecided check is asked every time. The
/// cache is an optimisation: when it cannot be read or written, the check runs as if
/// it were empty.
struct ConfirmationCache {
    let directory: URL

    static let standard = ConfirmationCache(directory: SpecCompiler.cacheDirectory().appendingPathComponent("confirmed"))

    /// The seconds Z3 took when it confirmed this spec's declarations, if it has.
    func confirmation(of spec: Spec) -> Double? {
        guard let file = entry(for: spec),
              let text = try? String(contentsOf: file, encoding: .utf8),
              text.hasPrefix("confirmed "),
              let seconds = Double(text.dropFirst("confirmed ".count).trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return seconds
    }

    /// Records that Z3 confirmed the declarations in `seconds`.
    func record(_ spec: Spec, seconds: Double) {
        guard let file = entry(for: spec) else { return }
        // Written beside the entry and renamed into place, so a concurrent reader sees all or nothing.
        let partial = directory.appendingPathComponent("tmp-\(ProcessInfo.processInfo.processIdentifier)-\(file.lastPathComponent)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try "confirmed \(seconds)\n".write(to: partial, atomically: false, encoding: .utf8)
            _ = try? FileManager.default.removeItem(at: file)
            try FileManager.default.moveItem(at: partial, to: file)
        } catch {
            _ = try? FileManager.default.removeItem(at: partial)
        }
    }

    /// The file that holds the spec's confirmation: a digest of its IR and of this executable.
    func entry(for spec: Spec) -> URL? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let json = try? encoder.encode(spec) else { return nil }
        let executable = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]).resolvingSymlinksInPath()
        let key = SpecCompiler.digest(Array("irrelevance\u{0}".utf8) + Array(json) + [0] + SpecCompiler.identity(of: executable))
        return directory.appendingPathComponent("irrelevance-\(key)")
    }
}
