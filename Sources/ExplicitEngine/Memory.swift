import Foundation

/// Memory of this process and of the machine, read from /proc (Linux).
enum Memory {
    /// Peak resident set size in bytes (VmHWM).
    static func peakResidentBytes() -> Int {
        field("VmHWM:", of: "/proc/self/status") ?? 0
    }

    /// Current resident set size in bytes.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let parts = text.split(separator: " ")
        guard parts.count > 1, let pages = Int(parts[1]) else { return 0 }
        return pages * 4096
    }

    /// Physical memory in bytes (MemTotal), or nil when /proc does not say.
    static func physicalBytes() -> Int? {
        field("MemTotal:", of: "/proc/meminfo")
    }

    /// A "Name:   N kB" line of a /proc file, in bytes.
    private static func field(_ name: String, of path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let number = line.dropFirst(name.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first
            return number.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}
