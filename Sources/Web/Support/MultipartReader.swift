import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// Reads a `multipart/form-data` body as it streams in, part by part, without holding it whole:
/// multipart-kit's `MultipartParser` parses each piece of the body as it arrives, and the caller
/// receives each part's field and file name, then its data in pieces, then its end.
///
/// The parser's callbacks are synchronous; the events of one piece are collected and handed on
/// (asynchronously, so that the caller may write to the database) before the next piece is read.
struct MultipartReader {
    enum Event: Equatable {
        case part(name: String, filename: String?)
        case data(ArraySlice<UInt8>)
        case partEnd
    }

    enum Failure: Error { case malformed }

    /// Bytes that bring neither a part's data nor its end (headers that never end, a body without
    /// the boundary) make the body malformed: the parser would otherwise keep growing a header.
    static let maxBytesWithoutProgress = 16 * 1024

    let boundary: String

    init?(contentType: String) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let range = contentType.range(of: "boundary=", options: .caseInsensitive)
        else { return nil }
        var b = String(contentType[range.upperBound...])
        if let semi = b.firstIndex(of: ";") { b = String(b[..<semi]) }
        b = b.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard !b.isEmpty, b.count <= 200 else { return nil }
        boundary = b
    }

    /// Feeds `body` through the parser, calling `handle` for each event. Stops after `limit` bytes
    /// with HTTP 413; a body the parser refuses, or that ends before the closing boundary, is
    /// `Failure.malformed`.
    func read(_ body: RequestBody, limit: Int, handle: (Event) async throws -> Void) async throws {
        let parser = MultipartParser(boundary: boundary)
        let events = Events()
        parser.onHeader = { events.header($0, $1) }
        parser.onBody = { events.body(&$0) }
        parser.onPartComplete = { events.partComplete() }
        var total = 0
        var withoutProgress = 0
        for try await buffer in body {
            total += buffer.readableBytes
            if total > limit { throw HTTPError(.contentTooLarge) }
            do { try parser.execute(buffer) } catch { throw Failure.malformed }
            let (list, progressed) = events.take()
            withoutProgress = progressed ? 0 : withoutProgress + buffer.readableBytes
            if withoutProgress > Self.maxBytesWithoutProgress { throw Failure.malformed }
            for event in list { try await handle(event) }
        }
        guard events.ended else { throw Failure.malformed }
        // The last part ended, but the parser does not say whether the closing delimiter ended it
        // ("--" after the boundary: the parser is in its epilogue) or one that a next part should
        // follow. Its epilogue ignores whatever comes; in any other state it answers "\r" and a
        // letter with an error or as data. So two bytes tell.
        do { try parser.execute([13, 88]) } catch { throw Failure.malformed }
        guard events.ended, events.take().list.isEmpty else { throw Failure.malformed }
    }

    /// Reads the field name and file name from a part's `Content-Disposition` header value
    /// (`form-data; name="file"; filename="a.pdf"`) into `name` and `filename`.
    static func disposition(_ value: String, name: inout String, filename: inout String?) {
        for param in value.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2 else { continue }
            var value = kv[1]
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            switch kv[0].lowercased() {
            case "name": name = value
            case "filename": filename = htmlFormUnescaped(value)
            default: break
            }
        }
    }

    /// Browsers write a file name's `"`, CR and LF as `%22`, `%0D` and `%0A` (the HTML standard's
    /// multipart/form-data encoding; curl does the same): back to the characters they stand for,
    /// so that the name is judged as its owner wrote it.
    static func htmlFormUnescaped(_ value: String) -> String {
        guard value.contains("%") else { return value }
        return value.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0D", with: "\r")
            .replacingOccurrences(of: "%0A", with: "\n")
    }

    /// What the parser's callbacks report while it reads one piece of the body, in order. A part
    /// is announced when its data starts or it ends (the parser has no callback for the end of a
    /// part's headers), and a piece's data comes as one event.
    private final class Events {
        private var list: [Event] = []
        private var data: [UInt8] = []
        private var name = ""
        private var filename: String?
        private var announced = false
        private var progressed = false
        /// The last thing the parser reported was a part's end, nothing of a next part after it.
        private(set) var ended = false

        func header(_ field: String, _ value: String) {
            ended = false
            if field.lowercased() == "content-disposition" { MultipartReader.disposition(value, name: &name, filename: &filename) }
        }

        func body(_ buffer: inout ByteBuffer) {
            announce()
            data.append(contentsOf: buffer.readableBytesView)
            ended = false
            progressed = true
        }

        func partComplete() {
            announce()
            flush()
            list.append(.partEnd)
            (name, filename, announced) = ("", nil, false)
            ended = true
            progressed = true
        }

        /// The events since the last call, and whether any part's data or end was among them.
        func take() -> (list: [Event], progressed: Bool) {
            flush()
            defer { (list, progressed) = ([], false) }
            return (list, progressed)
        }

        private func announce() {
            guard !announced else { return }
            list.append(.part(name: name, filename: filename))
            announced = true
        }

        private func flush() {
            guard !data.isEmpty else { return }
            list.append(.data(data[...]))
            data = []
        }
    }
}
