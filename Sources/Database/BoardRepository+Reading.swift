import Domain
import Foundation

/// A board member's reading aids: all of their private notes, and what an item said when they
/// marked it read (to show what a correction changed since).
extension BoardRepository {
    public struct NoteEntry: Sendable {
        public let meeting: Meeting
        public let number: Int
        public let title: String
        public let confidential: Bool
        public let body: String
        public let updatedAt: Date
    }

    /// Every private note of the user on items they may still read (an item they have since been
    /// excluded from is left out, as everywhere), newest meeting first, in agenda order.
    public func notes(userID: Int64, reader: ItemReader, includeDrafts: Bool) async throws -> [NoteEntry] {
        try await pool.query(
            """
            SELECT \(Self.meetingColumns), i.number, i.title AS item_title, i.confidential AS item_confidential, n.body,
                   n.updated_at AS note_updated
            FROM item_notes n JOIN agenda_items i ON i.id = n.item_id JOIN meetings m ON m.id = i.meeting_id
            WHERE n.user_id = $1 AND \(Self.visibleItemCondition(reader: "$2")) AND ($3 OR m.status <> 'draft')
            ORDER BY m.starts_at DESC, i.number
            """, [userID, reader, includeDrafts]
        ).rows.map {
            NoteEntry(
                meeting: try Self.meeting($0), number: try $0.decode("number"), title: try $0.decode("item_title"),
                confidential: try $0.decode("item_confidential"), body: try $0.decode("body"), updatedAt: try $0.decode("note_updated"))
        }
    }

    /// What the item said when the reader last marked it read and what it says now (both as
    /// `agenda_item_snapshot` JSON), when they differ; nil when the reader has not marked it read
    /// (or did before snapshots were kept) or nothing changed. The caller has checked the item is
    /// readable.
    public func changesSinceRead(userID: Int64, itemID: Int64) async throws -> (readAt: Date, then: ItemText, now: ItemText)? {
        guard
            let row = try await pool.query(
                """
                SELECT r.read_at, s.snapshot::text AS then, agenda_item_snapshot(i)::text AS now
                FROM item_reads r JOIN item_snapshots s ON s.id = r.read_snapshot_id JOIN agenda_items i ON i.id = r.item_id
                WHERE r.user_id = $1 AND r.item_id = $2 AND s.snapshot <> agenda_item_snapshot(i)
                """, [userID, itemID]
            ).first
        else { return nil }
        let decoder = JSONDecoder()
        return (
            try row.decode("read_at"), try decoder.decode(ItemText.self, from: Data(try row.decode("then", as: String.self).utf8)),
            try decoder.decode(ItemText.self, from: Data(try row.decode("now", as: String.self).utf8))
        )
    }
}

/// An item's texts and its status note's sections, as `agenda_item_snapshot` (sql/026) gives them.
public struct ItemText: Sendable, Equatable, Decodable {
    public struct Section: Sendable, Equatable, Decodable {
        public let heading: String
        public let body: String
    }
    public let title: String
    public let resume: String
    public let indstilling: String
    public let sagsfremstilling: String
    public let oekonomi: String
    public let bemaerkninger: String
    public let kommunikation: String
    public let decision: String
    public let sections: [Section]
}
