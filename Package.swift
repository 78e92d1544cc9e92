// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dynamo-explorer",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dynamo-explorer", targets: ["dynamo-explorer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses", pkgConfig: "ncursesw",
                       providers: [.apt(["libncurses-dev"])]),
        .target(name: "DynamoCore"),
        .target(name: "DynamoEngine", dependencies: [
            "DynamoCore", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "DynamoServe", dependencies: [
            "DynamoCore", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "DynamoTools", dependencies: ["DynamoCore"]),
        .target(name: "DynamoRemote", dependencies: [
            "DynamoCore", .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "DynamoMCP", dependencies: [
            "DynamoTools", .product(name: "MCP", package: "swift-sdk"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "DynamoTUI", dependencies: [
            "DynamoCore", "DynamoTools", "CNcurses", .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .executableTarget(name: "dynamo-explorer", dependencies: [
            "DynamoCore", "DynamoEngine", "DynamoServe", "DynamoTools", "DynamoMCP", "DynamoTUI", "DynamoRemote",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "dynamo-bench", dependencies: [
            "DynamoCore", "DynamoEngine", .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Benchmarks/dynamo-bench"),
        .executableTarget(name: "tui-bench", dependencies: [
            "DynamoCore", "DynamoEngine", "DynamoTools", "DynamoTUI",
        ], path: "Benchmarks/tui-bench"),
        .testTarget(name: "DynamoCoreTests", dependencies: ["DynamoCore"]),
        .testTarget(name: "DynamoEngineTests", dependencies: ["DynamoEngine", "DynamoCore"]),
        .testTarget(name: "DynamoToolsTests", dependencies: ["DynamoTools", "DynamoEngine", "DynamoCore"]),
        .testTarget(name: "DynamoRemoteTests", dependencies: [
            "DynamoRemote", "DynamoEngine", "DynamoServe", "DynamoCore",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .executableTarget(name: "remote-bench", dependencies: ["DynamoCore", "DynamoRemote"], path: "Benchmarks/remote-bench"),
        .testTarget(name: "DynamoTUITests", dependencies: ["DynamoTUI", "DynamoTools", "DynamoEngine", "DynamoCore"],
                    exclude: ["Snapshots"]),
    ]
)
