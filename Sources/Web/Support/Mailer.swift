import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where the relay is (`SMTP_URL`): `smtp://host:25` (STARTTLS when the relay offers it, and always
/// before a password), `smtp://user:pass@host:587` (AUTH PLAIN or LOGIN after STARTTLS) or
/// `smtps://user:pass@host:465` (TLS from the first byte). The certificate is verified against the
/// system's roots and `SMTP_CA_FILE`.
public struct SMTPRelay: Sendable, Equatable {
    public enum Security: Sendable, Equatable {
        case startTLS, implicitTLS
    }

    public let host: String
    public let port: Int
    public let username: String?
    public let password: String?
    public let security: Security

    public init?(url: String) {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), let host = c.host, !host.isEmpty,
            c.path.isEmpty || c.path == "/", c.query == nil
        else { return nil }
        switch scheme {
        case "smtp": (security, port) = (.startTLS, c.port ?? 25)
        case "smtps": (security, port) = (.implicitTLS, c.port ?? 465)
        default: return nil
        }
        self.host = host
        username = c.percentEncodedUser?.removingPercentEncoding
        password = c.percentEncodedPassword?.removingPercentEncoding
        guard (username == nil) == (password == nil), (1...65535).contains(port) else { return nil }
    }

    /// For messages: the URL without its password.
    public var redacted: String {
        (security == .implicitTLS ? "smtps://" : "smtp://") + (username.map { "\($0):***@" } ?? "") + "\(host):\(port)"
    }
}

/// How a hand-off to the relay ended, with the relay's answer (or what went wrong before one).
public enum MailDelivery: Sendable, Equatable {
    /// 2xx after the message: the relay has it.
    case accepted(String)
    /// 4xx, or no answer (refused, timed out, TLS failed): try again later.
    case transient(String)
    /// 5xx: the relay will not take it; trying again will not help.
    case permanent(String)

    public var answer: String {
        switch self {
        case .accepted(let a), .transient(let a), .permanent(let a): a
        }
    }
}

public protocol Mailer: Sendable {
    func deliver(_ message: MailMessage) async -> MailDelivery
}

public struct MailError: Error, CustomStringConvertible {
    public let description: String
}

/// An SMTP client (RFC 5321) on SwiftNIO: one connection per message, STARTTLS (RFC 3207) with the
/// relay's certificate verified, AUTH PLAIN or LOGIN (RFC 4954), one envelope recipient. The whole
/// conversation has a time limit; no answer in time is a transient failure.
public final class SMTPMailer: Mailer {
    let relay: SMTPRelay
    let from: String
    let tls: NIOSSLContext
    let timeout: Duration

    public init(relay: SMTPRelay, from: String, caFile: String = "", timeout: Duration = .seconds(60)) throws {
        self.relay = relay
        self.from = from
        self.timeout = timeout
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        if !caFile.isEmpty { configuration.additionalTrustRoots = [.file(caFile)] }
        tls = try NIOSSLContext(configuration: configuration)
    }

    /// For tests: a relay URL and a sender.
    public convenience init?(url: String, from: String) {
        guard let relay = SMTPRelay(url: url) else { return nil }
        try? self.init(relay: relay, from: from)
    }

    public func deliver(_ message: MailMessage) async -> MailDelivery {
        let data = MailFormat.render(message, from: from)
        do {
            return try await withThrowingTaskGroup(of: MailDelivery.self) { group in
                group.addTask { try await self.converse(message, data: data) }
                group.addTask {
                    try await Task.sleep(for: self.timeout)
                    return .transient("no answer from \(self.relay.host):\(self.relay.port) within \(self.timeout)")
                }
                let first = try await group.next()!
                group.cancelAll()
                return first
            }
        } catch let error as MailError {
            return .transient(error.description)
        } catch {
            return .transient("\(relay.host):\(relay.port): \(error)")
        }
    }

    struct Reply {
        let code: Int
        let lines: [String]
        var text: String { lines.joined(separator: " / ") }
        var isPositive: Bool { code >= 200 && code < 400 }
        /// The reply as an outcome, for a step that did not get the code it needed.
        func failure(_ step: String) -> MailDelivery {
            code >= 500 ? .permanent("\(step): \(text)") : .transient("\(step): \(text)")
        }
    }

    private func converse(_ message: MailMessage, data: String) async throws -> MailDelivery {
        let relay = self.relay
        let tls = self.tls
        let group = MultiThreadedEventLoopGroup.singleton
        let channel: NIOAsyncChannel<String, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group).connectTimeout(.seconds(10)).connect(host: relay.host, port: relay.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if relay.security == .implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(relay.host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        } catch {
            return .transient("cannot connect to \(relay.host):\(relay.port): \(error)")
        }
        let ehloName = MailFormat.domain(of: from)
        return try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            func read() async throws -> Reply {
                var collected: [String] = []
                while true {
                    guard let line = try await lines.next() else {
                        throw MailError(
                            description: "the relay closed the connection"
                                + (collected.isEmpty ? "" : " after: \(collected.joined(separator: " / "))"))
                    }
                    guard line.count >= 3, let code = Int(line.prefix(3)) else {
                        throw MailError(description: "not an SMTP reply: \(line.prefix(200))")
                    }
                    collected.append(line)
                    if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] != "-" { return Reply(code: code, lines: collected) }
                }
            }
            func send(_ command: String) async throws -> Reply {
                try await outbound.write(ByteBuffer(string: command + "\r\n"))
                return try await read()
            }
            func capabilities(_ reply: Reply) -> [String] {
                reply.lines.dropFirst().map { String($0.dropFirst(4)).uppercased() }
            }

            let greeting = try await read()
            guard greeting.code == 220 else { return greeting.failure("greeting") }
            var ehlo = try await send("EHLO \(ehloName)")
            guard ehlo.code == 250 else { return ehlo.failure("EHLO") }
            var tlsActive = relay.security == .implicitTLS
            if !tlsActive && (capabilities(ehlo).contains("STARTTLS") || relay.username != nil) {
                guard capabilities(ehlo).contains("STARTTLS") else {
                    return .transient("\(relay.host) offers no STARTTLS; the password is not sent unencrypted")
                }
                let start = try await send("STARTTLS")
                guard start.code == 220 else { return start.failure("STARTTLS") }
                // TLS goes in front of the line decoder; the handshake starts as it is added.
                let raw = channel.channel
                try await raw.eventLoop.submit {
                    try raw.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(relay.host)), position: .first)
                }.get()
                tlsActive = true
                ehlo = try await send("EHLO \(ehloName)")
                guard ehlo.code == 250 else { return ehlo.failure("EHLO after STARTTLS") }
            }
            if let username = relay.username, let password = relay.password {
                guard tlsActive else { return .transient("the password is not sent unencrypted") }
                let auth = capabilities(ehlo).first { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }?.dropFirst(5).split(separator: " ") ?? []
                if auth.contains("PLAIN") {
                    let token = Data(("\u{0}" + username + "\u{0}" + password).utf8).base64EncodedString()
                    let reply = try await send("AUTH PLAIN " + token)
                    guard reply.code == 235 else { return reply.failure("AUTH PLAIN") }
                } else if auth.contains("LOGIN") {
                    var reply = try await send("AUTH LOGIN")
                    guard reply.code == 334 else { return reply.failure("AUTH LOGIN") }
                    reply = try await send(Data(username.utf8).base64EncodedString())
                    guard reply.code == 334 else { return reply.failure("AUTH LOGIN (user)") }
                    reply = try await send(Data(password.utf8).base64EncodedString())
                    guard reply.code == 235 else { return reply.failure("AUTH LOGIN") }
                } else {
                    return .transient("\(relay.host) offers neither AUTH PLAIN nor AUTH LOGIN")
                }
            }
            let mailFrom = try await send("MAIL FROM:<\(self.from)>")
            guard mailFrom.code == 250 else { return mailFrom.failure("MAIL FROM") }
            let rcpt = try await send("RCPT TO:<\(message.to)>")
            guard rcpt.code == 250 || rcpt.code == 251 else { return rcpt.failure("RCPT TO <\(message.to)>") }
            let start = try await send("DATA")
            guard start.code == 354 else { return start.failure("DATA") }
            try await outbound.write(ByteBuffer(string: Self.dotStuffed(data) + "\r\n.\r\n"))
            let done = try await read()
            guard done.code == 250 else { return done.failure("end of data") }
            _ = try? await send("QUIT")
            return .accepted(done.text)
        }
    }

    /// Lines that begin with a dot get another (RFC 5321, 4.5.2).
    static func dotStuffed(_ data: String) -> String {
        data.split(separator: "\r\n", omittingEmptySubsequences: false).map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
    }

    /// The name sent in TLS's SNI and checked against the certificate: none for an IP address
    /// (SNI takes names only; the certificate is then checked against the address).
    static func sniName(_ host: String) -> String? {
        host.allSatisfy({ $0.isNumber || $0 == "." }) || host.contains(":") ? nil : host
    }
}

/// Splits the relay's bytes into lines without their CRLF. A line over 4 KiB is an error.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4_096 { throw MailError(description: "a reply line over 4 KiB") }
            return .needMoreData
        }
        var line = buffer.readString(length: newline - buffer.readerIndex + 1) ?? ""
        while line.last == "\n" || line.last == "\r" || line.hasSuffix("\r\n") { line.removeLast() }
        context.fireChannelRead(Self.wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
