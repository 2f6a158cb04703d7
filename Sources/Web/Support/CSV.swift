/// CSV the way Danish Excel opens it directly: UTF-8 with a byte order mark, semicolons between
/// fields, CRLF line ends, numbers with a decimal comma (the caller formats them), and fields
/// quoted when they hold a semicolon, a quote or a line break.
enum CSV {
    static func document(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(field).joined(separator: ";") }.map { $0 + "\r\n" }.joined()
    }

    static func field(_ value: String) -> String {
        // A leading =, +, - or @ would be read as a formula by a spreadsheet: keep it text.
        var v = value
        if let first = v.first, "=+-@".contains(first), Double(v.replacingOccurrences(of: ",", with: ".")) == nil { v = "'" + v }
        guard v.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
