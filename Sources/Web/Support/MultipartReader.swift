import Foundation
import Hummingbird
import NIOCore

/// Reads a `multipart/form-data` body as it streams in, part by part, without holding it whole:
/// the caller receives each part's headers, then its data in pieces as they arrive.
struct MultipartReader {
    enum Event {
        case part(name: String, filename: String?)
        case data(ArraySlice<UInt8>)
        case partEnd
    }

    enum Failure: Error { case malformed }

    let boundary: [UInt8]

    init?(contentType: String) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let range = contentType.range(of: "boundary=", options: .caseInsensitive) else { return nil }
        var b = String(contentType[range.upperBound...])
        if let semi = b.firstIndex(of: ";") { b = String(b[..<semi]) }
        b = b.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard !b.isEmpty, b.count <= 200 else { return nil }
        boundary = Array(b.utf8)
    }

    /// Feeds `body` through the parser, calling `handle` for each event. Stops after `limit` bytes
    /// with HTTP 413.
    func read(_ body: RequestBody, limit: Int, handle: (Event) async throws -> Void) async throws {
        let delimiter: [UInt8] = [13, 10, 45, 45] + boundary  // "\r\n--boundary"
        var pending: [UInt8] = [13, 10]  // lets the first boundary match the same delimiter
        var total = 0
        enum State { case preamble, headers, body, done }
        var state = State.preamble

        func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
            guard hay.count >= needle.count else { return nil }
            var i = from
            let first = needle[0]
            while i <= hay.count - needle.count {
                guard let j = hay[i...].firstIndex(of: first), j <= hay.count - needle.count else { return nil }
                if hay[j..<(j + needle.count)].elementsEqual(needle) { return j }
                i = j + 1
            }
            return nil
        }

        for try await buffer in body {
            total += buffer.readableBytes
            if total > limit { throw HTTPError(.contentTooLarge) }
            pending.append(contentsOf: buffer.readableBytesView)
            var progress = true
            while progress && state != .done {
                progress = false
                switch state {
                case .preamble:
                    if let at = find(delimiter, in: pending, from: 0) {
                        pending.removeFirst(at + delimiter.count)
                        state = .headers
                        progress = true
                    } else if pending.count > delimiter.count {
                        pending.removeFirst(pending.count - delimiter.count)
                    }
                case .headers:
                    // After a delimiter: "--" ends the body, "\r\n" starts a part's headers.
                    if pending.count >= 2 && pending[0] == 45 && pending[1] == 45 { state = .done; break }
                    guard let end = find([13, 10, 13, 10], in: pending, from: 0) else {
                        if pending.count > 16 * 1024 { throw Failure.malformed }
                        break
                    }
                    guard pending.count >= 2, pending[0] == 13, pending[1] == 10 else { throw Failure.malformed }
                    let text = String(decoding: pending[2..<end], as: UTF8.self)
                    pending.removeFirst(end + 4)
                    let (name, filename) = Self.disposition(text)
                    try await handle(.part(name: name, filename: filename))
                    state = .body
                    progress = true
                case .body:
                    if let at = find(delimiter, in: pending, from: 0) {
                        if at > 0 { try await handle(.data(pending[0..<at])) }
                        try await handle(.partEnd)
                        pending.removeFirst(at + delimiter.count)
                        state = .headers
                        progress = true
                    } else if pending.count > delimiter.count {
                        // Hand on all but a tail that might be the start of the delimiter.
                        let keep = delimiter.count - 1
                        try await handle(.data(pending[0..<(pending.count - keep)]))
                        pending.removeFirst(pending.count - keep)
                    }
                case .done:
                    break
                }
            }
        }
        if state != .done { throw Failure.malformed }
    }

    /// The field name and file name of a part's `Content-Disposition` header.
    static func disposition(_ headers: String) -> (String, String?) {
        var name = ""
        var filename: String?
        for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            for param in line.split(separator: ";").dropFirst() {
                let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2 else { continue }
                var value = kv[1]
                if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 {
                    value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                }
                switch kv[0].lowercased() {
                case "name": name = value
                case "filename": filename = value
                default: break
                }
            }
        }
        return (name, filename)
    }
}
