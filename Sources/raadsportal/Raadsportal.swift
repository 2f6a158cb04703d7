import ArgumentParser
import Database
import Domain
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Web

@main
struct Raadsportal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raadsportal",
        abstract: "Rådsportalen: Regionernes It-råd og Danske Regioners bestyrelse.",
        subcommands: [Serve.self, Migrate.self, SeedDemo.self, CreateAdmin.self, OIDCCheck.self],
        defaultSubcommand: Serve.self)
}

/// A problem at start: one clear line on standard error and exit status 1, never a stack trace.
struct StartupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Reads the configuration and opens the pool; a bad setting is one clear line and exit 1.
func setUp() throws -> (AppConfig, ConnectionPool) {
    let config: AppConfig
    do {
        config = try AppConfig.fromEnvironment()
    } catch {
        throw StartupError("Configuration error: \(error)")
    }
    // The log: readable text by default, one JSON object per line with LOG_FORMAT=json.
    LoggingSystem.bootstrap { label -> any LogHandler in
        config.logFormat == "json" ? JSONLogHandler(label: label) : StreamLogHandler.standardOutput(label: label)
    }
    let pool = ConnectionPool(.init(url: config.databaseURL, size: config.databasePoolSize))
    return (config, pool)
}

func makeLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return logger
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the portal on HOST:PORT (default 127.0.0.1:8080).")

    @Flag(help: "Apply pending migrations before serving.")
    var migrate = false

    func run() async throws {
        // Swift concurrency's jobs run on NIO's event loops instead of a separate thread pool:
        // a request's handler then runs where its socket is served, without a thread switch on
        // every await (the blocking work, libpq and bcrypt, has its own threads). Vapor's
        // template does the same.
        let takenOver = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        let (config, pool) = try setUp()
        let logger = makeLogger("raadsportal")
        if !takenOver { logger.notice("Swift concurrency runs on its own thread pool (the event loops could not take it over)") }
        if migrate {
            try await Migrate.apply(pool: pool, logger: logger)
        }
        let views: Views
        do {
            views = try await Views(directory: config.viewsDirectory)
        } catch {
            await pool.shutdown()
            throw StartupError("Cannot load the templates in '\(config.viewsDirectory)' (set VIEWS_DIR): \(error)")
        }
        let hasher = PasswordHasher(cost: config.bcryptCost)
        let common = CommonPasswords.load(from: "seed/common-passwords.txt")
        if common.isEmpty { logger.warning("seed/common-passwords.txt not found: common passwords are not refused") }
        var mailer: SMTPMailer?
        if let relay = SMTPRelay(url: config.smtpURL) {
            do {
                mailer = try SMTPMailer(relay: relay, from: config.mailFrom, caFile: config.smtpCAFile)
            } catch {
                await pool.shutdown()
                throw StartupError("Cannot set up TLS for the mail relay (SMTP_CA_FILE '\(config.smtpCAFile)'): \(error)")
            }
        }
        var services = AppServices(config: config, pool: pool, views: views, hasher: hasher, commonPasswords: common, mailer: mailer)
        services.requestLogger.logLevel = logger.logLevel
        let helloPort = ProcessInfo.processInfo.environment["BENCH_HELLO_PORT"].flatMap { Int($0) }
        let app = try buildApplication(services, logger: logger, helloPort: helloPort)
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            await pool.shutdown()
            throw StartupError("Port \(config.port) on \(config.host) is already in use: stop the other program or set PORT.")
        }
        await pool.shutdown()
        await hasher.shutdown()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the migrations in sql/ that are not yet applied.")

    @Option(help: "Folder of NNN_name.sql files.")
    var directory = "sql"

    static func apply(pool: ConnectionPool, directory: String = "sql", logger: Logger) async throws {
        let applied = try await Migrator(directory: directory).migrate(pool, logger: logger)
        logger.info("migrations: \(applied.isEmpty ? "up to date" : "applied \(applied.map(String.init).joined(separator: ", "))")")
    }

    func run() async throws {
        let (_, pool) = try setUp()
        do {
            try await Self.apply(pool: pool, directory: directory, logger: makeLogger("raadsportal.migrate"))
        } catch {
            await pool.shutdown()
            throw StartupError("Migration failed: \(error)")
        }
        await pool.shutdown()
    }
}

struct SeedDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-demo", abstract: "Load the demo data and demo accounts (idempotent). Password from DEMO_PASSWORD.")

    @Option(help: "The curated demo data.")
    var file = "seed/demo.sql"

    func run() async throws {
        let (config, pool) = try setUp()
        let password = ProcessInfo.processInfo.environment["DEMO_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 } ?? "demo-raadsportal"
        if let problem = PasswordPolicy.problem(with: password) { throw StartupError("DEMO_PASSWORD: \(problem)") }
        let hasher = PasswordHasher(cost: config.bcryptCost)
        let hash = try await hasher.hash(password)
        do {
            try await DemoSeed(pool: pool, seedFile: file).run(passwordHash: hash)
        } catch {
            await pool.shutdown()
            throw StartupError("Seeding failed: \(error)")
        }
        print("Demo data loaded. Accounts: \(DemoSeed.accounts.map(\.username).joined(separator: ", "))")
        await pool.shutdown()
        await hasher.shutdown()
    }
}

struct CreateAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-admin", abstract: "Create an administrator, or reset one's password. Password from ADMIN_PASSWORD or standard input.")

    @Option(help: "Username.") var username: String
    @Option(name: .customLong("name"), help: "Full name.") var fullName = "Administrator"
    @Option(help: "E-mail address.") var email = ""

    func run() async throws {
        let (config, pool) = try setUp()
        var password = ProcessInfo.processInfo.environment["ADMIN_PASSWORD"] ?? ""
        if password.isEmpty {
            FileHandle.standardError.write(Data("Password: ".utf8))
            password = readLine(strippingNewline: true) ?? ""
        }
        if let problem = User.usernameProblem(username) { throw StartupError(problem) }
        if let problem = PasswordPolicy.problem(
            with: password, username: username, commonPasswords: CommonPasswords.load(from: "seed/common-passwords.txt"))
        {
            throw StartupError(problem)
        }
        let hasher = PasswordHasher(cost: config.bcryptCost)
        let hash = try await hasher.hash(password)
        let id = try await UserRepository(pool: pool).upsert(
            username: username, fullName: fullName, email: email, passwordHash: hash, roles: [.admin])
        try await AuditRepository(pool: pool).append(
            .init(
                userID: nil, username: "create-admin", action: "user.created", objectType: "user", objectID: String(id),
                detail: "\(username) (administrator via kommandolinjen)", clientIP: "local"))
        print("Administrator \(username) is ready (id \(id)).")
        await pool.shutdown()
        await hasher.shutdown()
    }
}
