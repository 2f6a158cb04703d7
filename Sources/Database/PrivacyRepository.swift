import Domain
import Foundation

/// Personal data over its whole life (GDPR art. 5(1)(e), 15, 17): the retention rules carried out,
/// everything held about one person read out, and a person's data erased where no duty to keep
/// applies. `docs/privacy.md` is the register this code follows.
///
/// Tables other features add later are read only where they exist (`to_regclass`), so a section
/// appears in the export, and is erased, as soon as its table does.
public struct PrivacyRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    // MARK: Retention

    /// Carries out `policy` as of `now` in one transaction, under an advisory lock (two instances
    /// running it at once take turns; the second finds nothing left to do). Idempotent.
    public func applyRetention(_ policy: RetentionPolicy, now: Date) async throws -> RetentionReport {
        try await pool.transaction { conn in
            try conn.query("SELECT pg_advisory_xact_lock(hashtext('privacy.retention'))")
            var report = RetentionReport()
            let sessionsBefore = policy.cutoff(days: policy.sessionsDays, before: now)
            report.sessions = try conn.query("DELETE FROM sessions WHERE last_seen_at < $1", [sessionsBefore]).affectedRows
            let attemptsBefore = policy.cutoff(days: policy.loginAttemptsDays, before: now)
            report.loginAttempts = try conn.query("DELETE FROM login_failures WHERE at < $1", [attemptsBefore]).affectedRows
            if try Self.exists("rate_events", conn) {
                report.loginAttempts += try conn.query("DELETE FROM rate_events WHERE at < $1", [attemptsBefore]).affectedRows
            }
            if policy.mailDays > 0 {
                report.mails = try conn.query(
                    "DELETE FROM mail_outbox WHERE sent_at < $1", [policy.cutoff(days: policy.mailDays, before: now)]
                ).affectedRows
            }
            report.exports = try conn.query(
                "DELETE FROM rendered_documents WHERE document LIKE 'personal:%' AND rendered_at < $1", [policy.cutoff(days: 1, before: now)]
            ).affectedRows
            // Private notes are the author's own while they are a board member, and no longer.
            report.privateNotes = try conn.query(
                """
                DELETE FROM item_notes n USING users u
                WHERE u.id = n.user_id AND NOT (u.active AND 'board_member' = ANY (u.roles))
                """
            ).affectedRows
            // A case's steps are its timeline, part of the case's record (kept by the records rules like the
            // rest of the case): they keep who did what and lose only the address it came from. Erasure on
            // request still replaces the name there (erase below).
            try conn.query("SET LOCAL raadsportal.pseudonymise = 'on'")
            report.auditPseudonymised = try conn.query(
                """
                UPDATE audit_log a
                SET username = CASE WHEN a.object_type = 'case' THEN a.username
                                    WHEN a.user_id IS NULL THEN 'ukendt' ELSE 'bruger ' || a.user_id END,
                    client_ip = '',
                    detail = CASE WHEN a.object_type = 'case' OR u.id IS NULL THEN a.detail
                                  WHEN a.detail = u.username THEN 'bruger ' || u.id
                                  ELSE replace(replace(a.detail, u.full_name, 'bruger ' || u.id),
                                       CASE WHEN u.email = '' THEN chr(1) ELSE u.email END, '') END,
                    pseudonymised_at = $2
                FROM audit_log o LEFT JOIN users u ON u.id = o.user_id
                WHERE o.id = a.id AND a.at < $1 AND a.pseudonymised_at IS NULL
                  AND (a.user_id IS NOT NULL OR a.client_ip <> '' OR a.username NOT IN ('', 'system'))
                """, [policy.auditCutoff(before: now), now]
            ).affectedRows
            return report
        }
    }

    /// Deletes the private notes of one person unless they may keep them (an admin saved their
    /// roles or deactivated them); returns how many went.
    @discardableResult
    public func dropNotesIfNoLongerBoardMember(userID: Int64) async throws -> Int {
        try await pool.query(
            """
            DELETE FROM item_notes n USING users u
            WHERE u.id = n.user_id AND u.id = $1 AND NOT (u.active AND 'board_member' = ANY (u.roles))
            """, [userID]
        ).affectedRows
    }

    static func exists(_ table: String, _ conn: Connection) throws -> Bool {
        try conn.query("SELECT to_regclass($1) IS NOT NULL AS e", ["public." + table]).first!.decode("e")
    }

    // MARK: Access (art. 15)

    /// One part of what the portal holds about a person: its rows as JSON objects.
    public struct Section: Sendable {
        public let key: String
        public let title: String
        /// The rows as JSON text (an array of objects), straight from PostgreSQL.
        public let json: String
    }

    /// A part of the export: the table, the rows that concern the person (`me.id`, `me.username`,
    /// `me.email`), the columns left out (secrets: hashes, tokens) and the order.
    struct SectionQuery {
        let key: String
        let title: String
        let table: String
        let condition: String
        let omit: [String]
        let order: String
        var extraTables: [String] = []
    }

    static let sections: [SectionQuery] = [
        SectionQuery(
            key: "konto", title: "Konto", table: "users", condition: "t.id = me.id",
            omit: ["password_hash", "totp_secret", "totp_last_step", "version"], order: "t.id"),
        SectionQuery(
            key: "sessioner", title: "Sessioner (log ind)", table: "sessions", condition: "t.user_id = me.id",
            omit: ["id_hash", "csrf_token", "oidc_id_token"], order: "t.created_at"),
        SectionQuery(
            key: "mislykkede_logins", title: "Mislykkede log ind", table: "login_failures", condition: "lower(t.username) = lower(me.username)",
            omit: ["device"], order: "t.at"),
        SectionQuery(
            key: "revisionslog", title: "Revisionslog (handlinger foretaget af personen eller på kontoen)", table: "audit_log",
            condition: "t.user_id = me.id OR (t.object_type = 'user' AND t.object_id = me.id::text)", omit: [], order: "t.at, t.id"),
        SectionQuery(
            key: "private_noter", title: "Private noter til dagsordenspunkter", table: "item_notes", condition: "t.user_id = me.id",
            omit: [], order: "t.item_id"),
        SectionQuery(
            key: "laesemarkeringer", title: "Læsemarkeringer", table: "item_reads", condition: "t.user_id = me.id",
            omit: ["read_snapshot"], order: "t.item_id"),
        SectionQuery(
            key: "udpegninger_og_habilitetserklaeringer", title: "Udpegninger til sager og habilitetserklæringer", table: "case_appointments",
            condition: "t.user_id = me.id", omit: [], order: "t.case_id"),
        SectionQuery(
            key: "erklaerede_interesser", title: "Erklærede interesser (inhabilitet)", table: "declared_interests",
            condition: "t.user_id = me.id", omit: [], order: "t.project_id"),
        SectionQuery(
            key: "observationer", title: "Observationer på sager", table: "case_observations", condition: "t.author_id = me.id",
            omit: [], order: "t.created_at"),
        SectionQuery(
            key: "underskrifter", title: "Underskrifter af anbefalingsbreve", table: "letter_signoffs", condition: "t.user_id = me.id",
            omit: [], order: "t.case_id"),
        SectionQuery(
            key: "underskrevne_tekster", title: "Tekster, personen har underskrevet", table: "letter_signed_texts",
            condition: "t.user_id = me.id", omit: [], order: "t.case_id"),
        SectionQuery(
            key: "sparringsmoeder", title: "Deltagelse i sparringsmøder", table: "activity_participants", condition: "t.user_id = me.id",
            omit: [], order: "t.activity_id"),
        SectionQuery(
            key: "udgiftsaendringer", title: "Registrerede udgiftsændringer", table: "case_cost_changes", condition: "t.recorded_by = me.id",
            omit: [], order: "t.id"),
        SectionQuery(
            key: "emails", title: "E-mails sendt til personen", table: "mail_outbox",
            condition: "me.email <> '' AND lower(t.recipient) = lower(me.email)", omit: ["job_id"], order: "t.created_at"),
        SectionQuery(
            key: "paamindelser", title: "Valg af påmindelser", table: "reminder_preferences", condition: "t.user_id = me.id",
            omit: [], order: "t.kind"),
        SectionQuery(
            key: "fremmoede", title: "Fremmøde til bestyrelsesmøder", table: "meeting_attendance", condition: "t.user_id = me.id",
            omit: [], order: "t.meeting_id"),
        SectionQuery(
            key: "referatkommentarer", title: "Kommentarer til referater", table: "minutes_comments", condition: "t.user_id = me.id",
            omit: [], order: "t.created_at"),
        SectionQuery(
            key: "inhabilitet_punkter", title: "Inhabilitet på dagsordenspunkter", table: "item_exclusions", condition: "t.user_id = me.id",
            omit: [], order: "t.item_id"),
        SectionQuery(
            key: "kalenderlink", title: "Personligt kalenderlink", table: "calendar_feeds", condition: "t.user_id = me.id",
            omit: ["token", "token_hash"], order: "t.user_id"),
        SectionQuery(
            key: "gendannelseskoder", title: "Gendannelseskoder til totrinslogin (kun antal og tidspunkter)", table: "totp_recovery_codes",
            condition: "t.user_id = me.id", omit: ["code_hash"], order: "t.user_id"),
        SectionQuery(
            key: "nulstillingslinks", title: "Links til ny adgangskode", table: "password_tokens", condition: "t.user_id = me.id",
            omit: ["token_hash", "id_hash"], order: "t.user_id"),
        SectionQuery(
            key: "kontoanmodninger", title: "Anmodninger om konto", table: "account_requests",
            condition: "t.user_id = me.id OR (me.email <> '' AND lower(t.email) = lower(me.email))", omit: [], order: "t.created_at"),
        SectionQuery(
            key: "indmeldinger", title: "Sager, personen har oprettet", table: "assessment_cases", condition: "t.created_by = me.id",
            omit: [], order: "t.id"),
    ]

    /// Everything the portal holds about the person, section by section; nil when there is no such user.
    public func export(userID: Int64) async throws -> [Section]? {
        try await pool.withConnection { conn in
            guard
                let me = try conn.query("SELECT username, email FROM users WHERE id = $1", [userID]).first
            else { return nil }
            let username: String = try me.decode("username")
            let email: String = try me.decode("email")
            var out: [Section] = []
            for s in Self.sections where try Self.exists(s.table, conn) {
                let json: String = try conn.query(
                    """
                    WITH me AS (SELECT $1::bigint AS id, $2::text AS username, $3::text AS email)
                    SELECT coalesce(jsonb_agg(to_jsonb(t) - $4::text[] ORDER BY \(s.order)), '[]'::jsonb)::text AS j
                    FROM \(s.table) t, me WHERE \(s.condition)
                    """, [userID, username, email, s.omit]
                ).first!.decode("j")
                out.append(Section(key: s.key, title: s.title, json: json))
            }
            return out
        }
    }

    // MARK: Erasure (art. 17)

    /// What an erasure did, for the audit log and the page.
    public struct Erased: Sendable {
        public var pseudonym: String
        public var counts: [String: Int] = [:]
    }

    /// Erases the person's data where no duty to keep applies (`ErasureScope.changes`): the account
    /// pseudonymised, their private material deleted, their name replaced in the audit log (the
    /// facts kept). Sent letters' PDFs, published reports and approved minutes are not touched.
    /// Nil when there is no such user or it is already erased.
    public func erase(userID: Int64, audit: AuditRepository.Entry) async throws -> Erased? {
        try await pool.transaction { conn in
            guard
                let me = try conn.query(
                    "SELECT username, full_name, email FROM users WHERE id = $1 AND erased_at IS NULL FOR UPDATE", [userID]
                ).first
            else { return nil }
            let username: String = try me.decode("username")
            let fullName: String = try me.decode("full_name")
            let email: String = try me.decode("email")
            let pseudonym = Pseudonym.fullName(userID: userID)
            let pseudoUser = Pseudonym.username(userID: userID)
            var result = Erased(pseudonym: pseudonym)
            func run(_ key: String, _ table: String, _ sql: String, _ parameters: [any SQLParameter]) throws {
                guard try Self.exists(table, conn) else { return }
                result.counts[key, default: 0] += try conn.query(sql, parameters).affectedRows
            }
            try run("sessioner", "sessions", "DELETE FROM sessions WHERE user_id = $1", [userID])
            try run("private_noter", "item_notes", "DELETE FROM item_notes WHERE user_id = $1", [userID])
            try run("laesemarkeringer", "item_reads", "DELETE FROM item_reads WHERE user_id = $1", [userID])
            try run("paamindelser", "reminder_preferences", "DELETE FROM reminder_preferences WHERE user_id = $1", [userID])
            try run("paamindelser", "reminders", "DELETE FROM reminders WHERE user_id = $1", [userID])
            try run("kalenderlink", "calendar_feeds", "DELETE FROM calendar_feeds WHERE user_id = $1", [userID])
            try run("gendannelseskoder", "totp_recovery_codes", "DELETE FROM totp_recovery_codes WHERE user_id = $1", [userID])
            try run("nulstillingslinks", "password_tokens", "DELETE FROM password_tokens WHERE user_id = $1", [userID])
            try run("log_ind", "login_challenges", "DELETE FROM login_challenges WHERE user_id = $1", [userID])
            try run("log_ind", "form_submissions", "DELETE FROM form_submissions WHERE user_id = $1", [userID])
            try run("mislykkede_logins", "login_failures", "DELETE FROM login_failures WHERE lower(username) = lower($1)", [username])
            if !email.isEmpty {
                try run("emails", "mail_outbox", "DELETE FROM mail_outbox WHERE lower(recipient) = lower($1)", [email])
            }
            try run(
                "kontoanmodninger", "account_requests",
                """
                UPDATE account_requests SET full_name = $2, email = 'slettet', message = '', project = ''
                WHERE user_id = $1 OR ($3 <> '' AND lower(email) = lower($3))
                """, [userID, pseudonym, email])
            // Names typed as text where the account is the one meant.
            try run(
                "sager", "assessment_cases", "UPDATE assessment_cases SET decided_by_name = $2 WHERE decided_by_user = $1 AND decided_by_name = $3",
                [userID, pseudonym, fullName])
            try run(
                "udgiftsaendringer", "case_cost_changes", "UPDATE case_cost_changes SET recorded_by_name = $2 WHERE recorded_by = $1",
                [userID, pseudonym])
            // The PDF export of this person, if one was made.
            try run("dokumenter", "rendered_documents", "DELETE FROM rendered_documents WHERE document = $1", ["personal:\(userID)"])
            // The audit log: who is replaced, what happened stays.
            try conn.query("SET LOCAL raadsportal.pseudonymise = 'on'")
            // The entries of their own doing or about their account: the actor and the names.
            let names = "replace(replace(a.detail, $3::text, $4::text), CASE WHEN $5::text = '' THEN chr(1) ELSE $5::text END, '')"
            result.counts["revisionslog"] = try conn.query(
                """
                UPDATE audit_log a SET username = CASE WHEN a.user_id = $1 THEN $2 ELSE a.username END,
                    client_ip = CASE WHEN a.user_id = $1 THEN '' ELSE a.client_ip END,
                    detail = CASE WHEN a.detail = $6 THEN $2
                                  WHEN left(a.detail, length($6) + 1) = $6 || ';' THEN $2 || substr(a.detail, length($6) + 1)
                                  ELSE \(names) END,
                    pseudonymised_at = coalesce(a.pseudonymised_at, now())
                WHERE a.user_id = $1 OR (a.object_type = 'user' AND a.object_id = $1::text)
                """, [userID, pseudoUser, fullName, pseudonym, email, username]
            ).affectedRows
            // Others' entries that name them (a mail's recipient, an appointment): the name only.
            result.counts["revisionslog", default: 0] += try conn.query(
                """
                UPDATE audit_log a SET detail = \(names)
                WHERE a.user_id IS DISTINCT FROM $1 AND $2::text <> '' AND NOT (a.object_type = 'user' AND a.object_id = $1::text)
                  AND (position($3::text IN a.detail) > 0 OR ($5::text <> '' AND position($5::text IN a.detail) > 0))
                """, [userID, pseudoUser, fullName, pseudonym, email]
            ).affectedRows
            try conn.query(
                """
                UPDATE users SET username = $2, full_name = $3, email = '', password_hash = '!', roles = '{}', active = false,
                    body = '', totp_secret = NULL, totp_enabled_at = NULL, oidc_issuer = NULL, oidc_subject = NULL, provider_roles = '{}',
                    erased_at = now(), version = version + 1, updated_at = now()
                WHERE id = $1
                """, [userID, pseudoUser, pseudonym])
            try AuditRepository.append(audit, on: conn)
            return result
        }
    }
}
