import Domain
import Foundation

/// The council's members, projects and activities.
public struct CouncilRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public func members() async throws -> [CouncilMember] {
        try await pool.query(
            """
            SELECT id, full_name, title, membership, is_chair, term_start, term_end, term_invented, appointed_by
            FROM council_members ORDER BY sort_order, id
            """
        ).rows.map(Self.memberWithTerm)
    }

    /// A member with the term (the `members()` query's columns).
    static func memberWithTerm(_ row: Row) throws -> CouncilMember {
        var m = try member(row)
        // A `date` column is midnight UTC: its day, as calendar components.
        func day(_ d: Date?) -> DateComponents? {
            d.map {
                let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: $0)
                return DateComponents(year: c.year, month: c.month, day: c.day)
            }
        }
        m.termStart = day(try row.decode("term_start"))
        m.termEnd = day(try row.decode("term_end"))
        m.termInvented = try row.decode("term_invented")
        m.appointedBy = try row.decode("appointed_by")
        return m
    }

    static func member(_ row: Row) throws -> CouncilMember {
        CouncilMember(
            id: try row.decode("id"), fullName: try row.decode("full_name"), title: try row.decode("title"),
            isRegional: try row.decode("membership", as: String.self) == "regional", isChair: try row.decode("is_chair"))
    }

    /// Projects, all of them or only those a project leader leads.
    public func projects(leaderID: Int64?) async throws -> [Project] {
        try await pool.query(
            """
            SELECT id, name, short_name, purpose, kind, leading_bodies, budget_mio::float8 AS budget,
                   regional_share_mio::float8 AS share, rsi_phase, risk_profile, project_leader_id, invented_note
            FROM projects WHERE $1::bigint IS NULL OR project_leader_id = $1 ORDER BY lower(name)
            """, [leaderID]
        ).rows.map { row in
            var project = Project(
                id: try row.decode("id"), name: try row.decode("name"), shortName: try row.decode("short_name"),
                purpose: try row.decode("purpose"),
                kind: (try row.decode("kind", as: String?.self)).flatMap(ProjectKind.init(rawValue:)) ?? .faellesregional,
                leadingBodies: try row.decode("leading_bodies"), budgetMillions: try row.decode("budget"),
                regionalShareMillions: try row.decode("share"), rsiPhase: try row.decode("rsi_phase"),
                riskProfile: (try row.decode("risk_profile", as: String?.self)).flatMap(RiskProfile.init(rawValue:)),
                projectLeaderID: try row.decode("project_leader_id"))
            project.invented = try row.decode("invented_note")
            return project
        }
    }

    /// Activities (done and expected), in the order of Tabel 1, of one project leader's projects or all.
    /// (An annual report reads those of its years with the report: `AnnualReportRepository.page`.)
    public func activities(leaderID: Int64?) async throws -> [CouncilActivity] {
        // The filter is left out when not asked for, rather than made optional in the SQL: a
        // generic plan of an optional one read every activity ever recorded.
        var parameters: [any SQLParameter] = []
        var leader = ""
        if let leaderID {
            parameters.append(leaderID)
            leader = "WHERE p.project_leader_id = $1"
        }
        return try await pool.query(
            """
            SELECT a.id, a.project_id, p.name, p.short_name, p.leading_bodies, a.kind, a.partner_council, a.month_done,
                   a.expected_year, a.expected_quarters::text[] AS quarters
            FROM council_activities a JOIN projects p ON p.id = a.project_id
            \(leader)
            ORDER BY a.month_done NULLS LAST, a.expected_year, a.expected_quarters, a.id
            """, parameters
        ).rows.map(Self.activity)
    }

    /// An activity row of `activities` (the annual report's pipeline reads the same columns).
    static func activity(_ row: Row) throws -> CouncilActivity {
        CouncilActivity(
            projectID: try row.decode("project_id"), projectName: try row.decode("name"),
            leadingBodies: try row.decode("leading_bodies"),
            kind: ActivityKind(rawValue: try row.decode("kind")) ?? .risikovurdering,
            partnerCouncil: try row.decode("partner_council"), monthDone: try row.decode("month_done"),
            expectedYear: try row.decode("expected_year"),
            expectedQuarters: (try row.decode("quarters", as: [String].self)).compactMap { Int($0) },
            shortName: try row.decode("short_name"), entry: try row.decode("id"))
    }
}
