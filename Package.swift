// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "Tessera",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TesseraCore", targets: ["TesseraCore"]),
        .library(name: "TesseraStorage", targets: ["TesseraStorage"]),
        .library(name: "TesseraGraph", targets: ["TesseraGraph"]),
        .library(name: "TesseraGrid", targets: ["TesseraGrid"]),
        .library(name: "TesseraGeometry", targets: ["TesseraGeometry"]),
        .library(name: "TesseraQuery", targets: ["TesseraQuery"]),
        .executable(name: "tessera", targets: ["TesseraCLI"]),
        .executable(name: "tessera-tck", targets: ["TesseraTCKTool"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // RocksDB is linked from Debian's static archive (see TesseraStorage's linker settings), not its shared
        // library: see Docs/Decisions/0015-static-rocksdb.md.
        .systemLibrary(
            name: "CRocksDB",
            providers: [.apt(["librocksdb-dev", "liblz4-dev", "libzstd-dev"])]
        ),
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .target(name: "TesseraCore", swiftSettings: strict),
        .target(name: "TesseraGrid", swiftSettings: strict),
        .target(name: "TesseraGeometry", dependencies: ["CGEOS", "TesseraCore"], swiftSettings: strict),
        .target(
            name: "TesseraStorage", dependencies: ["CRocksDB", "TesseraCore"], swiftSettings: strict,
            linkerSettings: [
                .linkedLibrary(":librocksdb.a"), .linkedLibrary("snappy"), .linkedLibrary("lz4"),
                .linkedLibrary("zstd"), .linkedLibrary("bz2"), .linkedLibrary("z"), .linkedLibrary("gflags"),
                .linkedLibrary("stdc++"), .linkedLibrary("m"),
            ]
        ),
        .target(
            name: "TesseraGraph", dependencies: ["TesseraCore", "TesseraGeometry", "TesseraGrid", "TesseraStorage"],
            swiftSettings: strict
        ),
        .target(
            name: "TesseraQuery", dependencies: ["TesseraCore", "TesseraGeometry", "TesseraGraph", "TesseraGrid"],
            swiftSettings: strict
        ),
        .target(
            name: "TesseraTCK", dependencies: ["TesseraCore", "TesseraGraph", "TesseraQuery"], swiftSettings: strict
        ),
        .executableTarget(name: "TesseraTCKTool", dependencies: ["TesseraTCK"], swiftSettings: strict),
        .executableTarget(
            name: "TesseraCLI",
            dependencies: [
                "TesseraCore", "TesseraGeometry", "TesseraGraph", "TesseraGrid", "TesseraStorage", "TesseraQuery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(name: "TesseraTestSupport", path: "Tests/TesseraTestSupport", swiftSettings: strict),
        .testTarget(
            name: "TesseraCoreTests",
            dependencies: [
                "TesseraCore", "TesseraTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraGeometryTests",
            dependencies: [
                "TesseraGeometry", "TesseraCore", "TesseraTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraGridTests",
            dependencies: ["TesseraGrid", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraStorageTests",
            dependencies: [
                "TesseraCore", "TesseraStorage", "TesseraTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraGraphTests",
            dependencies: ["TesseraCore", "TesseraGrid", "TesseraStorage", "TesseraGraph", "TesseraTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraQueryTests",
            dependencies: [
                "TesseraCore", "TesseraGeometry", "TesseraGraph", "TesseraGrid", "TesseraQuery", "TesseraTCK",
                "TesseraTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["TCK", "Scenarios", "Snapshots"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraCLITests",
            dependencies: ["TesseraCore", "TesseraGraph", "TesseraCLI"],
            swiftSettings: strict
        ),
    ]
)
