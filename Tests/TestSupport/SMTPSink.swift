import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A local SMTP server that accepts every message and keeps it, for tests of the portal's e-mail.
/// It listens on 127.0.0.1 on a free port and serves one connection at a time on its own thread.
public final class SMTPSink: @unchecked Sendable {
    public struct Message: Sendable {
        public let from: String
        public let recipients: [String]
        /// The message as received (lines joined by "\n", dot-stuffing undone).
        public let data: String

        /// A header's value, unfolded (continuation lines joined), or nil.
        public func header(_ name: String) -> String? {
            let head = data.components(separatedBy: "\n\n").first ?? ""
            var fields: [String] = []
            for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(" ") || line.hasPrefix("\t"), !fields.isEmpty {
                    fields[fields.count - 1] += String(line)
                } else {
                    fields.append(String(line))
                }
            }
            let prefix = name.lowercased() + ":"
            return fields.first { $0.lowercased().hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
        }

        /// The subject with its RFC 2047 encoded-words decoded.
        public var subject: String {
            (header("Subject") ?? "").split(separator: " ").map { word -> String in
                guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="), let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
                else { return String(word) + " " }
                return String(decoding: data, as: UTF8.self)
            }.joined().trimmingCharacters(in: .whitespaces)
        }

        /// The body, decoded from quoted-printable where it is.
        public var body: String {
            let raw = data.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
            guard header("Content-Transfer-Encoding")?.lowercased() == "quoted-printable" else { return raw }
            var bytes: [UInt8] = []
            let chars = Array(raw.replacingOccurrences(of: "=\n", with: "").utf8)
            var i = 0
            while i < chars.count {
                if chars[i] == UInt8(ascii: "="), i + 2 < chars.count,
                    let b = UInt8(String(decoding: chars[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
                {
                    bytes.append(b)
                    i += 3
                } else {
                    bytes.append(chars[i])
                    i += 1
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        /// The decoded subject and body, for tests that look for words.
        public var text: String { subject + "\n" + body }
    }

    public let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var messages: [Message] = []

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw TestSetupError("SMTP sink cannot listen") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [weak self] in self?.serve() }
        thread.start()
    }

    public var received: [Message] { lock.withLock { messages } }

    /// Answers to give instead of "250 ok" to RCPT TO, by address (e.g. "451 4.3.0 try later").
    public func answer(rcpt address: String, with reply: String?) { lock.withLock { rcptReplies[address] = reply } }
    private var rcptReplies: [String: String] = [:]

    /// Waits up to `seconds` for at least `count` messages.
    public func wait(for count: Int, seconds: Double = 10) async throws -> [Message] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let got = received
            if got.count >= count { return got }
            try await Task.sleep(for: .milliseconds(50))
        }
        return received
    }

    public func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private func serve() {
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 { return }
            handle(c)
            close(c)
        }
    }

    private func handle(_ c: Int32) {
        var buffer: [UInt8] = []
        func say(_ line: String) { _ = (line + "\r\n").withCString { send(c, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
        func readLine() -> String? {
            while true {
                if let i = buffer.firstIndex(of: 10) {
                    let line = String(decoding: buffer[..<i], as: UTF8.self).trimmingCharacters(in: .newlines)
                    buffer.removeFirst(i + 1)
                    return line
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = recv(c, &chunk, 4096, 0)
                if n <= 0 { return nil }
                buffer.append(contentsOf: chunk[0..<n])
            }
        }
        say("220 sink ESMTP")
        var from = ""
        var rcpts: [String] = []
        while let line = readLine() {
            let upper = line.uppercased()
            if upper.hasPrefix("EHLO") || upper.hasPrefix("HELO") {
                say("250-sink")
                say("250 8BITMIME")
            } else if upper.hasPrefix("MAIL FROM:") {
                from = String(line.dropFirst(10))
                say("250 ok")
            } else if upper.hasPrefix("RCPT TO:") {
                let address = String(line.dropFirst(8)).trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
                if let reply = lock.withLock({ rcptReplies[address] }) {
                    say(reply)
                } else {
                    rcpts.append(address)
                    say("250 ok")
                }
            } else if upper == "DATA" {
                guard !rcpts.isEmpty else {
                    say("554 no valid recipients")
                    continue
                }
                say("354 go ahead")
                var data: [String] = []
                while let l = readLine(), l != "." { data.append(l.hasPrefix("..") ? String(l.dropFirst()) : l) }
                lock.withLock { messages.append(Message(from: from, recipients: rcpts, data: data.joined(separator: "\n"))) }
                rcpts = []
                say("250 queued")
            } else if upper == "QUIT" {
                say("221 bye")
                return
            } else {
                say("250 ok")
            }
        }
    }
}
