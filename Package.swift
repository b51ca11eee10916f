// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "hemicycle",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hemicycle", targets: ["hemicycle"]),
        .executable(name: "hemicycle-bench", targets: ["hemicycle-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // zlib and SHA-1 (swift-crypto's), to write a pack of many new blobs without libgit2's
        // delta search, which finds nothing in a ledger's receipts and cost seconds per epoch.
        .target(
            name: "GitKit",
            dependencies: ["CLibGit2", "CZlib", .product(name: "Crypto", package: "swift-crypto")]),
        // zlib's deflate and CRC-32, for the ZIP archive of the Akoma Ntoso export and GitKit's packs.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "WordDiff"),
        .target(name: "Legislation", dependencies: ["WordDiff"]),
        .target(name: "BillArchive", dependencies: ["GitKit", "Legislation"]),
        // The participation store's protocol and values; each store is a target of its own.
        .target(name: "Participation", dependencies: ["Legislation"]),
        .target(
            name: "ParticipationSQLite",
            dependencies: [
                "Participation", "Legislation", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "ParticipationPostgres",
            dependencies: [
                "Participation", "Legislation", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Hemicycle",
            dependencies: [
                "BillArchive", "Legislation", "Participation", "WordDiff",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                "CZlib",
            ]
        ),
        .target(
            name: "HemicycleWeb",
            dependencies: [
                "Hemicycle", "Legislation", "WordDiff", "Participation", "ParticipationSQLite",
                "ParticipationPostgres",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Stock git's upload-pack, run for git over HTTP; its gzip request bodies.
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
        // glibc's mallopt, which Swift's Glibc module does not bring in.
        .target(name: "CAllocator"),
        .executableTarget(
            name: "hemicycle",
            dependencies: [
                "HemicycleWeb", "Hemicycle", "Legislation", "WordDiff", "CAllocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "hemicycle-bench",
            dependencies: [
                "Hemicycle", "HemicycleWeb", "BillArchive", "GitKit", "Legislation", "WordDiff", "Participation",
                "ParticipationSQLite", "ParticipationPostgres", "CAllocator",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Temporary directories and the paths of the fixtures, shared by the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Stores opened for tests: SQLite in a temporary directory, PostgreSQL in a fresh database.
        .target(
            name: "StoreTestSupport",
            dependencies: [
                "Participation", "ParticipationSQLite", "ParticipationPostgres", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/StoreTestSupport"),
        // The engine with the demo bill, shared by the engine and web tests.
        .target(
            name: "EngineTestSupport",
            dependencies: [
                "Hemicycle", "HemicycleWeb", "Legislation", "Participation", "StoreTestSupport", "TestSupport",
            ],
            path: "Tests/EngineTestSupport"),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit", "TestSupport"]),
        .testTarget(name: "LegislationTests", dependencies: ["Legislation"]),
        .testTarget(name: "WordDiffTests", dependencies: ["WordDiff", "TestSupport"]),
        .testTarget(
            name: "ParticipationTests",
            dependencies: [
                "Participation", "ParticipationSQLite", "Legislation", "TestSupport", "StoreTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "BillArchiveTests", dependencies: ["BillArchive", "GitKit", "Legislation", "TestSupport"]),
        .testTarget(
            name: "HemicycleTests",
            dependencies: [
                "Hemicycle", "HemicycleWeb", "BillArchive", "Legislation", "Participation", "TestSupport", "WordDiff",
                "EngineTestSupport", .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .testTarget(
            name: "HemicycleWebTests",
            dependencies: [
                "HemicycleWeb", "Hemicycle", "TestSupport", "Legislation", "EngineTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
