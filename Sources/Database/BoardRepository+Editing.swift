import Domain
import Foundation

/// Writing the board's meetings and agenda items (the board secretariat's work).
extension BoardRepository {
    public func createMeeting(title: String, startsAt: Date, endsAt: Date?, place: String, audit: AuditRepository.Entry) async throws -> Int64 {
        try await pool.transaction { conn in
            let id: Int64 = try conn.query(
                "INSERT INTO meetings (title, starts_at, ends_at, place) VALUES ($1, $2, $3, $4) RETURNING id",
                [title, startsAt, endsAt, place]
            ).first!.decode("id")
            var entry = audit
            entry.objectID = String(id)
            try AuditRepository.append(entry, on: conn)
            return id
        }
    }

    public enum SaveResult: Sendable, Equatable {
        case saved
        case stale  // someone saved first
        case notFound
        case refused(String)
    }

    /// Saves a meeting's facts if nobody changed it since `version`. A published meeting's
    /// correction is recorded with what changed, and `notifyIfPublished` (the board's e-mail about
    /// the correction) goes to the outbox in the same transaction.
    public func updateMeeting(
        id: Int64, version: Int, title: String, startsAt: Date, endsAt: Date?, place: String,
        userID: Int64, audit: AuditRepository.Entry, notifyIfPublished: [MailDraft] = []
    ) async throws -> SaveResult {
        try await pool.transaction { conn in
            guard let row = try conn.query("SELECT \(Self.meetingColumns) FROM meetings m WHERE m.id = $1 FOR UPDATE", [id]).first else {
                return .notFound
            }
            let old = try Self.meeting(row)
            guard old.version == version else { return .stale }
            try conn.query(
                "UPDATE meetings SET title = $2, starts_at = $3, ends_at = $4, place = $5, version = version + 1, updated_at = now() WHERE id = $1",
                [id, title, startsAt, endsAt, place])
            var changes: [String] = []
            if old.title != title { changes.append("titel: \(old.title) → \(title)") }
            if old.startsAt != startsAt { changes.append("tidspunkt: \(DanishFormat.dateTime(old.startsAt)) → \(DanishFormat.dateTime(startsAt))") }
            if old.endsAt != endsAt { changes.append("sluttidspunkt ændret") }
            if old.place != place { changes.append("sted: \(old.place) → \(place)") }
            if old.status != .draft && !changes.isEmpty {
                try conn.query(
                    "INSERT INTO meeting_changes (meeting_id, user_id, summary) VALUES ($1, $2, $3)",
                    [id, userID, changes.joined(separator: "; ")])
            }
            var entry = audit
            entry.detail = changes.joined(separator: "; ")
            try AuditRepository.append(entry, on: conn)
            if old.status != .draft { try Outbox.enqueue(notifyIfPublished, on: conn) }
            return .saved
        }
    }

    /// Moves a meeting forward: draft → published → held; `notify`'s messages go to the outbox with it.
    public func setStatus(id: Int64, to next: MeetingStatus, audit: AuditRepository.Entry, notify: [MailDraft] = []) async throws -> SaveResult {
        try await pool.transaction { conn in
            guard let row = try conn.query("SELECT status FROM meetings WHERE id = $1 FOR UPDATE", [id]).first else { return .notFound }
            let current = MeetingStatus(rawValue: try row.decode("status")) ?? .draft
            guard current.canMove(to: next) else {
                return .refused("Mødet kan ikke gå fra »\(current.danishName)« til »\(next.danishName)«.")
            }
            try conn.query("UPDATE meetings SET status = $2, version = version + 1, updated_at = now() WHERE id = $1", [id, next.rawValue])
            try AuditRepository.append(audit, on: conn)
            try Outbox.enqueue(notify, on: conn)
            return .saved
        }
    }

    public struct MeetingChange: Sendable {
        public let at: Date
        public let summary: String
    }

    static func changesQuery(meetingID: Int64) -> Query<[MeetingChange]> {
        Query("SELECT at, summary FROM meeting_changes WHERE meeting_id = $1 ORDER BY at, id", [meetingID]) {
            try $0.rows.map { MeetingChange(at: try $0.decode("at"), summary: try $0.decode("summary")) }
        }
    }

    // MARK: Items

    /// Adds an item at the end of a meeting's agenda, within the caller's transaction (the caller
    /// holds the meeting's row lock, so two additions cannot take the same number).
    static func appendItem(_ conn: Connection, meetingID: Int64, _ draft: AgendaItemDraft) throws -> (id: Int64, number: Int) {
        let row = try conn.query(
            """
            INSERT INTO agenda_items (meeting_id, number, title, confidential, kind, case_officer, case_number, resume,
                indstilling, sagsfremstilling, oekonomi, bemaerkninger, kommunikation)
            VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM agenda_items WHERE meeting_id = $1),
                $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            RETURNING id, number
            """, [meetingID] + draftParameters(draft)
        ).first!
        return (try row.decode("id"), try row.decode("number"))
    }

    static func draftParameters(_ d: AgendaItemDraft) -> [any SQLParameter] {
        [
            d.title.trimmingWhitespace(), d.confidential, d.kind.rawValue, d.caseOfficer.trimmingWhitespace(),
            CaseNumber(d.caseNumber)?.value ?? d.caseNumber, d.resume, d.indstilling, d.sagsfremstilling, d.oekonomi,
            d.bemaerkninger, d.kommunikation,
        ]
    }

    /// Adds an item at the end of the agenda (the meeting row is locked, so numbers stay 1…n).
    public func addItem(meetingID: Int64, _ draft: AgendaItemDraft, audit: AuditRepository.Entry) async throws -> (id: Int64, number: Int)? {
        try await pool.transaction { conn in
            guard try conn.query("SELECT id FROM meetings WHERE id = $1 FOR UPDATE", [meetingID]).first != nil else { return nil }
            let added = try Self.appendItem(conn, meetingID: meetingID, draft)
            var entry = audit
            entry.objectID = String(added.id)
            try AuditRepository.append(entry, on: conn)
            return added
        }
    }

    /// One item in full for the board secretariat's editor (confidential included).
    public func itemForEditing(id: Int64) async throws -> (item: AgendaItem, kind: AgendaItemKind)? {
        guard
            let row = try await pool.query(
                """
                SELECT \(Self.itemColumns), \(Self.itemBodyColumns), i.kind
                FROM agenda_items i WHERE i.id = $1
                """, [id, ItemReader(userID: 0, mayReadConfidential: true)]
            ).first, case .readable(let item) = try Self.entry(row, full: true)
        else { return nil }
        return (item, AgendaItemKind(rawValue: try row.decode("kind")) ?? .sag)
    }

    public func updateItem(id: Int64, version: Int, _ draft: AgendaItemDraft, audit: AuditRepository.Entry) async throws -> SaveResult {
        try await pool.transaction { conn in
            let r = try conn.query(
                """
                UPDATE agenda_items SET title = $3, confidential = $4, kind = $5, case_officer = $6, case_number = $7, resume = $8,
                    indstilling = $9, sagsfremstilling = $10, oekonomi = $11, bemaerkninger = $12, kommunikation = $13,
                    version = version + 1, updated_at = now()
                WHERE id = $1 AND version = $2
                """, [id, version] + Self.draftParameters(draft))
            if r.affectedRows == 0 {
                let exists = try conn.query("SELECT 1 AS one FROM agenda_items WHERE id = $1", [id]).first != nil
                return exists ? .stale : .notFound
            }
            try AuditRepository.append(audit, on: conn)
            return .saved
        }
    }

    /// Removes an item and closes the gap in the numbering.
    public func deleteItem(id: Int64, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            guard let row = try conn.query("SELECT meeting_id, number FROM agenda_items WHERE id = $1", [id]).first else { return false }
            let meetingID: Int64 = try row.decode("meeting_id")
            let number: Int = try row.decode("number")
            try conn.query("SELECT id FROM meetings WHERE id = $1 FOR UPDATE", [meetingID])
            try conn.execute("SET CONSTRAINTS agenda_items_number_key DEFERRED")
            try conn.query("DELETE FROM agenda_items WHERE id = $1", [id])
            try conn.query("UPDATE agenda_items SET number = number - 1 WHERE meeting_id = $1 AND number > $2", [meetingID, number])
            try AuditRepository.append(audit, on: conn)
            return true
        }
    }

    /// Moves an item one place up (-1) or down (+1); numbers stay 1…n.
    public func moveItem(id: Int64, by offset: Int, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            guard let row = try conn.query("SELECT meeting_id FROM agenda_items WHERE id = $1", [id]).first else { return false }
            let meetingID: Int64 = try row.decode("meeting_id")
            try conn.query("SELECT id FROM meetings WHERE id = $1 FOR UPDATE", [meetingID])
            let ids: [Int64] = try conn.query("SELECT id FROM agenda_items WHERE meeting_id = $1 ORDER BY number", [meetingID])
                .rows.map { try $0.decode("id") }
            guard let index = ids.firstIndex(of: id) else { return false }
            let reordered = AgendaNumbering.move(ids, from: index, by: offset)
            if reordered == ids { return true }
            try conn.execute("SET CONSTRAINTS agenda_items_number_key DEFERRED")
            for (itemID, number) in AgendaNumbering.numbers(for: reordered) {
                try conn.query("UPDATE agenda_items SET number = $2 WHERE id = $1 AND number <> $2", [itemID, number])
            }
            try AuditRepository.append(audit, on: conn)
            return true
        }
    }

    public func setDecision(id: Int64, decision: String, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            let r = try conn.query("UPDATE agenda_items SET decision = $2, version = version + 1, updated_at = now() WHERE id = $1", [id, decision])
            guard r.affectedRows == 1 else { return false }
            try AuditRepository.append(audit, on: conn)
            return true
        }
    }

    // MARK: Board members' tools

    /// An item a reader writes about (a read mark, a private note), found by meeting and number
    /// only when the reader may read it: the same rule as `item(...)`, so that the check and the
    /// write are one statement. Parameters: $1 meeting, $2 number, $3 drafts shown, $4 the reader
    /// (an `ItemReader`).
    static let readableItemSQL = """
        SELECT i.id FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
        WHERE i.meeting_id = $1 AND i.number = $2 AND ($3 OR m.status <> 'draft') AND \(BoardRepository.visibleItemCondition(reader: "$4"))
        """

    /// Marks a readable item read; false when there is no such item for this reader.
    public func markRead(userID: Int64, meetingID: Int64, number: Int, includeDrafts: Bool, reader: ItemReader) async throws -> Bool {
        try await pool.query(
            """
            WITH item AS (\(Self.readableItemSQL)),
                 -- What the item says now (sql/026), kept once per distinct content, for "changed since you read it".
                 snap AS (
                    INSERT INTO item_snapshots (item_id, snapshot) SELECT i.id, agenda_item_snapshot(i) FROM agenda_items i JOIN item ON item.id = i.id
                    ON CONFLICT (item_id, md5(snapshot::text)) DO UPDATE SET item_id = EXCLUDED.item_id RETURNING id, item_id),
                 mark AS (
                    INSERT INTO item_reads (user_id, item_id, read_snapshot_id) SELECT $5, item_id, id FROM snap
                    ON CONFLICT (user_id, item_id) DO UPDATE SET read_at = now(), read_snapshot_id = EXCLUDED.read_snapshot_id)
            SELECT id FROM item
            """, [meetingID, number, includeDrafts, reader, userID]
        ).first != nil
    }

    public func note(userID: Int64, itemID: Int64) async throws -> String? {
        try await pool.query("SELECT body FROM item_notes WHERE user_id = $1 AND item_id = $2", [userID, itemID]).first?.decode("body")
    }

    /// Saves (or, when empty, deletes) the reader's private note on a readable item; false when
    /// there is no such item for this reader.
    public func saveNote(
        userID: Int64, meetingID: Int64, number: Int, includeDrafts: Bool, reader: ItemReader,
        body: String
    ) async throws -> Bool {
        let remove = body.trimmingWhitespace().isEmpty
        let write =
            remove
            ? "DELETE FROM item_notes WHERE user_id = $5 AND item_id = (SELECT id FROM item)"
            : """
            INSERT INTO item_notes (user_id, item_id, body) SELECT $5, id, $6 FROM item
            ON CONFLICT (user_id, item_id) DO UPDATE SET body = EXCLUDED.body, updated_at = now()
            """
        let parameters: [any SQLParameter] = [meetingID, number, includeDrafts, reader, userID]
        return try await pool.query(
            "WITH item AS (\(Self.readableItemSQL)), note AS (\(write)) SELECT id FROM item",
            remove ? parameters : parameters + [body]
        ).first != nil
    }

    /// The ids of a meeting's items that the reader has marked read.
    public func readItemIDs(userID: Int64, meetingID: Int64) async throws -> Set<Int64> {
        try await pool.run(Self.readItemIDsQuery(userID: userID, meetingID: meetingID))
    }

    static func readItemIDsQuery(userID: Int64, meetingID: Int64) -> Query<Set<Int64>> {
        Query(
            "SELECT r.item_id FROM item_reads r JOIN agenda_items i ON i.id = r.item_id WHERE r.user_id = $1 AND i.meeting_id = $2",
            [userID, meetingID]
        ) { Set(try $0.rows.map { try $0.decode("item_id", as: Int64.self) }) }
    }

    /// Unread items of published meetings from today on that the member may read (an item they
    /// are excluded from is not theirs to read), for a board member's front page.
    public func unread(userID: Int64, reader: ItemReader, from: Date) async throws -> [(meeting: Meeting, number: Int, title: String)] {
        try await pool.query(
            """
            SELECT \(Self.meetingColumns), i.number, i.title AS item_title
            FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
            WHERE m.status <> 'draft' AND m.starts_at >= $2 AND \(Self.visibleItemCondition(reader: "$3"))
              AND NOT EXISTS (SELECT 1 FROM item_reads r WHERE r.item_id = i.id AND r.user_id = $1)
            ORDER BY m.starts_at, i.number LIMIT 50
            """, [userID, from, reader]
        ).rows.map { (try Self.meeting($0), try $0.decode("number"), try $0.decode("item_title")) }
    }

    /// Every item of a meeting in full (for the agenda pack), as the reader may see them.
    public func fullAgenda(meetingID: Int64, reader: ItemReader) async throws -> [AgendaEntry] {
        try await pool.query(
            "SELECT \(Self.itemColumns), \(Self.itemBodyColumns) FROM agenda_items i WHERE i.meeting_id = $1 ORDER BY i.number",
            [meetingID, reader]
        ).rows.map { try Self.entry($0, full: true) }
    }

    // MARK: Search

    public struct SearchHit: Sendable {
        public let meeting: Meeting
        public let number: Int
        public let title: String
        public let caseNumber: String
        public let snippet: String  // ts_headline output with «« »» around the matches, not yet escaped
        /// What of the item the demo data invented (sql/021); nil for what is real.
        public var invented: String?
        /// A confidential item (found only by a reader who may read it): labelled »Fortrolig«.
        public var confidential = false
        /// Where the words were found when it was in an attachment's text (sql/029).
        public var attachment: AttachmentPlace?
    }

    /// An attachment's page (of the PDF, or of the PDF made of an office file) or sheet.
    public struct AttachmentPlace: Sendable, Equatable {
        public let id: Int64
        public let filename: String
        /// The page, or the sheet's position.
        public let part: Int
        /// The sheet's name, for a spreadsheet.
        public let sheet: String?
    }

    /// A page of search results, best first.
    public struct SearchResult: Sendable {
        public let hits: [SearchHit]
        /// Items found among the candidates, over all pages.
        public let total: Int
        /// More items matched than `searchCandidates`: the results are the best of the newest.
        public let capped: Bool
    }

    /// Ranking reads the text of every candidate, so the candidates are bounded: the newest
    /// matching items, up to this many (about three years of board meetings). A word found in
    /// nearly every item then costs the same however large the archive grows; more precise words
    /// match fewer items and are ranked among all of them.
    public static let searchCandidates = 500

    /// Full-text search with the Danish configuration over items, their sub-topics and the status-note
    /// sections they carry; one hit per item, best first, `limit` from `offset`. Confidential items
    /// are only searched for readers who may see them (the WHERE clauses, not the view, enforce it).
    /// Drafts never. Snippets are made only for the hits on the page.
    public func search(_ query: String, reader: ItemReader, offset: Int = 0, limit: Int = 20) async throws -> SearchResult {
        let options = "StartSel=««, StopSel=»», MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \""
        let rows = try await pool.query(
            """
            WITH q AS (SELECT websearch_to_tsquery('danish', $1) AS q),
            -- (Drafts are left out below, in top: a join to the meetings here cost more than the ranking.)
            recent AS (
                SELECT i.id FROM agenda_items i, q WHERE i.search @@ q.q AND \(Self.visibleItemCondition(reader: "$2"))
                ORDER BY i.id DESC LIMIT $5
            ),
            hits AS (
                SELECT i.id AS item_id, ts_rank(i.search, q.q) AS rank, 'i' AS source, i.id AS source_id, 0 AS part
                FROM recent r JOIN agenda_items i ON i.id = r.id, q
                UNION ALL
                SELECT s.item_id, ts_rank(s.search, q.q), 's', s.id, 0 FROM agenda_subtopics s, q WHERE s.search @@ q.q
                UNION ALL
                SELECT i.id, ts_rank(s.search, q.q), 'n', s.id, 0
                FROM status_note_sections s JOIN agenda_items i ON i.status_note_version_id = s.version_id, q WHERE s.search @@ q.q
                UNION ALL
                -- The text of the attachments (sql/029), a page or a sheet at a time; the item's visibility applies in top.
                SELECT a.item_id, ts_rank(t.search, q.q), 'a', a.id, t.part
                FROM attachment_texts t JOIN attachments a ON a.id = t.attachment_id, q WHERE t.search @@ q.q AND a.item_id IS NOT NULL
            ),
            best AS (
                SELECT DISTINCT ON (h.item_id) h.item_id, h.rank, h.source, h.source_id, h.part FROM hits h ORDER BY h.item_id, h.rank DESC
            ),
            top AS (
                SELECT \(Self.meetingColumns), i.number, i.title AS item_title, i.case_number, b.rank, b.source, b.source_id, b.part,
                       i.invented_note AS item_invented, i.confidential AS item_confidential, count(*) OVER () AS total
                FROM best b JOIN agenda_items i ON i.id = b.item_id JOIN meetings m ON m.id = i.meeting_id
                WHERE m.status <> 'draft' AND \(Self.visibleItemCondition(reader: "$2"))
                ORDER BY b.rank DESC, m.starts_at DESC, i.number
                LIMIT $3 OFFSET $6
            )
            SELECT top.*, (SELECT count(*) FROM recent) >= $5 AS capped, CASE top.source
                WHEN 'i' THEN (SELECT ts_headline('danish', x.resume || ' ' || x.sagsfremstilling, q.q, $4) FROM agenda_items x WHERE x.id = top.source_id)
                WHEN 's' THEN (SELECT ts_headline('danish', x.title || ': ' || x.body, q.q, $4) FROM agenda_subtopics x WHERE x.id = top.source_id)
                WHEN 'a' THEN (SELECT ts_headline('danish', x.body, q.q, $4) FROM attachment_texts x WHERE x.attachment_id = top.source_id AND x.part = top.part)
                ELSE (SELECT ts_headline('danish', x.heading || ': ' || x.body, q.q, $4) FROM status_note_sections x WHERE x.id = top.source_id)
                END AS snippet,
                CASE WHEN top.source = 'a' THEN (SELECT x.filename FROM attachments x WHERE x.id = top.source_id) END AS attachment_name,
                CASE WHEN top.source = 'a' THEN (SELECT x.label FROM attachment_texts x WHERE x.attachment_id = top.source_id AND x.part = top.part) END
                    AS attachment_label
            FROM top, q
            ORDER BY top.rank DESC, top.starts_at DESC, top.number
            """, [query, reader, limit, options, Self.searchCandidates, offset]
        ).rows
        let hits = try rows.map {
            var hit = SearchHit(
                meeting: try Self.meeting($0), number: try $0.decode("number"), title: try $0.decode("item_title"),
                caseNumber: try $0.decode("case_number"), snippet: try $0.decode("snippet"))
            hit.invented = try $0.decode("item_invented")
            hit.confidential = try $0.decode("item_confidential")
            if let name: String = try $0.decode("attachment_name") {
                let label: String = try $0.decode("attachment_label") ?? ""
                hit.attachment = .init(
                    id: try $0.decode("source_id"), filename: name, part: try $0.decode("part"), sheet: label.isEmpty ? nil : label)
            }
            return hit
        }
        return SearchResult(hits: hits, total: try rows.first?.decode("total") ?? 0, capped: try rows.first?.decode("capped") ?? false)
    }
}
