import Domain
import Foundation

/// Escapes text for HTML at byte level (no per-character String work).
enum HTMLEscape {
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
    static func html(_ text: String) -> String {
        var out = ""
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        for block in normalized.components(separatedBy: "\n\n") {
            let lines = block.split(separator: "\n", omittingEmptySubsequences: true).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            guard !lines.isEmpty else { continue }
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
            for line in lines {
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
        return out
    }

    /// Escapes a line and turns http(s) addresses into links.
    static func inline(_ line: String) -> String {
        var out = ""
        var rest = Substring(line)
        while let start = [rest.range(of: "https://")?.lowerBound, rest.range(of: "http://")?.lowerBound].compactMap({ $0 }).min() {
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
}
