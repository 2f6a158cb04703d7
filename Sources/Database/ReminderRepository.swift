import Domain
import Foundation

/// Reminders: the occasions that may call for one (read loosely here, decided by `ReminderRules`),
/// each one given once per recipient (a unique key), and each user's choice per kind.
public struct ReminderRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    /// A possible reminder: to whom, about what, and the date it is reckoned from.
    public struct Candidate: Sendable, Equatable {
        public let occasion: ReminderOccasion
        public let userID: Int64
        /// The case or meeting it is about (one of the two).
        public let caseID: Int64?
        public let meetingID: Int64?
        /// The project's name or the meeting's title.
        public let title: String
        /// The meeting's start (agenda reminders only).
        public let startsAt: Date?
    }

    /// Everything that could be due around `today` (a Copenhagen day): deadlines in the next two
    /// weeks, waits begun before today, meetings in the next two weeks. `ReminderRules.isDue`
    /// decides which are due, in working days.
    public func candidates(today: DateComponents, now: Date) async throws -> [Candidate] {
        let day = String(format: "%04d-%02d-%02d", today.year!, today.month!, today.day!)
        let results = try await pool.pipeline([
            (
                """
                SELECT 'material' AS kind, c.id AS case_id, NULL::bigint AS meeting_id, to_char(c.material_deadline, 'YYYY-MM-DD') AS day,
                       p.project_leader_id AS user_id, p.name AS title, NULL::timestamptz AS starts_at
                FROM assessment_cases c JOIN projects p ON p.id = c.project_id
                WHERE c.state = 'afventer_materiale' AND p.project_leader_id IS NOT NULL
                  AND c.material_deadline BETWEEN $1::date AND $1::date + 14
                """, [day]
            ),
            (
                """
                SELECT 'responsum' AS kind, c.id AS case_id, NULL::bigint AS meeting_id, to_char(l.responsum_due, 'YYYY-MM-DD') AS day,
                       p.project_leader_id AS user_id, p.name AS title, NULL::timestamptz AS starts_at
                FROM case_letters l JOIN assessment_cases c ON c.id = l.case_id JOIN projects p ON p.id = c.project_id
                WHERE c.state = 'brev_sendt' AND l.sent_at IS NOT NULL AND l.responsum_submitted_at IS NULL AND p.project_leader_id IS NOT NULL
                  AND l.responsum_due BETWEEN $1::date AND $1::date + 14
                """, [day]
            ),
            (
                """
                SELECT 'signoff' AS kind, c.id AS case_id, NULL::bigint AS meeting_id,
                       to_char((l.updated_at AT TIME ZONE 'Europe/Copenhagen')::date, 'YYYY-MM-DD') AS day,
                       a.user_id, p.name AS title, NULL::timestamptz AS starts_at
                FROM case_letters l JOIN assessment_cases c ON c.id = l.case_id JOIN projects p ON p.id = c.project_id
                JOIN case_appointments a ON a.case_id = c.id AND a.role = 'council_member' AND a.declared_at IS NOT NULL
                WHERE c.state = 'vurdering' AND l.final_profile IS NOT NULL AND l.updated_at < $1::timestamptz
                  AND EXISTS (SELECT 1 FROM recommendations r WHERE r.case_id = c.id)
                  AND NOT EXISTS (SELECT 1 FROM letter_signoffs s WHERE s.case_id = c.id AND s.user_id = a.user_id)
                """, [now]
            ),
            (
                """
                SELECT 'impartiality' AS kind, c.id AS case_id, NULL::bigint AS meeting_id,
                       to_char((a.appointed_at AT TIME ZONE 'Europe/Copenhagen')::date, 'YYYY-MM-DD') AS day,
                       a.user_id, p.name AS title, NULL::timestamptz AS starts_at
                FROM case_appointments a JOIN assessment_cases c ON c.id = a.case_id JOIN projects p ON p.id = c.project_id
                WHERE a.declared_at IS NULL AND a.appointed_at < $1::timestamptz
                  AND c.state IN ('planlaegning', 'afventer_materiale', 'vurdering')
                """, [now]
            ),
            (
                """
                SELECT 'agenda' AS kind, NULL::bigint AS case_id, m.id AS meeting_id,
                       to_char((m.starts_at AT TIME ZONE 'Europe/Copenhagen')::date, 'YYYY-MM-DD') AS day,
                       u.id AS user_id, m.title, m.starts_at
                FROM meetings m JOIN users u ON u.active AND 'board_member' = ANY(u.roles)
                WHERE m.status = 'published' AND m.starts_at > $1::timestamptz AND m.starts_at < $1::timestamptz + interval '15 days'
                  AND EXISTS (SELECT 1 FROM agenda_items i WHERE i.meeting_id = m.id
                              AND NOT EXISTS (SELECT 1 FROM item_reads r WHERE r.item_id = i.id AND r.user_id = u.id))
                ORDER BY m.id, u.id
                """, [now]
            ),
        ])
        return try results.flatMap { result in
            try result.rows.compactMap { row -> Candidate? in
                guard let kind = ReminderKind(rawValue: try row.decode("kind")), let day = Self.day(try row.decode("day")) else { return nil }
                let caseID: Int64? = try row.decode("case_id")
                let meetingID: Int64? = try row.decode("meeting_id")
                let object = caseID.map { "case-\($0)" } ?? "meeting-\(meetingID ?? 0)"
                return Candidate(
                    occasion: ReminderOccasion(kind: kind, object: object, day: day), userID: try row.decode("user_id"), caseID: caseID,
                    meetingID: meetingID, title: try row.decode("title"), startsAt: try row.decode("starts_at"))
            }
        }
    }

    static func day(_ text: String) -> DateComponents? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return DateComponents(year: parts[0], month: parts[1], day: parts[2])
    }

    /// A reminder to give: the candidate it came from, its line for the digest and its message.
    public struct Reminder: Sendable {
        public let candidate: Candidate
        public let line: String
        public let link: String
        public let mail: MailDraft

        public init(candidate: Candidate, line: String, link: String, mail: MailDraft) {
            self.candidate = candidate
            self.line = line
            self.link = link
            self.mail = mail
        }
    }

    /// What became of the reminders given to `record`.
    public struct Recorded: Sendable, Equatable {
        public var mailed = 0
        public var forDigest = 0
        public var off = 0
        /// Given before (by this or another instance): nothing done.
        public var already = 0
    }

    /// Records each reminder once per occasion and recipient, by the recipient's choice: mailed now
    /// (written to the outbox in the same transaction), kept for the digest, or noted as off.
    public func record(_ reminders: [Reminder]) async throws -> Recorded {
        guard !reminders.isEmpty else { return Recorded() }
        return try await pool.transaction { conn -> Recorded in
            var recorded = Recorded()
            for r in reminders {
                let c = r.candidate
                let stored: String? = try conn.query(
                    "SELECT choice FROM reminder_preferences WHERE user_id = $1 AND kind = $2", [c.userID, c.occasion.kind.rawValue]
                ).first?.decode("choice")
                let choice = (stored.flatMap(ReminderChoice.init(rawValue:)) ?? .immediately).effective(for: c.occasion.kind)
                let inserted =
                    try conn.query(
                        """
                        INSERT INTO reminders (occasion, user_id, kind, choice, line, link) VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (occasion, user_id) DO NOTHING RETURNING id
                        """, [c.occasion.key, c.userID, c.occasion.kind.rawValue, choice.rawValue, r.line, r.link]
                    ).first != nil
                guard inserted else {
                    recorded.already += 1
                    continue
                }
                switch choice {
                case .immediately:
                    try Outbox.enqueue([r.mail], on: conn)
                    recorded.mailed += 1
                case .digest: recorded.forDigest += 1
                case .off: recorded.off += 1
                }
            }
            return recorded
        }
    }

    /// Mails each user's waiting digest reminders as one message built by `mail` (from the lines and
    /// links, oldest first), and marks them sent, in one transaction. Returns the number of messages.
    public func sendDigests(_ mail: @escaping @Sendable (_ userID: Int64, _ lines: [(line: String, link: String)]) -> MailDraft) async throws -> Int {
        try await pool.transaction { conn -> Int in
            let rows = try conn.query(
                """
                SELECT id, user_id, line, link FROM reminders WHERE choice = 'digest' AND digested_at IS NULL
                ORDER BY user_id, created_at, id FOR UPDATE SKIP LOCKED
                """
            ).rows
            var byUser: [(Int64, [(line: String, link: String)])] = []
            var ids: [Int64] = []
            for row in rows {
                let user: Int64 = try row.decode("user_id")
                let item = (line: try row.decode("line", as: String.self), link: try row.decode("link", as: String.self))
                if byUser.last?.0 == user { byUser[byUser.count - 1].1.append(item) } else { byUser.append((user, [item])) }
                ids.append(try row.decode("id"))
            }
            for (user, lines) in byUser { try Outbox.enqueue([mail(user, lines)], on: conn) }
            if !ids.isEmpty {
                try conn.query("UPDATE reminders SET digested_at = now() WHERE id = ANY($1::bigint[])", [ids.map(String.init)])
            }
            return byUser.count
        }
    }

    /// A user's choice per kind (kinds without a stored choice are sent immediately).
    public func preferences(userID: Int64) async throws -> [ReminderKind: ReminderChoice] {
        var out: [ReminderKind: ReminderChoice] = [:]
        for row in try await pool.query("SELECT kind, choice FROM reminder_preferences WHERE user_id = $1", [userID]).rows {
            if let kind = ReminderKind(rawValue: try row.decode("kind")), let choice = ReminderChoice(rawValue: try row.decode("choice")) {
                out[kind] = choice
            }
        }
        return out
    }

    /// Stores a user's choices; an own step's "off" is refused by the caller and by the table.
    public func setPreferences(userID: Int64, _ choices: [ReminderKind: ReminderChoice], audit: AuditRepository.Entry) async throws {
        try await pool.transaction { conn in
            for (kind, choice) in choices.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try conn.query(
                    """
                    INSERT INTO reminder_preferences (user_id, kind, choice) VALUES ($1, $2, $3)
                    ON CONFLICT (user_id, kind) DO UPDATE SET choice = EXCLUDED.choice
                    """, [userID, kind.rawValue, choice.rawValue])
            }
            try AuditRepository.append(audit, on: conn)
        }
    }
}
