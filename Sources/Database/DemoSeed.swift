import Domain
import Foundation

/// Loads the demo data: the demo accounts of DESIGN.md, then `seed/demo.sql` (curated from the
/// seeds into the repository; idempotent: fixed ids, ON CONFLICT DO NOTHING).
public struct DemoSeed: Sendable {
    public struct Account: Sendable {
        public let username: String
        public let fullName: String
        public let email: String
        public let roles: Set<Role>
    }

    public static let accounts: [Account] = [
        Account(username: "admin", fullName: "Anne Administrator", email: "admin@raadsportal.example.dk", roles: [.admin]),
        Account(username: "sekretariat", fullName: "Rie Fält Dzougov", email: "sekretariat@raadsportal.example.dk", roles: [.secretariat]),
        Account(username: "raadsmedlem1", fullName: "Jens Gordon Clausen", email: "raadsmedlem1@raadsportal.example.dk", roles: [.councilMember]),
        Account(username: "raadsmedlem2", fullName: "Jens Ole Skov", email: "raadsmedlem2@raadsportal.example.dk", roles: [.councilMember]),
        Account(username: "vurderer1", fullName: "Lene Vurderer Hansen", email: "vurderer1@raadsportal.example.dk", roles: [.assessor]),
        // An assessment team has 4–5 members: four more demo assessors.
        Account(username: "vurderer2", fullName: "Karsten Økonom Berg", email: "vurderer2@raadsportal.example.dk", roles: [.assessor]),
        Account(username: "vurderer3", fullName: "Sanne Arkitekt Lund", email: "vurderer3@raadsportal.example.dk", roles: [.assessor]),
        Account(username: "vurderer4", fullName: "Mikkel Projektleder Holm", email: "vurderer4@raadsportal.example.dk", roles: [.assessor]),
        Account(username: "vurderer5", fullName: "Eva Forretning Dahl", email: "vurderer5@raadsportal.example.dk", roles: [.assessor]),
        Account(
            username: "projektleder", fullName: "Peter Projektleder Møller", email: "projektleder@raadsportal.example.dk", roles: [.projectLeader]),
        Account(
            username: "bestyrelsessekretariat", fullName: "Maren Munk-Madsen", email: "bestyrelsessekretariat@raadsportal.example.dk",
            roles: [.boardSecretariat]),
        Account(username: "bestyrelse", fullName: "Bente Bestyrelsesmedlem", email: "bestyrelse@raadsportal.example.dk", roles: [.boardMember]),
        Account(username: "direktoer", fullName: "Dorthe Direktør", email: "direktoer@raadsportal.example.dk", roles: [.director]),
    ]

    let pool: ConnectionPool
    let seedFile: String

    public init(pool: ConnectionPool, seedFile: String) {
        self.pool = pool
        self.seedFile = seedFile
    }

    /// `passwordHash` is one bcrypt hash of the demo password, shared by all demo accounts.
    /// An account that already exists is left as it is: seeding never resets a real password.
    /// Loads the demo. The data dated from the load day is dated from `now` when it is given (the
    /// page snapshot tests), else from the real clock.
    public func run(passwordHash: String, now: Date? = nil) async throws {
        let sql = try String(contentsOfFile: seedFile, encoding: .utf8)
        // The demo meeting's invented attachments with text (issue 21), beside demo.sql.
        let attachmentsFile = (seedFile as NSString).deletingLastPathComponent + "/demo_attachments.sql"
        let attachments = (try? String(contentsOfFile: attachmentsFile, encoding: .utf8)) ?? ""
        let accounts = Self.accounts
        let demoNow = now.map { $0.formatted(.iso8601) } ?? ""
        try await pool.transaction { conn in
            try conn.query("SELECT set_config('raadsportal.demo_now', $1, true)", [demoNow])
            for a in accounts {
                try conn.query(
                    """
                    INSERT INTO users (username, full_name, email, password_hash, roles) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (lower(username)) DO NOTHING
                    """, [a.username, a.fullName, a.email, passwordHash, a.roles.sorted().map(\.rawValue)])
            }
            try conn.execute(sql)
            if !attachments.isEmpty { try conn.execute(attachments) }
        }
        try await publishReports()
    }

    /// The demo's reports that were published in reality, with the day: the annual report 2021,
    /// "Marts 2022" (its foreword; the day is invented, and seed/demo.sql marks it so).
    static let publishedReports: [(id: Int64, at: Date)] = [(1, Date(timeIntervalSince1970: 1_648_720_800))]  // 2022-03-31 12:00 Copenhagen

    /// Publishes each of `publishedReports` that is still a draft the way the app's publish step
    /// does: the document as it reads from the data just loaded is frozen as its snapshot (a
    /// snapshot cannot be written in SQL: the figures are computed in Swift). A report already
    /// published is left as it is.
    func publishReports() async throws {
        let reports = AnnualReportRepository(pool: pool)
        for (id, at) in Self.publishedReports {
            guard let page = try await reports.page(id: id, proposals: false), !page.report.published else { continue }
            let secretariat: Int64? = try await pool.query("SELECT id FROM users WHERE username = 'sekretariat'").first?.decode("id")
            var audit = AuditRepository.Entry(
                userID: secretariat, username: "sekretariat", action: "report.published", objectType: "annual_report", objectID: String(id),
                clientIP: "")
            audit.at = at
            _ = try await reports.publish(id: id, version: page.report.version, document: page.document, audit: audit, at: at)
        }
    }
}
