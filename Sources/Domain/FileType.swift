/// The kinds of file the portal accepts as attachments, recognised by their content, not their name.
public enum FileKind: String, Sendable, CaseIterable {
    case pdf, docx, xlsx, odt

    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .odt: "application/vnd.oasis.opendocument.text"
        }
    }

    public static let allowedDescription = "PDF, DOCX, XLSX eller ODT"
    public static let allowedExtensions = ".pdf, .docx, .xlsx eller .odt"

    /// Whether a file name ends in the extension of a kind accepted here (the content decides the rest).
    public static func allowsName(_ filename: String) -> Bool {
        FileKind(rawValue: filename.split(separator: ".").last.map { $0.lowercased() } ?? "") != nil
    }

    /// The kind a file is, judged from its name's extension and its first bytes together:
    /// a renamed executable or HTML page is refused whatever it is called.
    public static func detect(filename: String, head: [UInt8]) -> FileKind? {
        let ext = filename.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard let kind = FileKind(rawValue: ext) else { return nil }
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        switch kind {
        case .pdf:
            return head.starts(with: Array("%PDF-".utf8)) ? .pdf : nil
        case .odt:
            // An ODF package starts with an uncompressed "mimetype" entry naming its type.
            let marker = Array("mimetypeapplication/vnd.oasis.opendocument.text".utf8)
            return head.starts(with: zip) && head.count >= 30 + marker.count && Array(head[30..<(30 + marker.count)]) == marker ? .odt : nil
        case .docx, .xlsx:
            // An Office Open XML package is a ZIP whose first entries name its parts.
            guard head.starts(with: zip) else { return nil }
            let text = String(decoding: head, as: UTF8.self)
            let part = kind == .docx ? "word/" : "xl/"
            return text.contains("[Content_Types].xml") || text.contains(part) ? kind : nil
        }
    }

    /// Bytes of a file's start needed to judge it.
    public static let headLength = 4096
}

/// File names as uploaded are kept for display and download, made safe: no path, no control
/// characters, no format characters.
public enum SafeFileName {
    public static func clean(_ name: String) -> String {
        // Browsers may send a full path (old IE): keep the last component only.
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        // Format characters (Unicode category Cf) change how a name looks without being seen:
        // U+202E RIGHT-TO-LEFT OVERRIDE shows "rapport\u{202E}fdp.exe" as "rapportexe.pdf", and
        // the marks, embeddings and isolates (U+200E/F, U+202A–202E, U+2066–2069), zero-width
        // characters and a byte order mark do the like. None belongs in a file's name.
        let kept = last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0.properties.generalCategory != .format }
        var out = String(String.UnicodeScalarView(kept))
        out = out.trimmingWhitespace()
        while out.hasPrefix(".") { out.removeFirst() }
        if out.isEmpty { out = "bilag" }
        if out.count > 200 { out = String(out.suffix(200)) }
        return out
    }

    /// `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987).
    public static func contentDisposition(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        var encoded = ""
        for byte in name.utf8 {
            let c = Character(UnicodeScalar(byte))
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "-._~".contains(c) {
                encoded.append(c)
            } else {
                let hex = Array("0123456789ABCDEF")
                encoded += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
