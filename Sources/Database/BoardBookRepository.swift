import Domain
import Foundation

/// The board book and the text of the attachments (issue 21, sql/029): what the extraction job read
/// out of each attachment of an agenda item (and the PDF LibreOffice made of a DOCX/XLSX/ODT), and
/// the built books, per meeting and a key that names what the book holds.
///
/// An attachment is only as visible as its item: every query that serves a reader applies
/// `BoardRepository.visibleItemCondition` to the item (confidentiality and exclusion in one place).
public struct BoardBookRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public static let extractKind = "attachment.extract"
    public static let bookKind = "board.book"

    // MARK: Extraction

    /// Queues the extraction of an item's attachment (nothing for other files), once per file.
    public static func enqueueExtraction(attachmentID: Int64, on conn: Connection) throws {
        try conn.query(
            """
            INSERT INTO jobs (kind, payload, dedupe_key)
            SELECT $2, a.id::text, $2 || ':' || a.id FROM attachments a WHERE a.id = $1 AND a.item_id IS NOT NULL
            ON CONFLICT (dedupe_key) DO NOTHING
            """, [attachmentID, extractKind])
    }

    /// Queues the extraction of every complete item attachment that has none yet (the seed's files,
    /// files uploaded before sql/029); returns how many were queued.
    @discardableResult
    public func enqueueMissingExtractions() async throws -> Int {
        try await pool.query(
            """
            INSERT INTO jobs (kind, payload, dedupe_key)
            SELECT $1, a.id::text, $1 || ':' || a.id FROM attachments a
            WHERE a.item_id IS NOT NULL AND a.complete AND NOT EXISTS (SELECT 1 FROM attachment_extractions e WHERE e.attachment_id = a.id)
            ON CONFLICT (dedupe_key) DO NOTHING
            """, [Self.extractKind]
        ).affectedRows
    }

    /// An item's attachment as the extraction job needs it: its name, type and bytes (whole: the
    /// job writes it to a file for the extractor; the upload limit bounds it).
    public func fileForExtraction(id: Int64, into path: String) async throws -> (filename: String, contentType: String)? {
        guard
            let row = try await pool.query(
                """
                SELECT filename, content_type, (SELECT count(*) FROM attachment_chunks c WHERE c.attachment_id = a.id) AS chunks
                FROM attachments a WHERE id = $1 AND complete AND item_id IS NOT NULL
                """, [id]
            ).first
        else { return nil }
        // One chunk at a time, as a download streams it: a 50 MB attachment never sits in memory whole.
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw DatabaseError.decoding("cannot write \(path)")
        }
        defer { try? handle.close() }
        let chunks: Int = try row.decode("chunks")
        let attachments = AttachmentRepository(pool: pool)
        for seq in 0..<chunks {
            try handle.write(contentsOf: Data(try await attachments.chunk(id: id, seq: seq)))
        }
        return (try row.decode("filename"), try row.decode("content_type"))
    }

    /// One part of an attachment's text: a page (`label` empty) or a sheet (its name).
    public struct TextPart: Sendable, Equatable {
        public let part: Int
        public let label: String
        public let text: String
        public init(part: Int, label: String, text: String) {
            self.part = part
            self.label = label
            self.text = text
        }
    }

    /// Stores what the extraction found (replacing an earlier run's): the parts' text, or that the
    /// file could not be read; and the PDF made of an office file.
    public func storeExtraction(attachmentID: Int64, readable: Bool, message: String, parts: [TextPart], pdf: [UInt8]?, milliseconds: Int)
        async throws
    {
        try await pool.transaction { conn in
            try conn.query("DELETE FROM attachment_texts WHERE attachment_id = $1", [attachmentID])
            for part in parts {
                try conn.query(
                    "INSERT INTO attachment_texts (attachment_id, part, label, body) VALUES ($1, $2, $3, $4)",
                    [attachmentID, part.part, part.label, part.text.replacing("\u{0}", with: "")])
            }
            try conn.query(
                """
                INSERT INTO attachment_extractions (attachment_id, state, message, parts, pdf, extract_ms) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (attachment_id) DO UPDATE SET state = EXCLUDED.state, message = EXCLUDED.message, parts = EXCLUDED.parts,
                    pdf = EXCLUDED.pdf, extract_ms = EXCLUDED.extract_ms, extracted_at = now()
                """, [attachmentID, readable ? "ok" : "unreadable", String(message.prefix(1_000)), parts.count, pdf.map(ByteA.init), milliseconds])
        }
    }

    /// How an attachment's extraction ended; nil before it ran.
    public func extraction(attachmentID: Int64) async throws -> (readable: Bool, message: String, parts: Int, milliseconds: Int)? {
        guard
            let row = try await pool.query(
                "SELECT state, message, parts, extract_ms FROM attachment_extractions WHERE attachment_id = $1", [attachmentID]
            ).first
        else { return nil }
        return (try row.decode("state", as: String.self) == "ok", try row.decode("message"), try row.decode("parts"), try row.decode("extract_ms"))
    }

    /// The PDF LibreOffice made of an office file, if the extraction made one.
    public func convertedPDF(attachmentID: Int64) async throws -> [UInt8]? {
        guard
            let hex: String = try await pool.query(
                "SELECT pdf FROM attachment_extractions WHERE attachment_id = $1 AND pdf IS NOT NULL", [attachmentID]
            ).first?.decode("pdf")
        else { return nil }
        return try AttachmentRepository.decodeHex(hex)
    }

    // MARK: The book's contents

    /// An attachment as the book shows it.
    public struct BookAttachment: Sendable, Equatable {
        public let id: Int64
        public let itemID: Int64
        public let filename: String
        public let contentType: String
        public let size: Int
        /// nil: not extracted yet; false: the file could not be read.
        public let readable: Bool?
    }

    /// The complete attachments of the items of `meetingID` that `reader` may see, in each item's
    /// order, by item id.
    public func bookAttachments(meetingID: Int64, reader: ItemReader) async throws -> [Int64: [BookAttachment]] {
        var out: [Int64: [BookAttachment]] = [:]
        for row in try await pool.query(
            """
            SELECT a.id, a.item_id, a.filename, a.content_type, a.size_bytes, e.state
            FROM attachments a JOIN agenda_items i ON i.id = a.item_id LEFT JOIN attachment_extractions e ON e.attachment_id = a.id
            WHERE i.meeting_id = $1 AND a.complete AND \(BoardRepository.visibleItemCondition(reader: "$2"))
            ORDER BY a.created_at, a.id
            """, [meetingID, reader]
        ).rows {
            let state: String? = try row.decode("state")
            let attachment = BookAttachment(
                id: try row.decode("id"), itemID: try row.decode("item_id"), filename: try row.decode("filename"),
                contentType: try row.decode("content_type"), size: try row.decode("size_bytes"), readable: state.map { $0 == "ok" })
            out[attachment.itemID, default: []].append(attachment)
        }
        return out
    }

    /// When the meeting or any of its items last changed (the meeting's version for the book's key).
    public func meetingStamp(meetingID: Int64) async throws -> String {
        try await pool.query(
            """
            SELECT m.version::text || '/' || coalesce((SELECT max(i.version)::text || '/' || max(i.updated_at)::text || '/' || count(*)::text
                                                       FROM agenda_items i WHERE i.meeting_id = m.id), '') || '/' || m.updated_at::text AS stamp
            FROM meetings m WHERE m.id = $1
            """, [meetingID]
        ).first?.decode("stamp") ?? ""
    }

    // MARK: The cache of books

    public struct StoredBook: Sendable {
        public let pdf: [UInt8]
        public let pages: Int
        public let confidentialPages: [Int]
        public let milliseconds: Int
    }

    public func cachedBook(meetingID: Int64, key: String) async throws -> StoredBook? {
        guard
            let row = try await pool.query(
                "SELECT pdf, pages, confidential_pages, build_ms FROM board_books WHERE meeting_id = $1 AND book_key = $2", [meetingID, key]
            ).first
        else { return nil }
        let pages: String = try row.decode("confidential_pages")
        return StoredBook(
            pdf: try AttachmentRepository.decodeHex(try row.decode("pdf")), pages: try row.decode("pages"),
            confidentialPages: pages.split(separator: ",").compactMap { Int($0) }, milliseconds: try row.decode("build_ms"))
    }

    public func hasBook(meetingID: Int64, key: String) async throws -> Bool {
        try await pool.query("SELECT 1 FROM board_books WHERE meeting_id = $1 AND book_key = $2", [meetingID, key]).first != nil
    }

    /// How many books of one meeting are kept: one per set of readers (the public, the board, each
    /// excluded member) and a version before a correction.
    public static let booksKept = 8

    public func storeBook(meetingID: Int64, key: String, pdf: [UInt8], pages: Int, confidentialPages: [Int], milliseconds: Int) async throws {
        try await pool.transaction { conn in
            try conn.query(
                """
                INSERT INTO board_books (meeting_id, book_key, pdf, pages, confidential_pages, build_ms) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (meeting_id, book_key) DO NOTHING
                """, [meetingID, key, ByteA(pdf), pages, confidentialPages.map(String.init).joined(separator: ","), milliseconds])
            try conn.query(
                """
                DELETE FROM board_books WHERE meeting_id = $1 AND book_key NOT IN (
                    SELECT book_key FROM board_books WHERE meeting_id = $1 ORDER BY built_at DESC, book_key LIMIT $2)
                """, [meetingID, Self.booksKept])
        }
    }

    /// Asks for a book to be built (one job per meeting and key; a finished job of the key is queued
    /// again, e.g. after the book was dropped). The payload is "meeting:<id>:<reader user id or ->:<may read>".
    public func requestBook(payload: String, key: String) async throws {
        try await pool.query(
            """
            INSERT INTO jobs (kind, payload, dedupe_key) VALUES ($1, $2, $3)
            ON CONFLICT (dedupe_key) DO UPDATE SET state = 'queued', run_at = now(), finished_at = NULL, payload = EXCLUDED.payload
                WHERE jobs.state <> 'queued'
            """, [Self.bookKind, payload, "\(Self.bookKind):\(key)"])
    }
}
