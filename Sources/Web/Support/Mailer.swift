import Foundation
import Logging
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// An e-mail to send (plain text, UTF-8).
public struct MailMessage: Sendable, Equatable {
    public var to: [String]
    public var subject: String
    public var body: String
    public init(to: [String], subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}

public protocol Mailer: Sendable {
    func send(_ message: MailMessage) async throws
}

public struct MailError: Error, CustomStringConvertible {
    public let description: String
}

/// A small SMTP client (RFC 5321) for a relay on the local network: `SMTP_URL=smtp://host:port`.
/// It blocks, so it runs on its own thread, never on an event loop. Recipients go in the envelope
/// only (the header says "undisclosed-recipients"), so board members do not see each other's addresses.
public final class SMTPMailer: Mailer {
    let host: String
    let port: Int
    let from: String
    private let threadPool: NIOThreadPool

    public init?(url: String, from: String) {
        guard let u = URL(string: url), u.scheme == "smtp", let host = u.host, !host.isEmpty else { return nil }
        self.host = host
        self.port = u.port ?? 25
        self.from = from
        self.threadPool = NIOThreadPool(numberOfThreads: 1)
        self.threadPool.start()
    }

    public func send(_ message: MailMessage) async throws {
        let (host, port, from) = (self.host, self.port, self.from)
        try await threadPool.runIfActive {
            let session = try SMTPSession(host: host, port: port)
            defer { session.close() }
            try session.expect(220)
            try session.command("EHLO raadsportalen", expect: 250)
            try session.command("MAIL FROM:<\(from)>", expect: 250)
            for rcpt in message.to { try session.command("RCPT TO:<\(rcpt)>", expect: 250) }
            try session.command("DATA", expect: 354)
            try session.write(Self.render(message, from: from) + "\r\n.\r\n")
            try session.expect(250)
            try? session.command("QUIT", expect: 221)
        }
    }

    /// Headers and body, with a MIME-encoded subject and dot-stuffing.
    static func render(_ message: MailMessage, from: String) -> String {
        let subject = "=?UTF-8?B?" + Data(message.subject.utf8).base64EncodedString() + "?="
        let body = message.body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
        let name = "=?UTF-8?B?" + Data("Rådsportalen".utf8).base64EncodedString() + "?="
        return [
            "From: \(name) <\(from)>", "To: undisclosed-recipients:;", "Subject: \(subject)", "Date: \(Self.rfc2822(Date()))", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", body,
        ].joined(separator: "\r\n")
    }

    static func rfc2822(_ date: Date) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        let p = c.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[p.weekday! - 1]), \(p.day!) \(months[p.month! - 1]) \(p.year!) \(two(p.hour!)):\(two(p.minute!)):\(two(p.second!)) +0000"
    }
}

/// One blocking SMTP conversation over a TCP socket, with a 10-second timeout per read.
private final class SMTPSession {
    let fd: Int32
    var buffer: [UInt8] = []

    init(host: String, port: Int) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else {
            throw MailError(description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        var connected: Int32 = -1
        while let ai = cursor {
            let s = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
            if s >= 0 {
                var timeout = timeval(tv_sec: 10, tv_usec: 0)
                setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                if connect(s, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 {
                    connected = s
                    break
                }
                Glibc.close(s)
            }
            cursor = ai.pointee.ai_next
        }
        guard connected >= 0 else { throw MailError(description: "cannot connect to \(host):\(port)") }
        fd = connected
    }

    func close() { Glibc.close(fd) }

    func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        let total = bytes.count
        var sent = 0
        while sent < total {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, total - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw MailError(description: "send failed") }
            sent += n
        }
    }

    /// Reads one (possibly multi-line) reply and checks its code.
    func expect(_ code: Int) throws {
        while true {
            let line = try readLine()
            guard line.count >= 3, let got = Int(line.prefix(3)) else { throw MailError(description: "bad reply: \(line)") }
            if line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
            guard got == code else { throw MailError(description: "expected \(code), got: \(line)") }
            return
        }
    }

    func command(_ line: String, expect code: Int) throws {
        try write(line + "\r\n")
        try expect(code)
    }

    private func readLine() throws -> String {
        while true {
            if let i = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<i], as: UTF8.self).trimmingCharacters(in: .newlines)
                buffer.removeFirst(i + 1)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 1024)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 1024, 0) }
            guard n > 0 else { throw MailError(description: "connection closed or timed out") }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }
}
