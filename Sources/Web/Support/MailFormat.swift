import Foundation

/// An e-mail as the relay receives it: plain text, UTF-8, one recipient.
public struct MailMessage: Sendable, Equatable {
    /// With its angle brackets: `<0c9d…@regioner.dk>`.
    public var messageID: String
    public var to: String
    public var subject: String
    public var body: String
    public var date: Date

    public init(messageID: String, to: String, subject: String, body: String, date: Date = Date()) {
        self.messageID = messageID
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
    }
}

/// The message as text on the wire (RFC 5322 and MIME): every header a relay and a spam filter look
/// for (Message-ID, Date, From, To, Subject), a subject of non-ASCII text as RFC 2047 encoded-words
/// of at most 75 characters on lines of at most 78, and a body of lines within 78 characters,
/// quoted-printable where the text needs it. Lines end in CRLF; dot-stuffing is the SMTP client's.
enum MailFormat {
    static let maxLine = 78

    static func render(_ m: MailMessage, from: String, fromName: String = "Rådsportalen") -> String {
        let (encoding, body) = Self.body(m.body)
        let headers = [
            "From: " + phrase(fromName, headerLength: 6) + " <\(from)>",
            "To: <\(m.to)>",
            header("Subject", m.subject),
            "Date: " + rfc5322(m.date),
            "Message-ID: " + m.messageID,
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: " + encoding,
            // RFC 3834: a notice written by a program; an out-of-office reply should not answer it.
            "Auto-Submitted: auto-generated",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    /// `Name: value`, folded: ASCII text at spaces, anything else as encoded-words.
    static func header(_ name: String, _ value: String) -> String {
        let prefix = name + ": "
        let printable = value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        if printable && !value.contains("=?") {
            return prefix + fold(words: value.split(separator: " ", omittingEmptySubsequences: false).map(String.init), first: prefix.count)
        }
        return prefix + encodedWords(value, firstLineUsed: prefix.count).joined(separator: "\r\n ")
    }

    /// A display name: as it is when it is plain ASCII letters, else one encoded-word.
    static func phrase(_ text: String, headerLength: Int) -> String {
        if text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " ") }) { return text }
        return encodedWords(text, firstLineUsed: headerLength).joined(separator: "\r\n ")
    }

    /// Words joined by spaces, a line break before a word that would pass the limit.
    static func fold(words: [String], first used: Int) -> String {
        var out = ""
        var column = used
        for (i, word) in words.enumerated() {
            if i > 0 {
                if column + 1 + word.count > maxLine {
                    out += "\r\n "
                    column = 1
                } else {
                    out += " "
                    column += 1
                }
            }
            out += word
            column += word.count
        }
        return out
    }

    /// RFC 2047 "B" encoded-words of UTF-8, each at most 75 characters and no longer than its line
    /// allows (the first shares its line with the header's name), never splitting a character.
    static func encodedWords(_ text: String, firstLineUsed: Int) -> [String] {
        let overhead = "=?UTF-8?B??=".count
        var words: [String] = []
        var chunk: [UInt8] = []
        func room() -> Int {
            // Base64 characters the current word may hold, in whole groups of four.
            let lineRoom = words.isEmpty ? maxLine - firstLineUsed : maxLine - 1
            let chars = min(75, lineRoom) - overhead
            return chars / 4 * 3
        }
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk = []
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > room() { flush() }
            chunk += bytes
        }
        flush()
        return words.isEmpty ? ["=?UTF-8?B??="] : words
    }

    /// The body with CRLF line ends: 7bit when it is ASCII with short lines, else quoted-printable.
    static func body(_ text: String) -> (encoding: String, text: String) {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.allSatisfy({ $0.utf8.count <= maxLine && $0.utf8.allSatisfy { $0 < 0x80 && ($0 >= 0x20 || $0 == 0x09) } }) {
            return ("7bit", lines.joined(separator: "\r\n"))
        }
        return ("quoted-printable", lines.map(quotedPrintable).joined(separator: "\r\n"))
    }

    /// One line as quoted-printable (RFC 2045): `=XX` for bytes outside printable ASCII and for
    /// `=`, soft line breaks (`=` at the end) keeping every line within 76 characters, and a space
    /// or tab at the end of the line encoded.
    static func quotedPrintable(_ line: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        let bytes = Array(line.utf8)
        var out: [UInt8] = []
        var column = 0
        for (i, b) in bytes.enumerated() {
            let last = i == bytes.count - 1
            var token: [UInt8]
            if (b >= 33 && b <= 126 && b != UInt8(ascii: "=")) || ((b == 32 || b == 9) && !last) {
                token = [b]
            } else {
                token = [UInt8(ascii: "="), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            }
            // Room for the token and, unless this is the last, a soft break's "=".
            if column + token.count > (last ? 76 : 75) {
                out += [UInt8(ascii: "="), 13, 10]
                column = 0
            }
            out += token
            column += token.count
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `Tue, 4 Mar 2025 09:00:00 +0000`
    static func rfc5322(_ date: Date) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        let p = c.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[p.weekday! - 1]), \(p.day!) \(months[p.month! - 1]) \(p.year!) \(two(p.hour!)):\(two(p.minute!)):\(two(p.second!)) +0000"
    }

    /// The domain of an address (`raadsportal@regioner.dk` → `regioner.dk`), for Message-IDs.
    static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "localhost"
    }
}
