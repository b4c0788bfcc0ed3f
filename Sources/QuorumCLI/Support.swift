import Atomics
import Foundation

enum FileManagerPath {
    static var current: String { FileManager.default.currentDirectoryPath }
}

/// Ctrl-C during a check: the first one ends the run with its statistics so far.
enum Interrupt {
    static let requested = ManagedAtomic<Bool>(false)
    nonisolated(unsafe) static var source: (any DispatchSourceSignal)?
    /// Called on the first Ctrl-C, to stop a solver (set before the run starts).
    nonisolated(unsafe) static var stop: (() -> Void)?

    static func install() {
        if source != nil { return }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if requested.exchange(true, ordering: .relaxed) { exit(130) }
            stop?()
        }
        source.resume()
        self.source = source
    }
}

/// Writes to standard error.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}

/// Parses sizes like `512M`, `4G`, `1024` (bytes).
func parseBytes(_ text: String) -> Int? {
    let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
    let units: [(String, Int)] = [("GB", 1 << 30), ("G", 1 << 30), ("MB", 1 << 20), ("M", 1 << 20), ("KB", 1 << 10), ("K", 1 << 10), ("B", 1)]
    for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
        return Double(trimmed.dropLast(suffix.count)).map { Int($0 * Double(factor)) }
    }
    return Int(trimmed)
}

/// Parses durations like `90`, `90s`, `5m`, `1h` into seconds.
func parseSeconds(_ text: String) -> Double? {
    let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
    for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
        return Double(trimmed.dropLast(suffix.count)).map { $0 * factor }
    }
    return Double(trimmed)
}
