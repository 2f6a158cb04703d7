import Foundation
import Logging

/// Applies `sql/NNN_name.sql` in order, each once, each in its own transaction, recorded in
/// `schema_migrations`, under an advisory lock so that two instances starting together don't race.
public struct Migrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public let version: Int
        public let name: String
        public let sql: String
    }

    /// Arbitrary but fixed: the key of the advisory lock all instances take while migrating.
    static let lockKey = 7_460_221_019

    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Reads every `NNN_name.sql` in the folder.
    public init(directory: String) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }
        var migrations: [Migration] = []
        for file in files {
            let stem = String(file.dropLast(4))
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw MigrationError.badFileName(file)
            }
            let sql = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        let versions = migrations.map(\.version)
        if Set(versions).count != versions.count { throw MigrationError.duplicateVersion }
        self.init(migrations: migrations)
    }

    /// Applies what is missing; returns the versions applied now.
    @discardableResult
    public func migrate(_ pool: ConnectionPool, logger: Logger = Logger(label: "raadsportal.migrate")) async throws -> [Int] {
        let migrations = self.migrations
        let key = Self.lockKey
        return try await pool.withConnection { conn in
            try conn.query("SELECT pg_advisory_lock($1)", [key])
            defer { _ = try? conn.query("SELECT pg_advisory_unlock($1)", [key]) }
            try conn.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let done = Set(try conn.query("SELECT version FROM schema_migrations").rows.map { try $0.decode("version", as: Int.self) })
            var applied: [Int] = []
            for migration in migrations where !done.contains(migration.version) {
                try conn.transaction { conn in
                    try conn.execute(migration.sql)
                    try conn.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [migration.version, migration.name])
                }
                logger.info("applied migration \(migration.version) \(migration.name)")
                applied.append(migration.version)
            }
            return applied
        }
    }
}

public enum MigrationError: Error, CustomStringConvertible {
    case badFileName(String)
    case duplicateVersion
    public var description: String {
        switch self {
        case .badFileName(let f): "migration file name must be NNN_name.sql: \(f)"
        case .duplicateVersion: "two migration files share a version number"
        }
    }
}
