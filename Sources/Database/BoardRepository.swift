import Domain
import Foundation

/// Board meetings and agenda items.
///
/// Confidentiality is enforced in the query itself: for a reader who may not see a confidential
/// item (their roles, or an exclusion from that item), PostgreSQL never even returns its title,
/// text or case number. See `visibleItemCondition`.
public struct BoardRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    static let meetingColumns = "m.id, m.title, m.starts_at, m.ends_at, m.place, m.status, m.version, m.invented_note, m.minutes_status"

    static func meeting(_ row: Row) throws -> Meeting {
        var meeting = Meeting(
            id: try row.decode("id"), title: try row.decode("title"), startsAt: try row.decode("starts_at"),
            endsAt: try row.decode("ends_at"), place: try row.decode("place"),
            status: MeetingStatus(rawValue: try row.decode("status")) ?? .draft, version: try row.decode("version"))
        meeting.invented = try row.decode("invented_note")
        meeting.minutesStatus = MinutesStatus(rawValue: try row.decode("minutes_status")) ?? .draft
        return meeting
    }

    /// Meetings the reader may see, newest first. Drafts only for the board secretariat.
    public func meetings(includeDrafts: Bool) async throws -> [Meeting] {
        try await pool.query(
            "SELECT \(Self.meetingColumns) FROM meetings m WHERE $1 OR m.status <> 'draft' ORDER BY m.starts_at DESC",
            [includeDrafts]
        ).rows.map(Self.meeting)
    }

    public func meeting(id: Int64, includeDrafts: Bool) async throws -> Meeting? {
        try await pool.run(Self.meetingQuery(id: id, includeDrafts: includeDrafts))
    }

    static func meetingQuery(id: Int64, includeDrafts: Bool) -> Query<Meeting?> {
        Query("SELECT \(Self.meetingColumns) FROM meetings m WHERE m.id = $1 AND ($2 OR m.status <> 'draft')", [id, includeDrafts]) {
            try $0.first.map(Self.meeting)
        }
    }

    /// The next meeting from now that the reader may see.
    public func nextMeeting(includeDrafts: Bool, after: Date = Date()) async throws -> Meeting? {
        try await pool.query(
            """
            SELECT \(Self.meetingColumns) FROM meetings m
            WHERE ($1 OR m.status <> 'draft') AND m.starts_at >= $2 ORDER BY m.starts_at LIMIT 1
            """, [includeDrafts, after]
        ).first.map(Self.meeting)
    }

    /// THE rule, in SQL, for whether the reader bound to `reader` (an `ItemReader`, e.g. "$2") may
    /// read the agenda item aliased `item`: the same as `BoardAccess.mayRead`. A public item is
    /// anyone's; a confidential item only for a reader whose roles may read confidential items
    /// (the parameter is their user id then, NULL otherwise) and whom the board secretariat has
    /// not excluded from it (`item_exclusions`, inhabilitet). Every query over agenda items, their
    /// sub-topics, status notes and attachments uses this, so an excluded member reads the item
    /// as the public does on every surface.
    public static func visibleItemCondition(reader: String, item: String = "i") -> String {
        """
        (NOT \(item).confidential OR (\(reader)::bigint IS NOT NULL AND NOT EXISTS \
        (SELECT 1 FROM item_exclusions ix WHERE ix.item_id = \(item).id AND ix.user_id = \(reader)::bigint)))
        """
    }

    /// Columns of an item, with every confidential field withheld unless the reader `$2` (an
    /// `ItemReader`) may read it.
    static let itemColumns = """
        i.id, i.meeting_id, i.number, i.confidential,
        \(Self.visibleItemCondition(reader: "$2")) AS readable,
        CASE WHEN \(Self.visibleItemCondition(reader: "$2")) THEN i.title END AS title,
        CASE WHEN \(Self.visibleItemCondition(reader: "$2")) THEN i.case_officer END AS case_officer,
        CASE WHEN \(Self.visibleItemCondition(reader: "$2")) THEN i.case_number END AS case_number,
        CASE WHEN \(Self.visibleItemCondition(reader: "$2")) THEN i.resume END AS resume,
        CASE WHEN \(Self.visibleItemCondition(reader: "$2")) THEN i.invented_note END AS invented_note
        """
    static let itemBodyColumns = """
        CASE WHEN \(Self.visibleItemCondition(reader: "$2")) THEN i.indstilling END AS indstilling,
        CASE WHEN \(Self.visibleItemCondition(reader: "$2")) THEN i.sagsfremstilling END AS sagsfremstilling,
        CASE WHEN \(Self.visibleItemCondition(reader: "$2")) THEN i.oekonomi END AS oekonomi,
        CASE WHEN \(Self.visibleItemCondition(reader: "$2")) THEN i.bemaerkninger END AS bemaerkninger,
        CASE WHEN \(Self.visibleItemCondition(reader: "$2")) THEN i.kommunikation END AS kommunikation,
        CASE WHEN \(Self.visibleItemCondition(reader: "$2")) THEN i.bilag_note END AS bilag_note,
        CASE WHEN \(Self.visibleItemCondition(reader: "$2")) THEN i.decision END AS decision,
        i.version
        """

    static func entry(_ row: Row, full: Bool) throws -> AgendaEntry {
        let number: Int = try row.decode("number")
        guard try row.decode("readable", as: Bool.self) else { return .withheld(number: number) }
        var item = AgendaItem(
            id: try row.decode("id"), meetingID: try row.decode("meeting_id"), number: number,
            confidential: try row.decode("confidential"), title: try row.decode("title"),
            caseOfficer: try row.decode("case_officer"), caseNumber: try row.decode("case_number"), resume: try row.decode("resume"))
        item.invented = try row.decode("invented_note")
        if full {
            item.indstilling = try row.decode("indstilling")
            item.sagsfremstilling = try row.decode("sagsfremstilling")
            item.oekonomi = try row.decode("oekonomi")
            item.bemaerkninger = try row.decode("bemaerkninger")
            item.kommunikation = try row.decode("kommunikation")
            item.bilagNote = try row.decode("bilag_note")
            item.decision = try row.decode("decision")
            item.version = try row.decode("version")
        }
        return .readable(item)
    }

    /// A meeting's items in order, as the reader may see them (summary fields only).
    public func agenda(meetingID: Int64, reader: ItemReader) async throws -> [AgendaEntry] {
        try await pool.run(Self.agendaQuery(meetingID: meetingID, reader: reader))
    }

    static func agendaQuery(meetingID: Int64, reader: ItemReader) -> Query<[AgendaEntry]> {
        Query("SELECT \(Self.itemColumns) FROM agenda_items i WHERE i.meeting_id = $1 ORDER BY i.number", [meetingID, reader]) {
            try $0.rows.map { try Self.entry($0, full: false) }
        }
    }

    /// What a meeting's agenda page shows: the meeting, its items as the reader may see them, the
    /// items the reader marked read and the changes since publication, in one round trip to
    /// PostgreSQL (the hottest page: four before).
    public struct AgendaPage: Sendable {
        public let meeting: Meeting
        public let entries: [AgendaEntry]
        public let readItemIDs: Set<Int64>
        public let changes: [MeetingChange]
    }

    public func agendaPage(meetingID: Int64, includeDrafts: Bool, reader: ItemReader, readerID: Int64?) async throws -> AgendaPage? {
        let meetingQuery = Self.meetingQuery(id: meetingID, includeDrafts: includeDrafts)
        let agendaQuery = Self.agendaQuery(meetingID: meetingID, reader: reader)
        let changesQuery = Self.changesQuery(meetingID: meetingID)
        let (meeting, entries, read, changes): (Meeting?, [AgendaEntry], Set<Int64>, [MeetingChange])
        if let readerID {
            (meeting, entries, read, changes) = try await pool.pipeline(
                meetingQuery, agendaQuery, Self.readItemIDsQuery(userID: readerID, meetingID: meetingID), changesQuery)
        } else {
            // Without a reader (the public) there are no read marks to read.
            (meeting, entries, changes) = try await pool.pipeline(meetingQuery, agendaQuery, changesQuery)
            read = []
        }
        guard let meeting else { return nil }
        return AgendaPage(meeting: meeting, entries: entries, readItemIDs: read, changes: meeting.status == .draft ? [] : changes)
    }

    /// The public items of published meetings, as (meeting, number): what anyone may read, in one query.
    public func publicItems() async throws -> [(meetingID: Int64, number: Int)] {
        try await pool.query(
            """
            SELECT i.meeting_id, i.number FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
            WHERE m.status <> 'draft' AND NOT i.confidential ORDER BY m.starts_at DESC, i.number
            """
        ).rows.map { (try $0.decode("meeting_id"), try $0.decode("number")) }
    }

    /// One item in full, if its meeting is visible to the reader (drafts only with `includeDrafts`):
    /// `.withheld` when it is confidential and the reader may not see it. One statement.
    public func item(meetingID: Int64, number: Int, includeDrafts: Bool, reader: ItemReader) async throws -> AgendaEntry? {
        try await pool.query(
            """
            SELECT \(Self.itemColumns), \(Self.itemBodyColumns)
            FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
            WHERE i.meeting_id = $1 AND i.number = $3 AND ($4 OR m.status <> 'draft')
            """, [meetingID, reader, number, includeDrafts]
        ).first.map { try Self.entry($0, full: true) }
    }
}

/// An `ItemReader` is bound as one parameter: the reader's user id when their roles may read
/// confidential items (0 for the system, which nobody's exclusion names), NULL for the public.
/// `BoardRepository.visibleItemCondition` reads it.
extension ItemReader: SQLParameter {
    public var sqlText: String? { mayReadConfidential ? String(userID ?? 0) : nil }
}
