import Domain
import Foundation

/// Annual reports: the editorial text (foreword, themes, case stories) with a version, the facts the
/// figures are computed from, publishing (which stores the whole document as a frozen snapshot),
/// and the proposal to a board meeting.
public struct AnnualReportRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public struct Report: Sendable {
        public var id: Int64 = 0
        public var fromYear: Int
        public var toYear: Int
        public var title: String
        public var foreword: String = ""
        public var themes: [AnnualReport.Section] = []
        public var stories: [AnnualReport.Section] = []
        public var published: Bool = false
        public var publishedAt: Date?
        public var snapshot: AnnualReport.Document?
        public var version: Int = 0
        /// What of the report the demo data invented (sql/022); nil for what is real.
        public var inventedNote: String?
        public init(fromYear: Int, toYear: Int, title: String) {
            self.fromYear = fromYear
            self.toYear = toYear
            self.title = title
        }
    }

    public struct Summary: Sendable {
        public let id: Int64
        public let title: String
        public let fromYear: Int
        public let toYear: Int
        public let published: Bool
        public let publishedAt: Date?
        /// What of the report the demo data invented (sql/022); nil for what is real.
        public let inventedNote: String?
    }

    public func list(publishedOnly: Bool) async throws -> [Summary] {
        try await pool.query(
            """
            SELECT id, title, from_year, to_year, status = 'published' AS published, published_at, invented_note FROM annual_reports
            WHERE NOT $1 OR status = 'published' ORDER BY to_year DESC, from_year DESC, id DESC LIMIT 200
            """, [publishedOnly]
        ).rows.map {
            Summary(
                id: try $0.decode("id"), title: try $0.decode("title"), fromYear: try $0.decode("from_year"), toYear: try $0.decode("to_year"),
                published: try $0.decode("published"), publishedAt: try $0.decode("published_at"), inventedNote: try $0.decode("invented_note"))
        }
    }

    /// The report with its sections, in one round trip.
    public func report(id: Int64) async throws -> Report? {
        let (row, sections) = try await pool.pipeline(Self.reportQuery(id: id), Self.sectionsQuery(reportID: id))
        return try row.map { try Self.report($0, sections: sections) }
    }

    static func reportQuery(id: Int64) -> Query<Row?> {
        Query(
            """
            SELECT id, from_year, to_year, title, foreword, status = 'published' AS published, published_at, snapshot::text AS snapshot, version,
                   invented_note
            FROM annual_reports WHERE id = $1
            """, [id]
        ) { $0.first }
    }

    /// A section of the editorial text: a theme, or a case story.
    enum SectionKind: String, SQLDecodable, SQLParameter {
        case theme
        case story
    }

    static func sectionsQuery(reportID: Int64) -> Query<[(kind: SectionKind, section: AnnualReport.Section)]> {
        Query("SELECT kind, title, body FROM annual_report_sections WHERE report_id = $1 ORDER BY kind, position, id", [reportID]) { result in
            try result.rows.map { (try $0.decode("kind"), AnnualReport.Section(title: try $0.decode("title"), body: try $0.decode("body"))) }
        }
    }

    static func report(_ row: Row, sections: [(kind: SectionKind, section: AnnualReport.Section)]) throws -> Report {
        var r = Report(fromYear: try row.decode("from_year"), toYear: try row.decode("to_year"), title: try row.decode("title"))
        r.id = try row.decode("id")
        r.foreword = try row.decode("foreword")
        r.published = try row.decode("published")
        r.publishedAt = try row.decode("published_at")
        r.version = try row.decode("version")
        r.inventedNote = try row.decode("invented_note")
        if let json: String = try row.decode("snapshot") {
            r.snapshot = try JSONDecoder().decode(AnnualReport.Document.self, from: Data(json.utf8))
        }
        for (kind, section) in sections {
            switch kind {
            case .theme: r.themes.append(section)
            case .story: r.stories.append(section)
            }
        }
        return r
    }

    /// What the report page (and its CSV and PDF) needs, in one round trip: the report, and for a
    /// draft the facts its figures are computed from; with `proposals`, its proposals to the board.
    public struct Page: Sendable {
        public let report: Report
        /// The facts of the report's years; empty for a published report (its snapshot holds the figures).
        public let activities: [CouncilActivity]
        public let assessments: [AnnualReport.Assessment]
        public let members: [CouncilMember]
        public let proposals: [Proposal]

        public init(
            report: Report, activities: [CouncilActivity], assessments: [AnnualReport.Assessment], members: [CouncilMember],
            proposals: [Proposal]
        ) {
            self.report = report
            self.activities = activities
            self.assessments = assessments
            self.members = members
            self.proposals = proposals
        }
    }

    public func page(id: Int64, proposals: Bool) async throws -> Page? {
        let row: Row?
        let sections: [(kind: SectionKind, section: AnnualReport.Section)]
        let activities: [CouncilActivity]
        let assessments: [AnnualReport.Assessment]
        let members: [CouncilMember]
        let list: [Proposal]
        if proposals {
            (row, sections, activities, assessments, members, list) = try await pool.pipeline(
                Self.reportQuery(id: id), Self.sectionsQuery(reportID: id), Self.draftActivitiesQuery(reportID: id),
                Self.draftAssessmentsQuery(reportID: id), Self.draftMembersQuery(reportID: id), Self.proposalsQuery(reportID: id))
        } else {
            (row, sections, activities, assessments, members) = try await pool.pipeline(
                Self.reportQuery(id: id), Self.sectionsQuery(reportID: id), Self.draftActivitiesQuery(reportID: id),
                Self.draftAssessmentsQuery(reportID: id), Self.draftMembersQuery(reportID: id))
            list = []
        }
        guard let row else { return nil }
        return Page(
            report: try Self.report(row, sections: sections), activities: activities, assessments: assessments, members: members,
            proposals: list)
    }

    /// The years of report `$1` if it is a draft (no row for a published one: the facts below are then empty).
    static let draftYears = "draft AS (SELECT from_year, to_year FROM annual_reports WHERE id = $1 AND status <> 'published')"

    /// The activities a draft shows: done in its years or expected the year after, in Tabel 1's order.
    /// Found by the dates' indexes: an activity is either done or expected (a constraint), so the two
    /// parts never overlap.
    static func draftActivitiesQuery(reportID: Int64) -> Query<[CouncilActivity]> {
        Query(
            """
            WITH \(draftYears)
            SELECT a.id, a.project_id, p.name, p.short_name, p.leading_bodies, a.kind, a.partner_council, a.month_done,
                   a.expected_year, a.expected_quarters::text[] AS quarters
            FROM (SELECT * FROM council_activities
                  WHERE month_done >= make_date((SELECT from_year FROM draft), 1, 1) AND month_done < make_date((SELECT to_year FROM draft) + 1, 1, 1)
                  UNION ALL
                  SELECT * FROM council_activities WHERE expected_year = (SELECT to_year FROM draft) + 1) a
            JOIN projects p ON p.id = a.project_id
            ORDER BY a.month_done NULLS LAST, a.expected_year, a.expected_quarters, a.id
            """, [reportID]
        ) { try $0.rows.map(CouncilRepository.activity) }
    }

    /// `assessments(years:)` for a draft's years.
    static func draftAssessmentsQuery(reportID: Int64) -> Query<[AnnualReport.Assessment]> {
        Query(
            """
            WITH \(draftYears)
            SELECT c.id, p.name, l.final_profile, l.sent_at,
                   coalesce((SELECT array_agg(r.focus_area ORDER BY r.position) FROM recommendations r WHERE r.case_id = c.id), '{}') AS areas,
                   e.scores::text[] AS scores, e.invented_note IS NOT NULL AS evaluation_invented,
                   q.id AS q_id, q.questions, q.scale_max, q.low_label, q.high_label
            FROM assessment_cases c JOIN projects p ON p.id = c.project_id JOIN case_letters l ON l.case_id = c.id
            LEFT JOIN case_evaluations e ON e.case_id = c.id
            LEFT JOIN evaluation_questionnaires q ON q.id = e.questionnaire_id
            WHERE l.sent_at >= make_date((SELECT from_year FROM draft), 1, 1)::timestamp AT TIME ZONE 'Europe/Copenhagen'
              AND l.sent_at < make_date((SELECT to_year FROM draft) + 1, 1, 1)::timestamp AT TIME ZONE 'Europe/Copenhagen'
            ORDER BY l.sent_at
            """, [reportID]
        ) { try $0.rows.compactMap(Self.assessment) }
    }

    /// `CouncilRepository.members()` when report `$1` is a draft.
    static func draftMembersQuery(reportID: Int64) -> Query<[CouncilMember]> {
        Query(
            """
            WITH \(draftYears)
            SELECT id, full_name, title, membership, is_chair FROM council_members WHERE EXISTS (SELECT 1 FROM draft) ORDER BY sort_order, id
            """, [reportID]
        ) { try $0.rows.map(CouncilRepository.member) }
    }

    public func create(_ r: Report, audit: AuditRepository.Entry) async throws -> Int64 {
        try await pool.transaction { conn in
            let id: Int64 = try conn.query(
                "INSERT INTO annual_reports (from_year, to_year, title, foreword) VALUES ($1, $2, $3, $4) RETURNING id",
                [r.fromYear, r.toYear, r.title, r.foreword]
            ).first!.decode("id")
            try Self.writeSections(conn, id, r)
            var entry = audit
            entry.objectID = String(id)
            try AuditRepository.append(entry, on: conn)
            return id
        }
    }

    static func writeSections(_ conn: Connection, _ id: Int64, _ r: Report) throws {
        try conn.query("DELETE FROM annual_report_sections WHERE report_id = $1", [id])
        for (kind, sections) in [(SectionKind.theme, r.themes), (.story, r.stories)] {
            for (i, s) in sections.enumerated() {
                try conn.query(
                    "INSERT INTO annual_report_sections (report_id, kind, position, title, body) VALUES ($1, $2, $3, $4, $5)",
                    [id, kind, i + 1, s.title, s.body])
            }
        }
    }

    public enum SaveResult: Sendable, Equatable { case saved, stale, published, notFound }

    /// Saves the editorial text of a draft; a published report is frozen.
    public func save(_ r: Report, audit: AuditRepository.Entry) async throws -> SaveResult {
        try await pool.transaction { conn -> SaveResult in
            guard
                let row = try conn.query("SELECT version, status = 'published' AS published FROM annual_reports WHERE id = $1 FOR UPDATE", [r.id])
                    .first
            else {
                return .notFound
            }
            if try row.decode("published", as: Bool.self) { return .published }
            guard try row.decode("version", as: Int.self) == r.version else { return .stale }
            try conn.query(
                """
                UPDATE annual_reports SET title = $2, foreword = $3, from_year = $4, to_year = $5, version = version + 1, updated_at = now()
                WHERE id = $1
                """, [r.id, r.title, r.foreword, r.fromYear, r.toYear])
            try Self.writeSections(conn, r.id, r)
            try AuditRepository.append(audit, on: conn)
            return .saved
        }
    }

    /// Publishes a draft: the document as it reads now becomes the report, frozen. `at` is when it
    /// was published, now unless given (the demo's report 2021, published in March 2022: DemoSeed).
    public func publish(id: Int64, version: Int, document: AnnualReport.Document, audit: AuditRepository.Entry, at: Date? = nil)
        async throws -> SaveResult
    {
        let json = String(decoding: try JSONEncoder().encode(document), as: UTF8.self)
        return try await pool.transaction { conn -> SaveResult in
            guard
                let row = try conn.query("SELECT version, status = 'published' AS published FROM annual_reports WHERE id = $1 FOR UPDATE", [id]).first
            else {
                return .notFound
            }
            if try row.decode("published", as: Bool.self) { return .published }
            guard try row.decode("version", as: Int.self) == version else { return .stale }
            try conn.query(
                """
                UPDATE annual_reports SET status = 'published', published_at = coalesce($3, now()), snapshot = $2::jsonb, version = version + 1,
                       updated_at = now()
                WHERE id = $1
                """, [id, json, at])
            try AuditRepository.append(audit, on: conn)
            return .saved
        }
    }

    // MARK: The facts the figures are computed from

    /// An assessment whose letter was sent (`draftAssessmentsQuery`): project, profile, month sent,
    /// recommendations' focus areas, evaluation.
    static func assessment(_ row: Row) throws -> AnnualReport.Assessment? {
        let sent: Date = try row.decode("sent_at")
        let c = DanishFormat.calendar.dateComponents([.year, .month], from: sent)
        guard let month = YearMonth(year: c.year ?? 0, month: c.month ?? 0) else { return nil }
        let areas: [String] = try row.decode("areas")
        let scores = (try row.decode("scores", as: [String]?.self))?.compactMap { Int($0) }
        var assessment = AnnualReport.Assessment(
            caseID: try row.decode("id"), project: try row.decode("name"),
            profile: (try row.decode("final_profile", as: String?.self)).flatMap(RiskProfile.init(rawValue:)), monthDone: month,
            recommendations: areas.compactMap(FocusArea.init(rawValue:)),
            evaluation: scores)
        assessment.evaluationInvented = try row.decode("evaluation_invented")
        if scores != nil { assessment.evaluationQuestionnaire = try EvaluationRepository.questionnaire(row, id: "q_id") }
        return assessment
    }

    // MARK: Proposals to the board

    public struct Proposal: Sendable {
        public let id: Int64
        public let reportID: Int64
        public let reportTitle: String
        public let meetingID: Int64
        public let meetingTitle: String
        public let meetingStartsAt: Date
        public let caseNumber: String
        public let status: Status
        public let proposedBy: String

        /// Where a proposal to put a published report on a board agenda stands.
        public enum Status: String, Sendable, SQLDecodable, SQLParameter {
            case proposed
            case accepted
            case declined
        }
        public let itemNumber: Int?
    }

    static let proposalColumns = """
        pr.id, pr.report_id, r.title AS report_title, pr.meeting_id, m.title AS meeting_title, m.starts_at, pr.case_number, pr.status,
        coalesce(u.full_name, '') AS proposed_by, i.number AS item_number
        """
    static let proposalJoins = """
        FROM report_proposals pr JOIN annual_reports r ON r.id = pr.report_id JOIN meetings m ON m.id = pr.meeting_id
        LEFT JOIN users u ON u.id = pr.proposed_by LEFT JOIN agenda_items i ON i.id = pr.item_id
        """

    static func proposal(_ row: Row) throws -> Proposal {
        Proposal(
            id: try row.decode("id"), reportID: try row.decode("report_id"), reportTitle: try row.decode("report_title"),
            meetingID: try row.decode("meeting_id"), meetingTitle: try row.decode("meeting_title"), meetingStartsAt: try row.decode("starts_at"),
            caseNumber: try row.decode("case_number"), status: try row.decode("status"), proposedBy: try row.decode("proposed_by"),
            itemNumber: try row.decode("item_number"))
    }

    public func proposals(reportID: Int64) async throws -> [Proposal] {
        try await pool.run(Self.proposalsQuery(reportID: reportID))
    }

    static func proposalsQuery(reportID: Int64) -> Query<[Proposal]> {
        Query("SELECT \(Self.proposalColumns) \(Self.proposalJoins) WHERE pr.report_id = $1 ORDER BY pr.id", [reportID]) {
            try $0.rows.map(Self.proposal)
        }
    }

    public func openProposals(meetingID: Int64?) async throws -> [Proposal] {
        try await pool.query(
            "SELECT \(Self.proposalColumns) \(Self.proposalJoins) WHERE pr.status = 'proposed' AND ($1::bigint IS NULL OR pr.meeting_id = $1) ORDER BY pr.id",
            [meetingID]
        ).rows.map(Self.proposal)
    }

    public func proposal(id: Int64) async throws -> Proposal? {
        try await pool.query("SELECT \(Self.proposalColumns) \(Self.proposalJoins) WHERE pr.id = $1", [id]).first.map(Self.proposal)
    }

    public enum ProposeResult: Sendable, Equatable { case proposed, notPublished, meetingHeld, duplicate }

    public func propose(reportID: Int64, meetingID: Int64, caseNumber: String, userID: Int64, audit: AuditRepository.Entry) async throws
        -> ProposeResult
    {
        try await pool.transaction { conn -> ProposeResult in
            guard try conn.query("SELECT 1 FROM annual_reports WHERE id = $1 AND status = 'published'", [reportID]).first != nil else {
                return .notPublished
            }
            guard try conn.query("SELECT 1 FROM meetings WHERE id = $1 AND status <> 'held'", [meetingID]).first != nil else { return .meetingHeld }
            let inserted = try conn.query(
                """
                INSERT INTO report_proposals (report_id, meeting_id, case_number, proposed_by) VALUES ($1, $2, $3, $4)
                ON CONFLICT (report_id, meeting_id) DO NOTHING
                """, [reportID, meetingID, caseNumber, userID])
            guard inserted.affectedRows == 1 else { return .duplicate }
            try AuditRepository.append(audit, on: conn)
            return .proposed
        }
    }

    /// Marks a proposal accepted (with the item it created) or declined, once.
    public func decide(proposalID: Int64, accepted: Bool, itemID: Int64?, userID: Int64, on conn: Connection) throws -> Bool {
        try conn.query(
            """
            UPDATE report_proposals SET status = $2, item_id = $3, decided_by = $4, decided_at = now() WHERE id = $1 AND status = $5
            """, [proposalID, accepted ? Proposal.Status.accepted : .declined, itemID, userID, Proposal.Status.proposed]
        ).affectedRows == 1
    }

    /// Accepts a proposal: the agenda item is added at the end of the meeting's agenda with the report
    /// attached as bilag, in one transaction. Nil when the proposal is no longer open or the meeting was held.
    public func accept(
        proposalID: Int64, draft: AgendaItemDraft, attachment: (filename: String, bytes: [UInt8]), userID: Int64,
        audit: AuditRepository.Entry
    ) async throws -> (meetingID: Int64, number: Int)? {
        try await pool.transaction { conn -> (meetingID: Int64, number: Int)? in
            guard
                let p = try conn.query(
                    "SELECT meeting_id FROM report_proposals WHERE id = $1 AND status = 'proposed' FOR UPDATE", [proposalID]
                ).first
            else { return nil }
            let meetingID: Int64 = try p.decode("meeting_id")
            guard try conn.query("SELECT 1 FROM meetings WHERE id = $1 AND status <> 'held' FOR UPDATE", [meetingID]).first != nil else { return nil }
            let item = try BoardRepository.appendItem(conn, meetingID: meetingID, draft)
            let itemID = item.id
            let fileID: Int64 = try conn.query(
                """
                INSERT INTO attachments (item_id, filename, content_type, size_bytes, complete, uploaded_by)
                VALUES ($1, $2, 'application/pdf', $3, true, $4) RETURNING id
                """, [itemID, attachment.filename, attachment.bytes.count, userID]
            ).first!.decode("id")
            let chunk = 256 * 1024
            for (seq, start) in stride(from: 0, to: attachment.bytes.count, by: chunk).enumerated() {
                let bytes = Array(attachment.bytes[start..<min(start + chunk, attachment.bytes.count)])
                try conn.query("INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ($1, $2, $3)", [fileID, seq, ByteA(bytes)])
            }
            _ = try decide(proposalID: proposalID, accepted: true, itemID: itemID, userID: userID, on: conn)
            var entry = audit
            entry.objectID = String(itemID)
            try AuditRepository.append(entry, on: conn)
            return (meetingID, item.number)
        }
    }

    public func decline(proposalID: Int64, userID: Int64, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            let done = try decide(proposalID: proposalID, accepted: false, itemID: nil, userID: userID, on: conn)
            if done { try AuditRepository.append(audit, on: conn) }
            return done
        }
    }
}
