import Database
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import TestSupport
import XCTest

@testable import Web

/// The real application on a fresh copy of the database with the demo data.
struct TestApp: Sendable {
    static let password = "demo-raadsportal"
    /// A low bcrypt cost keeps the suite fast; `SecurityTests` proves the app itself hashes with cost 12.
    static let passwordHash = Bcrypt.hash(password, cost: 4)

    let services: AppServices
    let pool: ConnectionPool
    /// The job runner `serve` would start (the outbox and reminders when a mailer is given); tests
    /// run its due jobs with `runJobs()` instead of waiting for it to poll.
    let jobs: JobRunner

    /// The templates, parsed once per test process (a `Views` is immutable; parsing took 80 ms a test).
    static let views = Task { try await Views(directory: TestDatabase.packageRoot + "/Views", strict: true) }

    /// `demoExtractions`: keep the demo's queued `attachment.extract` jobs (its four invented attachments,
    /// two of which go through LibreOffice). Only the tests of the board book and of the attachments'
    /// text want them; for every other test that runs its jobs they would be seconds of LibreOffice and
    /// jobs it did not queue.
    static func make(
        config: AppConfig = AppConfig(), seed: Bool = true, pool given: ConnectionPool? = nil, mailer: (any Mailer)? = nil,
        demoExtractions: Bool = false
    ) async throws -> TestApp {
        // The demo data comes from a template loaded once per test run; a pool the test made
        // itself is seeded here.
        let pool: ConnectionPool
        if let given {
            pool = given
            if seed { try await TestDatabase.seedDemo(pool, passwordHash: passwordHash) }
        } else {
            pool = seed ? try await TestDatabase.freshSeededPool(passwordHash: passwordHash) : try await TestDatabase.freshPool()
        }
        if seed && !demoExtractions { try await pool.query("DELETE FROM jobs WHERE kind = 'attachment.extract'") }
        var config = config
        if !config.smtpURL.isEmpty && config.mailFrom.isEmpty { config.mailFrom = "raadsportal@raadsportal.example.dk" }
        config.viewsDirectory = TestDatabase.packageRoot + "/Views"
        config.publicDirectory = TestDatabase.packageRoot + "/Public"
        // Strict templates: a page whose template asks for a name its model lacks fails (a 500
        // whose log names the template and the name) instead of rendering a hole.
        let views = try await Self.views.value
        var services = AppServices(
            config: config, pool: pool, views: views, hasher: PasswordHasher(cost: 4, threads: 1),
            commonPasswords: CommonPasswords.load(from: TestDatabase.packageRoot + "/seed/common-passwords.txt"), mailer: mailer)
        // The request log is checked against the real binary (Tests/Operations); here it would only be noise.
        services.requestLogger.logLevel = .warning
        let app = TestApp(services: services, pool: pool, jobs: JobRunner.standard(services, logger: Logger(label: "test.jobs")))
        // Shut down when the test ends at the latest, before the next test starts.
        TestLifetime.shutDownAtTheEnd { await app.shutdown() }
        return app
    }

    /// Runs `body` with a cookie-keeping browser against the app (in-process router).
    func run<T: Sendable>(_ body: @Sendable (Browser) async throws -> T) async throws -> T {
        let app = Application(router: try buildRouter(services))
        return try await app.test(.router) { client in
            try await body(Browser(client: client))
        }
    }

    /// Runs the jobs that are due now, until none is left; returns how many ran.
    @discardableResult
    func runJobs() async throws -> Int { try await jobs.runDue() }

    func count(_ sql: String, _ parameters: [any SQLParameter] = []) async throws -> Int {
        try await pool.query(sql, parameters).first!.decode("n")
    }

    func shutdown() async {
        await pool.shutdown()
        await services.hasher.shutdown()
    }
}

/// A tiny browser: keeps cookies, reads the CSRF token out of forms.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var lastCSRF: String?

    init(client: any TestClientProtocol) { self.client = client }

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
        var location: String? { headers[.location] }
    }

    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await send(path, method: .get, body: nil)
    }

    /// Posts a form; the CSRF token of the last page seen is added unless `csrf` says otherwise.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil, includeCSRF: Bool = true) async throws -> Page {
        var all = fields
        if includeCSRF, let token = csrf ?? lastCSRF { all.append(("csrf_token", token)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(path, method: .post, body: body, contentType: "application/x-www-form-urlencoded")
    }

    func send(_ path: String, method: HTTPRequest.Method, body: String?, contentType: String? = nil, headers extra: HTTPFields = [:]) async throws
        -> Page
    {
        var headers = extra
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let contentType { headers[.contentType] = contentType }
        let response = try await client.execute(
            uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for setCookie in response.headers[values: .setCookie] {
            let pair = setCookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || setCookie.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        let text = response.body.readableBytes > 0 ? String(buffer: response.body) : ""
        if let range = text.range(of: #"name="csrf_token" value=""#) {
            let rest = text[range.upperBound...]
            lastCSRF = String(rest[..<rest.firstIndex(of: "\"")!])
        }
        return Page(status: response.status, headers: response.headers, body: text)
    }

    /// Logs in through the login form, as a person would.
    @discardableResult
    func login(_ username: String, password: String = TestApp.password) async throws -> Page {
        try await get("/login")
        return try await post("/login", [("username", username), ("password", password)])
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? ""
    }
}
