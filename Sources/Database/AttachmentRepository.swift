import Domain
import Foundation

/// Attachments (bilag) stored in PostgreSQL in chunks: written as they stream in, read back one
/// chunk at a time. An attachment is only as visible as its agenda item.
public struct AttachmentRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public static let chunkSize = 256 * 1024

    public struct Info: Sendable, Equatable {
        public let id: Int64
        public let filename: String
        public let contentType: String
        public let size: Int
        public let chunks: Int
    }

    /// What a file belongs to: an agenda item (bilag) or a council case (the project's material).
    public enum Owner: Sendable {
        case item(Int64)
        case caseMaterial(Int64)
        case libraryDocument(Int64)
        case request(Int64)
    }

    public func begin(owner: Owner, filename: String, contentType: String, userID: Int64) async throws -> Int64 {
        var ids: [Int64?] = [nil, nil, nil, nil]
        switch owner {
        case .item(let id): ids[0] = id
        case .caseMaterial(let id): ids[1] = id
        case .libraryDocument(let id): ids[2] = id
        case .request(let id): ids[3] = id
        }
        return try await pool.query(
            """
            INSERT INTO attachments (item_id, case_id, library_document_id, request_id, filename, content_type, uploaded_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """, [ids[0], ids[1], ids[2], ids[3], filename, contentType, userID]
        ).first!.decode("id")
    }

    /// The complete files of a library document, newest (the current version) first.
    public func list(libraryDocumentID: Int64) async throws -> [(info: Info, uploadedAt: Date)] {
        try await pool.query(
            """
            SELECT a.id, a.filename, a.content_type, a.size_bytes, a.created_at,
                   (SELECT count(*) FROM attachment_chunks c WHERE c.attachment_id = a.id) AS chunks
            FROM attachments a WHERE a.library_document_id = $1 AND a.complete ORDER BY a.created_at DESC, a.id DESC
            """, [libraryDocumentID]
        ).rows.map { (try Self.info($0), try $0.decode("created_at")) }
    }

    /// A request's complete background files.
    public func list(requestID: Int64) async throws -> [Info] {
        try await pool.query(
            """
            SELECT a.id, a.filename, a.content_type, a.size_bytes, (SELECT count(*) FROM attachment_chunks c WHERE c.attachment_id = a.id) AS chunks
            FROM attachments a WHERE a.request_id = $1 AND a.complete ORDER BY a.created_at, a.id
            """, [requestID]
        ).rows.map(Self.info)
    }

    /// A library or request file for download, with its owner (the caller checks who may read it).
    public func ownedFile(id: Int64) async throws -> (Info, libraryDocumentID: Int64?, requestID: Int64?)? {
        guard
            let row = try await pool.query(
                """
                SELECT a.id, a.filename, a.content_type, a.size_bytes, a.library_document_id, a.request_id,
                       (SELECT count(*) FROM attachment_chunks c WHERE c.attachment_id = a.id) AS chunks
                FROM attachments a WHERE a.id = $1 AND a.complete AND (a.library_document_id IS NOT NULL OR a.request_id IS NOT NULL)
                """, [id]
            ).first
        else { return nil }
        return (try Self.info(row), try row.decode("library_document_id"), try row.decode("request_id"))
    }

    /// A case's complete material files.
    static func listQuery(caseID: Int64) -> Query<[Info]> {
        Query(
            """
            SELECT a.id, a.filename, a.content_type, a.size_bytes, (SELECT count(*) FROM attachment_chunks c WHERE c.attachment_id = a.id) AS chunks
            FROM attachments a WHERE a.case_id = $1 AND a.complete ORDER BY a.created_at, a.id
            """, [caseID]
        ) { result in
            try result.rows.map(Self.info)
        }
    }

    /// A case file for download, with its case (the caller checks who may see the case's material).
    public func caseFile(id: Int64) async throws -> (Info, caseID: Int64)? {
        guard
            let row = try await pool.query(
                """
                SELECT a.id, a.filename, a.content_type, a.size_bytes, a.case_id,
                       (SELECT count(*) FROM attachment_chunks c WHERE c.attachment_id = a.id) AS chunks
                FROM attachments a WHERE a.id = $1 AND a.complete AND a.case_id IS NOT NULL
                """, [id]
            ).first
        else { return nil }
        return (try Self.info(row), try row.decode("case_id"))
    }

    public func appendChunk(id: Int64, seq: Int, bytes: [UInt8]) async throws {
        try await pool.query("INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ($1, $2, $3)", [id, seq, ByteA(bytes)])
    }

    public func finish(id: Int64, size: Int, audit: AuditRepository.Entry) async throws {
        try await pool.transaction { conn in
            try conn.query("UPDATE attachments SET size_bytes = $2, complete = true WHERE id = $1", [id, size])
            // An item's attachment is read for the search and the board book (sql/029) by the job runner.
            try BoardBookRepository.enqueueExtraction(attachmentID: id, on: conn)
            try AuditRepository.append(audit, on: conn)
        }
    }

    public func delete(id: Int64) async throws {
        try await pool.query("DELETE FROM attachments WHERE id = $1", [id])
    }

    /// Complete attachments of an item (the caller has already checked the item is readable).
    public func list(itemID: Int64) async throws -> [Info] {
        try await pool.query(
            """
            SELECT a.id, a.filename, a.content_type, a.size_bytes, (SELECT count(*) FROM attachment_chunks c WHERE c.attachment_id = a.id) AS chunks
            FROM attachments a WHERE a.item_id = $1 AND a.complete ORDER BY a.created_at, a.id
            """, [itemID]
        ).rows.map(Self.info)
    }

    /// Every complete attachment of a meeting's readable items, by item id (one query for the agenda pack).
    public func listForMeeting(meetingID: Int64, reader: ItemReader) async throws -> [Int64: [Info]] {
        var out: [Int64: [Info]] = [:]
        for row in try await pool.query(
            """
            SELECT a.id, a.filename, a.content_type, a.size_bytes, a.item_id,
                   (SELECT count(*) FROM attachment_chunks c WHERE c.attachment_id = a.id) AS chunks
            FROM attachments a JOIN agenda_items i ON i.id = a.item_id
            WHERE i.meeting_id = $1 AND a.complete AND \(BoardRepository.visibleItemCondition(reader: "$2")) ORDER BY a.created_at, a.id
            """, [meetingID, reader]
        ).rows {
            out[try row.decode("item_id"), default: []].append(try Self.info(row))
        }
        return out
    }

    static func info(_ row: Row) throws -> Info {
        Info(
            id: try row.decode("id"), filename: try row.decode("filename"), contentType: try row.decode("content_type"),
            size: try row.decode("size_bytes"), chunks: try row.decode("chunks"))
    }

    /// An attachment for download, only if the reader may see its item (confidentiality and drafts
    /// are checked in the query), with the item it belongs to.
    public func forDownload(id: Int64, reader: ItemReader, includeDrafts: Bool) async throws -> (Info, itemID: Int64, confidential: Bool)? {
        guard
            let row = try await pool.query(
                """
                SELECT a.id, a.filename, a.content_type, a.size_bytes, i.id AS item_id, i.confidential,
                       (SELECT count(*) FROM attachment_chunks c WHERE c.attachment_id = a.id) AS chunks
                FROM attachments a JOIN agenda_items i ON i.id = a.item_id JOIN meetings m ON m.id = i.meeting_id
                WHERE a.id = $1 AND a.complete AND \(BoardRepository.visibleItemCondition(reader: "$2")) AND (m.status <> 'draft' OR $3)
                """, [id, reader, includeDrafts]
            ).first
        else { return nil }
        return (try Self.info(row), try row.decode("item_id"), try row.decode("confidential"))
    }

    /// One chunk's bytes.
    public func chunk(id: Int64, seq: Int) async throws -> [UInt8] {
        guard
            let hex: String = try await pool.query(
                "SELECT data FROM attachment_chunks WHERE attachment_id = $1 AND seq = $2", [id, seq]
            ).first?.decode("data")
        else { throw DatabaseError.decoding("missing chunk \(seq) of attachment \(id)") }
        return try Self.decodeHex(hex)
    }

    /// bytea's text output: `\x0a1b…`.
    static func decodeHex(_ text: String) throws -> [UInt8] {
        let u = Array(text.utf8)
        guard u.count >= 2, u[0] == UInt8(ascii: "\\"), u[1] == UInt8(ascii: "x"), u.count % 2 == 0 else {
            throw DatabaseError.decoding("bytea is not hex")
        }
        func nibble(_ c: UInt8) throws -> UInt8 {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: throw DatabaseError.decoding("bad hex digit")
            }
        }
        var out = [UInt8](repeating: 0, count: (u.count - 2) / 2)
        var j = 2
        for i in out.indices {
            out[i] = try nibble(u[j]) << 4 | nibble(u[j + 1])
            j += 2
        }
        return out
    }
}
