// swift-tools-version:6.0
// The bench's reference: TechEmpower's Fortunes test on the stack of Hummingbird's own benchmark entry
// (Hummingbird 2, PostgresNIO, Mustache). Not part of the product; `make bench` builds and runs it beside
// the app against its own table on the bench's PostgreSQL, and prints the app's ratios to it.
import PackageDescription

let package = Package(
    name: "reference",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .executableTarget(
            name: "Reference",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        )
    ]
)
