import Foundation

/// A small text-only PDF writer (PDF 1.4, A4, Helvetica in WinAnsi encoding, which holds the Danish
/// letters): headings, paragraphs wrapped to the page, simple tables as aligned rows, page numbers.
/// Enough for a report to travel as a board attachment; the HTML page remains the report.
struct SimplePDF {
    enum Block {
        case title(String)
        case heading(String)
        case paragraph(String)
        case row([String], widths: [Double], bold: Bool)
        case space
    }

    private var blocks: [Block] = []
    let footer: String

    init(footer: String) { self.footer = footer }

    mutating func title(_ text: String) { blocks.append(.title(text)) }
    mutating func heading(_ text: String) { blocks.append(.heading(text)) }
    /// Text in the agenda's small markup: blank lines between paragraphs, "- " starts a bullet.
    mutating func paragraph(_ text: String) {
        for part in text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n") {
            var lines: [String] = []
            for line in part.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
                if line.hasPrefix("- ") || line.hasPrefix("• ") {
                    if !lines.isEmpty {
                        blocks.append(.paragraph(lines.joined(separator: " ")))
                        lines = []
                    }
                    blocks.append(.paragraph("\u{2022} " + line.dropFirst(2)))
                } else {
                    lines.append(line)
                }
            }
            if !lines.isEmpty { blocks.append(.paragraph(lines.joined(separator: " "))) }
        }
    }
    /// A table row; `widths` are fractions of the text width.
    mutating func row(_ cells: [String], widths: [Double], bold: Bool = false) { blocks.append(.row(cells, widths: widths, bold: bold)) }
    mutating func space() { blocks.append(.space) }

    // A4 in points, with margins.
    static let pageWidth = 595.0, pageHeight = 842.0, margin = 56.0
    static var textWidth: Double { pageWidth - 2 * margin }

    /// Helvetica's advance widths (per 1000 units) for the printable ASCII range; other characters
    /// (æøå and friends) are taken as 556, a typical lower-case width.
    static let widths: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
        278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
        611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
        556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ]

    static func width(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0.0) { sum, c in
            let v = Int(c.value)
            return sum + Double((32...126).contains(v) ? widths[v - 32] : 556) * size / 1000
        }
    }

    static func wrap(_ text: String, size: Double, width: Double) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if Self.width(candidate, size: size) <= width || line.isEmpty {
                line = candidate
            } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }

    /// A PDF string literal in WinAnsi (Latin-1 for the Danish letters; others become "?").
    static func literal(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "(")]
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let byte: UInt8 =
                switch v {
                case 0x2013: 0x96  // en dash
                case 0x2014: 0x97  // em dash
                case 0x2018: 0x91
                case 0x2019: 0x92
                case 0x201C: 0x93
                case 0x201D: 0x94
                case 0x2022: 0x95  // bullet
                case 0x20AC: 0x80  // euro
                case 0x20...0x7E, 0xA0...0xFF: UInt8(v)
                default: UInt8(ascii: "?")
                }
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        out.append(UInt8(ascii: ")"))
        return out
    }

    /// Lays the blocks out on pages and writes the file.
    func render() -> [UInt8] {
        var pages: [[UInt8]] = []
        var content: [UInt8] = []
        var y = Self.pageHeight - Self.margin
        func text(_ s: String, x: Double, y: Double, size: Double, bold: Bool) {
            content += Array("BT /\(bold ? "F2" : "F1") \(fmt(size)) Tf \(fmt(x)) \(fmt(y)) Td ".utf8) + Self.literal(s) + Array(" Tj ET\n".utf8)
        }
        func newPage() {
            text("\(footer) \u{2013} side \(pages.count + 1)", x: Self.margin, y: 30, size: 8, bold: false)
            pages.append(content)
            content = []
            y = Self.pageHeight - Self.margin
        }
        func need(_ height: Double) { if y - height < Self.margin { newPage() } }
        for block in blocks {
            switch block {
            case .title(let s):
                for line in Self.wrap(s, size: 20, width: Self.textWidth) {
                    need(26)
                    text(line, x: Self.margin, y: y - 20, size: 20, bold: true)
                    y -= 26
                }
                y -= 8
            case .heading(let s):
                need(40)
                y -= 8
                for line in Self.wrap(s, size: 13, width: Self.textWidth) {
                    need(18)
                    text(line, x: Self.margin, y: y - 13, size: 13, bold: true)
                    y -= 18
                }
                y -= 2
            case .paragraph(let s):
                for line in Self.wrap(s, size: 10, width: Self.textWidth) {
                    need(14)
                    text(line, x: Self.margin, y: y - 10, size: 10, bold: false)
                    y -= 14
                }
                y -= 6
            case .row(let cells, let widths, let bold):
                let columns = zip(cells, widths).map { Self.wrap($0.0, size: 9, width: $0.1 * Self.textWidth - 6) }
                let height = Double(columns.map(\.count).max() ?? 1) * 12 + 3
                need(height)
                var x = Self.margin
                for (lines, w) in zip(columns, widths) {
                    for (i, line) in lines.enumerated() { text(line, x: x, y: y - 9 - Double(i) * 12, size: 9, bold: bold) }
                    x += w * Self.textWidth
                }
                y -= height
            case .space:
                y -= 10
            }
        }
        newPage()

        // Objects: 1 catalog, 2 pages, 3 and 4 fonts, then per page a page object and its content.
        var objects: [[UInt8]] = []
        let pageIDs = pages.indices.map { 5 + 2 * $0 }
        objects.append(Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        objects.append(Array("<< /Type /Pages /Kids [\(pageIDs.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>".utf8))
        objects.append(Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8))
        objects.append(Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".utf8))
        for (i, page) in pages.enumerated() {
            objects.append(
                Array(
                    ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                        + "/Contents \(pageIDs[i] + 1) 0 R >>").utf8))
            objects.append(Array("<< /Length \(page.count) >>\nstream\n".utf8) + page + Array("endstream".utf8))
        }
        var out = Array("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (i, object) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(i + 1) 0 obj\n".utf8) + object + Array("\nendobj\n".utf8)
        }
        let xref = out.count
        out += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets { out += Array((String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n").utf8) }
        out += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }

    private func fmt(_ v: Double) -> String { String(format: "%.2f", v) }
}
