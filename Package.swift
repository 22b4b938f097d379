// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Tocsin",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tocsin", targets: ["tocsin"]),
        .executable(name: "tocsin-bench", targets: ["TocsinBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "TocsinCore", swiftSettings: strict),
        .target(name: "TocsinJSON", swiftSettings: strict),
        .target(
            name: "TocsinApp",
            dependencies: [
                "TocsinCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // `Configuration/Builtin` links to the repository's `commands/`: built into the binary.
            resources: [.embedInCode("Configuration/Builtin")],
            swiftSettings: strict
        ),
        .target(
            name: "TocsinHTTP",
            dependencies: ["CCurl", "TocsinApp"],
            swiftSettings: strict
        ),
        .target(
            name: "TocsinTracker",
            dependencies: [
                "TocsinCore", "TocsinApp", "TocsinHTTP",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Paging through PagerDuty's Events API v2 and Opsgenie's Alert API, over the libcurl transport.
        .target(
            name: "TocsinPaging",
            dependencies: [
                "TocsinCore", "TocsinApp", "TocsinHTTP",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TocsinSlack",
            dependencies: [
                "TocsinCore", "TocsinApp", "TocsinHTTP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // `Templates/Builtin` links to the repository's `templates/`: built into the binary.
            resources: [.embedInCode("Templates/Builtin")],
            swiftSettings: strict
        ),
        .target(
            name: "TocsinStore",
            dependencies: [
                "TocsinCore", "TocsinApp", "TocsinJSON",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The PostgreSQL store, for several replicas sharing one database (issue #13).
        .target(
            name: "TocsinStorePostgres",
            dependencies: [
                "TocsinCore", "TocsinApp", "TocsinJSON",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TocsinSandbox",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TocsinServer",
            dependencies: [
                "TocsinCore", "TocsinApp", "TocsinSlack", "TocsinStore", "TocsinStorePostgres", "TocsinTracker", "TocsinPaging",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tocsin",
            dependencies: [
                "TocsinServer", "TocsinSandbox", "TocsinSlack", "TocsinApp", "TocsinCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict,
            // Linked by lld with packed relative relocations (DT_RELR, glibc 2.36+): the binary's 60,000 relative
            // relocations take 16 KB instead of 1.4 MB of `.rela.dyn` the loader reads, and keeps resident, at every start.
            // Footprint benchmark, RSS after 10,000 incidents: 62.0 MB with gold, 61.4 MB with lld, 60.0 MB with both.
            linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(platforms: [.linux]))]
        ),
        .executableTarget(
            name: "TocsinBench",
            dependencies: [
                "TocsinServer", "TocsinSandbox", "TocsinApp", "TocsinCore", "TocsinJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Fakes, a manual clock and the example configuration shared by the test targets (and only by them).
        .target(
            name: "TocsinTestSupport",
            dependencies: ["TocsinApp", "TocsinCore"],
            path: "Tests/TocsinTestSupport",
            swiftSettings: strict
        ),
        // The store contract every IncidentStore implementation must pass; a library so each store's tests run it.
        .target(name: "TocsinStoreContract", dependencies: ["TocsinApp", "TocsinCore"], path: "Tests/TocsinStoreContract", swiftSettings: strict),
        .testTarget(name: "TocsinCoreTests", dependencies: ["TocsinCore", "TocsinTestSupport"]),
        .testTarget(name: "TocsinAppTests", dependencies: ["TocsinApp", "TocsinCore", "TocsinSlack", "TocsinStore", "TocsinTestSupport"]),
        .testTarget(name: "TocsinSlackTests", dependencies: ["TocsinSlack", "TocsinHTTP", "TocsinApp", "TocsinCore", "TocsinTestSupport"]),
        .testTarget(
            name: "TocsinStoreTests",
            dependencies: [
                "TocsinStore", "TocsinStoreContract", "TocsinApp", "TocsinCore", "TocsinJSON", "TocsinTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The store contract and PostgreSQL's own checks against a real server (TOCSIN_TEST_POSTGRES).
        .testTarget(
            name: "TocsinStorePostgresTests",
            dependencies: [
                "TocsinStorePostgres", "TocsinStoreContract", "TocsinApp", "TocsinCore", "TocsinTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TocsinSandboxTests",
            dependencies: ["TocsinSandbox", "TocsinTestSupport", .product(name: "HummingbirdWSClient", package: "hummingbird-websocket")]
        ),
        .testTarget(
            name: "TocsinEndToEndTests",
            dependencies: [
                "TocsinServer", "TocsinSandbox", "TocsinApp", "TocsinCore", "TocsinSlack", "TocsinStore", "TocsinTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)
