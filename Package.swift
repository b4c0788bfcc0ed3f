// swift-tools-version: 6.1
import PackageDescription

/// Quorum: a model checker for distributed protocols.
///
/// Imports run one way (see STYLE.md): `Quorum` (the DSL) builds `SpecIR` values;
/// the engines read `SpecIR`; `Reporting` formats `SpecIR` results; the `quorum`
/// executable wires them together. Spec files import only `Quorum`.
let package = Package(
    name: "Quorum",
    products: [
        .executable(name: "quorum", targets: ["QuorumCLI"]),
        // Spec files compiled by `quorum check` link against this library.
        .library(name: "Quorum", type: .dynamic, targets: ["Quorum"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.2.0"),
    ],
    targets: [
        // The explicit engine and the values it runs on are optimised in debug builds too:
        // the tests explore state spaces of hundreds of thousands of states, eight times
        // slower unoptimised.
        .target(name: "SpecIR", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "Quorum", dependencies: ["SpecIR"]),
        // A prefetch hint (Swift has none), as an inline C function.
        .target(name: "CPrefetch"),
        .target(name: "ExplicitEngine", dependencies: ["SpecIR", "CPrefetch"], swiftSettings: [
            // The engine's frames are only ever touched by one thread at a time; dynamic
            // exclusivity checks on them cost about a sixth of the run time.
            .unsafeFlags(["-enforce-exclusivity=unchecked"]),
            .unsafeFlags(["-O"], .when(configuration: .debug)),
        ]),
        // Z3 from the system (apt: libz3-dev), seen through a module map; only Z3Kit imports it.
        .systemLibrary(name: "CZ3", pkgConfig: "z3", providers: [.apt(["libz3-dev"])]),
        .target(name: "Z3Kit", dependencies: ["CZ3"]),
        .target(name: "SymbolicEngine", dependencies: ["SpecIR", "Z3Kit"]),
        .target(name: "Reporting", dependencies: ["SpecIR"]),
        .executableTarget(name: "QuorumCLI", dependencies: [
            "SpecIR", "ExplicitEngine", "SymbolicEngine", "Reporting",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Atomics", package: "swift-atomics"),
        ]),
        // The shipped specs, compiled as one module so tests can use them directly.
        .target(name: "QuorumSpecs", dependencies: ["Quorum"], path: "Specs"),
        .target(name: "TestSupport", dependencies: ["Quorum"], path: "Tests/TestSupport"),
        .testTarget(name: "SpecIRTests", dependencies: ["SpecIR", "Quorum", "TestSupport"]),
        .testTarget(name: "ExplicitEngineTests", dependencies: ["ExplicitEngine", "Quorum", "QuorumSpecs", "TestSupport"]),
        .testTarget(name: "Z3KitTests", dependencies: ["Z3Kit"]),
        .testTarget(name: "SymbolicEngineTests", dependencies: ["SymbolicEngine", "ExplicitEngine", "Quorum", "QuorumSpecs", "TestSupport"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "ExplicitEngine", "Quorum", "TestSupport"]),
        .testTarget(name: "QuorumCLITests", dependencies: ["QuorumCLI", "ExplicitEngine", "Quorum", "QuorumSpecs"]),
    ],
    swiftLanguageModes: [.v6]
)
