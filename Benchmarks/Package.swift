// swift-tools-version: 6.2
import PackageDescription

// Performance benchmarks for Tessera, kept in their own package so that the engine package does not
// depend on the benchmark framework. See README.md for how to run them.
let package = Package(
    name: "TesseraBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Tessera", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "GraphReads",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TesseraCore", package: "Tessera"),
                .product(name: "TesseraGraph", package: "Tessera"),
            ],
            path: "Benchmarks/GraphReads",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "RawPut",
            dependencies: [
                .product(name: "TesseraStorage", package: "Tessera")
            ],
            path: "Sources/RawPut"
        ),
        .executableTarget(
            name: "ReadProbe",
            dependencies: [
                .product(name: "TesseraCore", package: "Tessera"),
                .product(name: "TesseraGeometry", package: "Tessera"),
                .product(name: "TesseraGraph", package: "Tessera"),
            ],
            path: "Sources/ReadProbe"
        ),
        .executableTarget(
            name: "QueryProbe",
            dependencies: [
                .product(name: "TesseraCore", package: "Tessera"),
                .product(name: "TesseraGeometry", package: "Tessera"),
                .product(name: "TesseraGraph", package: "Tessera"),
                .product(name: "TesseraQuery", package: "Tessera"),
            ],
            path: "Sources/QueryProbe"
        ),
    ]
)
