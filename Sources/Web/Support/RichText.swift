import Domain
import Foundation
import NIOConcurrencyHelpers

/// Escapes text for HTML at byte level (no per-character String work).
enum HTMLEscape {
    /// Appends `text` escaped; text without special characters is appended as it is.
    static func append(_ text: String, to out: inout String) {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            out += text
            return
        }
        out += escape(text)
    }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        // Fast path: nothing to escape.
        if !utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for b in utf8 {
            switch b {
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])  // &#39;
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The small, safe markup of agenda texts: paragraphs separated by a blank line, lines starting
/// with "- " as a bullet list, and http(s) addresses as links. Everything else is escaped: no
/// HTML from users ever reaches the page, and only http and https links are made.
enum RichText {
    // Byte-level line and link scanning: Foundation's `components(separatedBy:)` and
    // `range(of:)` were a tenth of the agenda page's CPU time.
    static func html(_ text: String) -> String {
        if text.utf8.count < 64 { return render(text) }
        let key = UTF8Key(text)
        if let cached = cache.withLockedValue({ $0[key] }) { return cached }
        let html = render(text)
        cache.withLockedValue { cache in
            if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[key] = html
        }
        return html
    }

    /// The same texts (an agenda's résumés) are shown on every view of a page: their HTML is kept,
    /// keyed by the text itself (so never stale), for at most `cacheLimit` texts.
    private static let cache = NIOLockedValueBox([UTF8Key: String]())

    /// A text as a key by its bytes: String's own hashing and equality are Unicode-aware and
    /// normalise Danish letters on every lookup; the same text always has the same bytes here.
    private struct UTF8Key: Hashable {
        let text: String
        init(_ text: String) { self.text = text }
        static func == (a: Self, b: Self) -> Bool {
            a.text.utf8.count == b.text.utf8.count
                && a.bytes { x in b.bytes { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
        }
        func hash(into hasher: inout Hasher) { bytes { hasher.combine(bytes: $0) } }
        private func bytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
            if let r = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return r }
            return Array(text.utf8).withUnsafeBytes(body)
        }
    }
    static let cacheLimit = 1_000

    static func render(_ text: String) -> String {
        var out = ""
        var block: [String] = []
        func flushBlock() {
            defer { block = [] }
            guard !block.isEmpty else { return }
            var paragraph: [String] = []
            var list: [String] = []
            func flushParagraph() {
                if !paragraph.isEmpty { out += "<p>" + paragraph.map(inline).joined(separator: "<br>") + "</p>\n" }
                paragraph = []
            }
            func flushList() {
                if !list.isEmpty { out += "<ul>" + list.map { "<li>" + inline($0) + "</li>" }.joined() + "</ul>\n" }
                list = []
            }
            for line in block {
                if line.hasPrefix("- ") || line.hasPrefix("• ") {
                    flushParagraph()
                    list.append(String(line.dropFirst(2)))
                } else {
                    flushList()
                    paragraph.append(line)
                }
            }
            flushParagraph()
            flushList()
        }
        // Paragraphs are separated by an empty line; a line of spaces only is dropped.
        for raw in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let bytes = raw.last == UInt8(ascii: "\r") ? raw.dropLast() : raw
            if bytes.isEmpty {
                flushBlock()
                continue
            }
            let line = String(Substring(bytes)).trimmingWhitespace()
            if !line.isEmpty { block.append(line) }
        }
        flushBlock()
        return out
    }

    /// Escapes a line and turns http(s) addresses into links.
    static func inline(_ line: String) -> String {
        var out = ""
        var rest = Substring(line)
        while let start = linkStart(in: rest) {
            out += HTMLEscape.escape(String(rest[..<start]))
            var end = rest[start...].firstIndex(where: { $0.isWhitespace }) ?? rest.endIndex
            // A trailing full stop or comma ends the sentence, not the address.
            while end > start, let last = rest[..<end].last, ".,;:)".contains(last) { end = rest.index(before: end) }
            let url = String(rest[start..<end])
            let escaped = HTMLEscape.escape(url)
            out += "<a href=\"\(escaped)\">\(escaped)</a>"
            rest = rest[end...]
        }
        out += HTMLEscape.escape(String(rest))
        return out
    }

    /// Where the first "http://" or "https://" in `text` starts.
    static func linkStart(in text: Substring) -> Substring.Index? {
        let bytes = text.utf8
        var i = bytes.startIndex
        while let h = bytes[i...].firstIndex(of: UInt8(ascii: "h")) {
            var rest = bytes[h...].dropFirst(4)
            if bytes[h...].starts(with: "http".utf8) {
                if rest.first == UInt8(ascii: "s") { rest = rest.dropFirst() }
                if rest.starts(with: "://".utf8) { return h }
            }
            i = bytes.index(after: h)
        }
        return nil
    }
}
