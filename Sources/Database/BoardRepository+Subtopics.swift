import Domain
import Foundation

/// Sub-topics of "Generelle orienteringer", each with its own case number. They are read only
/// through their item, whose confidentiality the caller has checked (or the query checks).
extension BoardRepository {
    static func subtopic(_ row: Row) throws -> Subtopic {
        Subtopic(id: try row.decode("id"), title: try row.decode("title"), caseNumber: try row.decode("case_number"), body: try row.decode("body"))
    }

    public func subtopics(itemID: Int64) async throws -> [Subtopic] {
        try await pool.query(
            "SELECT id, title, case_number, body FROM agenda_subtopics WHERE item_id = $1 ORDER BY position, id", [itemID]
        ).rows.map(Self.subtopic)
    }

    /// The sub-topics of a meeting's readable items, by item id (one query for the agenda pack).
    public func subtopics(meetingID: Int64, reader: ItemReader) async throws -> [Int64: [Subtopic]] {
        var out: [Int64: [Subtopic]] = [:]
        for row in try await pool.query(
            """
            SELECT s.id, s.item_id, s.title, s.case_number, s.body FROM agenda_subtopics s JOIN agenda_items i ON i.id = s.item_id
            WHERE i.meeting_id = $1 AND \(Self.visibleItemCondition(reader: "$2")) ORDER BY s.position, s.id
            """, [meetingID, reader]
        ).rows {
            out[try row.decode("item_id"), default: []].append(try Self.subtopic(row))
        }
        return out
    }

    public func addSubtopic(itemID: Int64, _ subtopic: Subtopic, audit: AuditRepository.Entry) async throws {
        try await pool.transaction { conn in
            try conn.query(
                """
                INSERT INTO agenda_subtopics (item_id, position, title, case_number, body)
                VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM agenda_subtopics WHERE item_id = $1), $2, $3, $4)
                """, [itemID, subtopic.title.trimmingWhitespace(), CaseNumber(subtopic.caseNumber)?.value ?? subtopic.caseNumber, subtopic.body])
            try AuditRepository.append(audit, on: conn)
        }
    }

    /// Deletes a sub-topic; returns its item's id, or nil when it did not exist.
    public func deleteSubtopic(id: Int64, audit: AuditRepository.Entry) async throws -> Int64? {
        try await pool.transaction { conn in
            guard let row = try conn.query("DELETE FROM agenda_subtopics WHERE id = $1 RETURNING item_id", [id]).first else { return nil }
            try AuditRepository.append(audit, on: conn)
            return try row.decode("item_id")
        }
    }
}
