import ArgumentParser
import Foundation
import SpecIR

/// `quorum list <file or folder>`: each spec's parameters, reductions and properties.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the specs in a file or folder with their parameters and properties.")

    @ArgumentParser.Argument(help: "A Swift spec file or a folder of them.")
    var path: String

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError.usage("no such file or folder: \(path)")
        }
        let files: [String]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files = names.filter { $0.hasSuffix(".swift") }.sorted().map { (path as NSString).appendingPathComponent($0) }
        } else {
            files = [path]
        }
        let compiler = try SpecCompiler.locate()
        var failed = false
        for file in files {
            print(file)
            do {
                let program = try compiler.program(for: URL(fileURLWithPath: file))
                for entry in try compiler.catalog(program, arguments: []).entries {
                    guard let spec = entry.spec else {
                        print("  \(entry.type): cannot be built")
                        if let error = entry.error { error.diagnostics.forEach { print("    " + ExitCodes.relative($0)) } }
                        failed = true
                        continue
                    }
                    print("  \(entry.type)")
                    for parameter in spec.parameters {
                        print("    parameter  \(parameter.name) = \(parameter.defaultValue)  (\(parameter.range.lowerBound)...\(parameter.range.upperBound))  \(parameter.summary)")
                    }
                    // The reductions a check applies by default (--no-symmetry, --no-irrelevance).
                    for sort in spec.symmetry?.sorts ?? [] {
                        print("    symmetric  \(sort)")
                    }
                    for irrelevance in spec.irrelevance {
                        print("    irrelevant \(irrelevance.variable)  (declared at line \(irrelevance.location.line))")
                    }
                    for property in spec.properties {
                        let kind = property.isAuxiliary ? "auxiliary" : property.kind.rawValue
                        print("    \(kind.padding(toLength: 10, withPad: " ", startingAt: 0)) \"\(property.name)\"")
                    }
                }
            } catch {
                print("  \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(ExitCodes.error) }
    }
}
