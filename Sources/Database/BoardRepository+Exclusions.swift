import Domain
import Foundation

/// Exclusions from confidential items (inhabilitet): the board secretariat marks a board member as
/// excluded from an item, with a reason. What an exclusion withholds is decided in one place,
/// `BoardRepository.visibleItemCondition`; this file only records and lists them.
extension BoardRepository {
    public struct Exclusion: Sendable, Equatable {
        public let userID: Int64
        public let fullName: String
        public let username: String
        public let reason: String
        public let createdAt: Date
        public let createdBy: String
    }

    /// A board member who could be excluded from an item (active, board member, not secretariat).
    public struct Member: Sendable, Equatable {
        public let id: Int64
        public let fullName: String
        public let username: String
    }

    static func exclusionsQuery(itemID: Int64) -> Query<[Exclusion]> {
        Query(
            """
            SELECT x.user_id, u.full_name, u.username, x.reason, x.created_at, coalesce(c.full_name, '') AS created_by
            FROM item_exclusions x JOIN users u ON u.id = x.user_id LEFT JOIN users c ON c.id = x.created_by
            WHERE x.item_id = $1 ORDER BY u.full_name, u.id
            """, [itemID]
        ) {
            try $0.rows.map {
                Exclusion(
                    userID: try $0.decode("user_id"), fullName: try $0.decode("full_name"), username: try $0.decode("username"),
                    reason: try $0.decode("reason"), createdAt: try $0.decode("created_at"), createdBy: try $0.decode("created_by"))
            }
        }
    }

    /// The exclusions from an item, by member name.
    public func exclusions(itemID: Int64) async throws -> [Exclusion] {
        try await pool.run(Self.exclusionsQuery(itemID: itemID))
    }

    /// The active board members (not the board secretariat), whom an item's exclusion may name.
    public func excludableMembers() async throws -> [Member] {
        try await pool.query(
            """
            SELECT id, full_name, username FROM users
            WHERE active AND 'board_member' = ANY(roles) AND NOT 'board_secretariat' = ANY(roles) ORDER BY full_name, id
            """
        ).rows.map { Member(id: try $0.decode("id"), fullName: try $0.decode("full_name"), username: try $0.decode("username")) }
    }

    /// Excludes an active board member from an item (or updates the reason); false when the item
    /// or the member does not exist (or the user is no excludable board member).
    public func exclude(itemID: Int64, userID: Int64, reason: String, by: Int64, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            let r = try conn.query(
                """
                INSERT INTO item_exclusions (item_id, user_id, reason, created_by)
                SELECT i.id, u.id, $3, $4 FROM agenda_items i, users u
                WHERE i.id = $1 AND u.id = $2 AND u.active AND 'board_member' = ANY(u.roles) AND NOT 'board_secretariat' = ANY(u.roles)
                ON CONFLICT (item_id, user_id) DO UPDATE SET reason = EXCLUDED.reason, created_by = EXCLUDED.created_by, created_at = now()
                """, [itemID, userID, reason.trimmingWhitespace(), by])
            guard r.affectedRows == 1 else { return false }
            try AuditRepository.append(audit, on: conn)
            return true
        }
    }

    /// Lifts an exclusion; false when there was none.
    public func removeExclusion(itemID: Int64, userID: Int64, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            let r = try conn.query("DELETE FROM item_exclusions WHERE item_id = $1 AND user_id = $2", [itemID, userID])
            guard r.affectedRows == 1 else { return false }
            try AuditRepository.append(audit, on: conn)
            return true
        }
    }
}
