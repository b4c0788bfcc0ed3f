import ArgumentParser
import Foundation

// Exit codes are part of Quorum's interface (see README): argument errors exit 2,
// not ArgumentParser's default 64.
do {
    var command = try QuorumCommand.parseAsRoot()
    try command.run()
} catch let error as CLIError {
    FileHandle.standardError.write(Data((error.description + "\n").utf8))
    exit(error.exitCode)
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    let code = QuorumCommand.exitCode(for: error)
    if code == .success {
        QuorumCommand.exit(withError: error)
    }
    FileHandle.standardError.write(Data((QuorumCommand.fullMessage(for: error) + "\n").utf8))
    exit(ExitCodes.error)
}
