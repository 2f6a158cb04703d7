import Crypto
import Database
import Domain
import Foundation
import Hummingbird
import Logging

/// The board book (issue 21): one PDF per meeting as a reader may see it — a cover with date, time,
/// place and participants, the agenda with page numbers, then each visible item's text followed by
/// its attachments (PDFs merged; DOCX/XLSX/ODT as the PDF LibreOffice made of them when their text
/// was extracted), a bookmark per item, "Side n af N" on every page, "Fortroligt" at the head of a
/// confidential item's pages and, per request, the reader's name across them.
///
/// Which items a reader sees is `ItemReader` (confidentiality and exclusion, applied in every query
/// by `BoardRepository.visibleItemCondition`): an excluded member's book is the public's as far as
/// that item goes. The book is built by the job runner (`board.book`) in the PDF engine's worker
/// (`scripts/book.py`) and stored in PostgreSQL (`board_books`) under a key that digests what it
/// holds: the engine, the meeting's and items' versions, the visible items' ids and text (the
/// book's HTML) and their attachments. Every instance computes the same key, so any of them serves
/// what another built. The reader's name is stamped on each request, in a second engine worker so a
/// long build never holds up a download.
struct BoardBook: Sendable {
    let app: AppServices
    var repository: BoardBookRepository { BoardBookRepository(pool: app.pool) }

    /// What the book of one meeting for one reader holds: its HTML, the engine's request and the key.
    struct Content: Sendable {
        let meeting: Meeting
        let html: String
        let items: [Item]
        let key: String
        let visibleItemIDs: [Int64]

        struct Item: Sendable {
            let anchor: String
            let title: String
            let confidential: Bool
            let attachments: [BoardBookRepository.BookAttachment]
        }
    }

    // MARK: The book's HTML

    struct Model: Encodable {
        struct BookItem: Encodable {
            let anchor: String
            let heading: String
            let withheld: Bool
            let title: String
            let caseNumber: String
            let caseOfficer: String
            let invented: String?
            let sections: [BoardPage.Section]
            let subtopics: [BoardPage.SubtopicView]
            let hasAttachments: Bool
            let attachments: [Attachment]
        }
        struct Attachment: Encodable {
            let name: String
            let ref: String
            let shown: Bool
        }
        let document: DocumentInfo
        let meeting: BoardPage.MeetingRow
        let participants: [String]
        let participantsNote: String?
        let readerNote: String
        let items: [BookItem]
    }

    /// The book's content for `reader` (its HTML and its key).
    func content(meeting: Meeting, reader: ItemReader) async throws -> Content {
        let board = BoardRepository(pool: app.pool)
        let entries = try await board.fullAgenda(meetingID: meeting.id, reader: reader)
        let subtopics = try await board.subtopics(meetingID: meeting.id, reader: reader)
        let files = try await repository.bookAttachments(meetingID: meeting.id, reader: reader)
        let participants: [String] = try await app.pool.query(
            """
            SELECT full_name FROM users WHERE active AND 'board_member' = ANY(roles) AND NOT 'board_secretariat' = ANY(roles)
            ORDER BY full_name, id
            """
        ).rows.map { try $0.decode("full_name") }
        let stamp = try await repository.meetingStamp(meetingID: meeting.id)

        var items: [Content.Item] = []
        let bookItems = entries.map { entry -> Model.BookItem in
            switch entry {
            case .withheld(let n):
                return .init(
                    anchor: "punkt-\(n)", heading: AgendaItemHeading.label(number: n, confidential: true), withheld: true, title: "",
                    caseNumber: "", caseOfficer: "", invented: nil, sections: [], subtopics: [], hasAttachments: false, attachments: [])
            case .readable(let item):
                let anchor = "punkt-\(item.number)"
                let attached = files[item.id] ?? []
                let heading = AgendaItemHeading.label(number: item.number, confidential: item.confidential)
                items.append(.init(anchor: anchor, title: "\(heading) \(item.title)", confidential: item.confidential, attachments: attached))
                return .init(
                    anchor: anchor, heading: heading, withheld: false, title: item.title, caseNumber: item.caseNumber,
                    caseOfficer: item.caseOfficer, invented: item.invented,
                    // Decisions are in the book once the minutes are approved (the book is keyed by its HTML, so it changes then).
                    sections: BoardPage.sections(of: item, withDecision: meeting.minutesStatus == .approved),
                    subtopics: BoardPage.SubtopicView.list(subtopics[item.id] ?? []), hasAttachments: !attached.isEmpty,
                    attachments: attached.enumerated().map { index, file in
                        .init(name: file.filename, ref: "\(anchor)/\(index + 1)", shown: file.readable != false)
                    })
            }
        }
        let title = "Mødebog – \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))"
        let model = Model(
            document: DocumentInfo(title: title, description: "Dagsorden med bilag for \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))"),
            meeting: BoardPage.row(meeting, now: Date()), participants: participants,
            participantsNote: participants.isEmpty ? nil : "Deltagerne er demoens bestyrelseskonti; seedet nævner ikke mødets deltagere.",
            readerNote: reader.mayReadConfidential
                ? "Udgave for bestyrelsen: fortrolige punkter er mærket »Fortroligt« og bærer læserens navn."
                : "Offentlig udgave: fortrolige punkter er udeladt.",
            items: bookItems)
        // The date "now" in the row only decides `upcoming`, which the book does not print; the HTML
        // is the same all day, so the key is too.
        let html = try app.views.render("board_book_pdf", model).body
        let visible = entries.compactMap { if case .readable(let item) = $0 { item.id } else { nil } }
        var hash = SHA256()
        for part in [
            app.documentEngine.identity, "meeting \(meeting.id) \(meeting.version) \(stamp)", "items \(visible)",
            "files " + items.flatMap(\.attachments).map { "\($0.id):\($0.size):\($0.readable.map(String.init) ?? "-")" }.joined(separator: ","),
            html,
        ] {
            hash.update(data: Data(part.utf8))
            hash.update(data: Data([0]))
        }
        return Content(
            meeting: meeting, html: html, items: items, key: "\(meeting.id)-" + DocumentEngine.hex(hash.finalize()).prefix(40),
            visibleItemIDs: visible)
    }

    // MARK: Serving

    /// The book of the meeting for the request's reader: the stored PDF with the reader's name
    /// stamped on its confidential pages, or a page that says it is being made (202, Retry-After).
    func respond(meeting: Meeting, request: Request, context: AppContext) async throws -> Response {
        let reader = ItemReader(user: context.user)
        // Attachments not read yet are read by the build job first (their state is part of the key,
        // so that book is found under the next key: the reader is asked to come back).
        let content = try await content(meeting: meeting, reader: reader)
        var book = try await repository.cachedBook(meetingID: meeting.id, key: content.key)
        if book == nil {
            try await requestBuild(content, reader: reader)
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: app.config.documentWait)
            while book == nil, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                book = try await repository.cachedBook(meetingID: meeting.id, key: content.key)
            }
        }
        guard let book else {
            var response = try app.views.render(
                "document_pending",
                Documents.PendingModel(
                    page: PageInfo(title: "Dokumentet dannes", viewer: Viewer(context), path: request.uri.path), retryURL: request.uri.path)
            ).response(from: request, context: context)
            response.status = .accepted
            response.headers[.retryAfter] = String(Documents.retryAfterSeconds)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        var pdf = book.pdf
        if !book.confidentialPages.isEmpty, let user = context.user {
            pdf = try await app.documentEngine.stampBook(pdf, name: user.fullName, pages: book.confidentialPages)
        }
        let filename = "Mødebog \(DanishFormat.shortDate(meeting.startsAt)).pdf"
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/pdf", .contentDisposition: SafeFileName.contentDisposition(filename),
                // Confidential pages carry the reader's name: never kept by a shared cache.
                .cacheControl: context.user == nil ? "public, max-age=60" : "no-store",
            ],
            body: .init(byteBuffer: .init(bytes: pdf)))
    }

    func requestBuild(_ content: Content, reader: ItemReader) async throws {
        try await repository.requestBook(
            payload: "\(content.meeting.id):\(reader.userID.map(String.init) ?? "-"):\(reader.mayReadConfidential ? 1 : 0)", key: content.key)
    }

    // MARK: Building (the job)

    /// Builds the book of the job's payload unless it is stored; what the job records.
    func build(payload: String) async throws -> String {
        let parts = payload.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let meetingID = Int64(parts[0]) else { return "not a board book: \(payload)" }
        let reader = ItemReader(userID: Int64(parts[1]), mayReadConfidential: parts[2] == "1")
        guard let meeting = try await BoardRepository(pool: app.pool).meeting(id: meetingID, includeDrafts: true) else {
            return "meeting \(meetingID) is gone"
        }
        // Attachments first: their text for the search and their PDFs for the book.
        let first = try await content(meeting: meeting, reader: reader)
        let extractor = AttachmentExtractor(app: app)
        for attachment in first.items.flatMap(\.attachments) where attachment.readable == nil {
            _ = try await extractor.extract(attachmentID: attachment.id)
        }
        let content = try await content(meeting: meeting, reader: reader)
        if try await repository.hasBook(meetingID: meeting.id, key: content.key) { return "book \(content.key) already built" }
        let built = try await compose(content)
        try await repository.storeBook(
            meetingID: meeting.id, key: content.key, pdf: built.pdf, pages: built.pages, confidentialPages: built.confidentialPages,
            milliseconds: built.milliseconds)
        return "book \(content.key) built in \(built.milliseconds) ms (\(built.pages) pages, \(built.pdf.count) bytes)"
    }

    struct Built {
        let pdf: [UInt8]
        let pages: Int
        let confidentialPages: [Int]
        let milliseconds: Int
    }

    /// Writes the attachments' PDFs to a folder of the build's own, asks the engine to compose, reads the book back.
    func compose(_ content: Content) async throws -> Built {
        let clock = ContinuousClock()
        let started = clock.now
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("raadsportal-book-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var items: [[String: Any]] = []
        for item in content.items {
            var attachments: [[String: Any]] = []
            for file in item.attachments {
                var path: String? = nil
                if file.readable == true {
                    let url = folder.appendingPathComponent("bilag-\(file.id).pdf")
                    if file.contentType == FileKind.pdf.contentType {
                        if try await repository.fileForExtraction(id: file.id, into: url.path) != nil { path = url.path }
                    } else if let bytes = try await repository.convertedPDF(attachmentID: file.id) {
                        try Data(bytes).write(to: url)
                        path = url.path
                    }
                }
                attachments.append(["name": file.filename, "path": path as Any])
            }
            items.append(["anchor": item.anchor, "title": item.title, "confidential": item.confidential, "attachments": attachments])
        }
        let out = folder.appendingPathComponent("book.pdf").path
        let request: [String: Any] = [
            "op": "book", "html": content.html, "out": out, "items": items,
            "title": "Mødebog – \(content.meeting.title) \(DanishFormat.longDate(content.meeting.startsAt))",
        ]
        let answer = try await app.documentEngine.operation(request)
        guard let pdf = FileManager.default.contents(atPath: out) else { throw DocumentEngine.Failure(description: "the engine wrote no book") }
        let elapsed = clock.now - started
        return Built(
            pdf: Array(pdf), pages: answer["pages"] as? Int ?? 0, confidentialPages: answer["confidential"] as? [Int] ?? [],
            milliseconds: Int(elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
    }

    /// Registers the book's and the extraction's jobs on `runner`.
    static func register(on runner: JobRunner, app: AppServices) {
        let book = BoardBook(app: app)
        runner.register(kind: BoardBookRepository.bookKind, lease: 600, retry: RetrySchedule(delays: [10, 60])) { job in
            .done(try await book.build(payload: job.payload))
        }
        let extractor = AttachmentExtractor(app: app)
        runner.register(kind: BoardBookRepository.extractKind, lease: 300, retry: RetrySchedule(delays: [30])) { job in
            guard let id = Int64(job.payload) else { return .failed("not an attachment: \(job.payload)") }
            return .done(try await extractor.extract(attachmentID: id))
        }
    }
}

/// Reads the text out of an item's attachment (`scripts/extract_text.py`, one process per file under
/// `timeout` and `prlimit`, in a folder of its own with LibreOffice's user profile inside it) and
/// stores it for the search, with the PDF LibreOffice made of an office file. A file that cannot be
/// read, or that outlives its limits, is marked unreadable: the job is done, nothing waits on it.
struct AttachmentExtractor: Sendable {
    let app: AppServices
    /// The time and the memory (address space) one file may take.
    static let timeLimitSeconds = 90
    static let memoryLimitBytes = 3_000_000_000

    func extract(attachmentID: Int64) async throws -> String {
        let repository = BoardBookRepository(pool: app.pool)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("raadsportal-extract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let download = folder.appendingPathComponent("upload")
        guard let file = try await repository.fileForExtraction(id: attachmentID, into: download.path) else {
            return "attachment \(attachmentID) is gone"
        }
        let kind =
            FileKind.allCases.first { $0.contentType == file.contentType }
            ?? FileKind(rawValue: (file.filename as NSString).pathExtension.lowercased())
        let clock = ContinuousClock()
        let started = clock.now
        func elapsed() -> Int {
            let d = clock.now - started
            return Int(d.components.seconds * 1_000 + d.components.attoseconds / 1_000_000_000_000_000)
        }
        guard let kind else {
            try await repository.storeExtraction(
                attachmentID: attachmentID, readable: false, message: "ukendt filtype", parts: [], pdf: nil, milliseconds: elapsed())
            return "attachment \(attachmentID): unknown kind"
        }
        let input = folder.appendingPathComponent("bilag.\(kind.rawValue)")
        try FileManager.default.moveItem(at: download, to: input)
        let script = (app.config.pdfScript as NSString).deletingLastPathComponent + "/extract_text.py"
        let result = try await Self.run(
            [
                "timeout", "-s", "KILL", String(Self.timeLimitSeconds), "prlimit", "--as=\(Self.memoryLimitBytes)", "--",
                app.config.pdfPython, script, "--kind", kind.rawValue, "--input", input.path, "--workdir", folder.path,
            ])
        struct Output: Decodable {
            struct Part: Decodable {
                let part: Int
                let label: String
                let text: String
            }
            let parts: [Part]
            let pdf: String?
        }
        guard result.status == 0, let output = try? JSONDecoder().decode(Output.self, from: result.stdout) else {
            let reason =
                result.status == 137 || result.status == 124
                ? "overskred tidsgrænsen på \(Self.timeLimitSeconds) s" : String(decoding: result.stderr.suffix(500), as: UTF8.self)
            try await repository.storeExtraction(
                attachmentID: attachmentID, readable: false, message: reason, parts: [], pdf: nil, milliseconds: elapsed())
            return "attachment \(attachmentID) unreadable (\(result.status)): \(reason)"
        }
        let pdf = output.pdf.flatMap { FileManager.default.contents(atPath: $0) }.map { Array($0) }
        let ms = elapsed()
        try await repository.storeExtraction(
            attachmentID: attachmentID, readable: true, message: "",
            parts: output.parts.map { .init(part: $0.part, label: $0.label, text: $0.text) }, pdf: pdf, milliseconds: ms)
        return "attachment \(attachmentID): \(output.parts.count) parts in \(ms) ms"
    }

    /// Runs a command off the event loops and collects its output and exit status.
    static func run(_ arguments: [String]) async throws -> (status: Int32, stdout: Data, stderr: Data) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = arguments
                let out = Pipe()
                let err = Pipe()
                process.standardOutput = out
                process.standardError = err
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let errors = LockedBox(Data())
                let reader = Thread {
                    errors.set(err.fileHandleForReading.readDataToEndOfFile())
                }
                reader.start()
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                while !reader.isFinished { usleep(1_000) }
                continuation.resume(returning: (process.terminationStatus, stdout, errors.get()))
            }
        }
    }
}
