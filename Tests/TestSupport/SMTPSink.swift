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
        public let data: String
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
                rcpts.append(String(line.dropFirst(8)).trimmingCharacters(in: CharacterSet(charactersIn: "<> ")))
                say("250 ok")
            } else if upper == "DATA" {
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
