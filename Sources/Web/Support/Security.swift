import Foundation
import HummingbirdBcrypt
import NIOCore
import NIOConcurrencyHelpers
import NIOPosix

/// bcrypt off the event loops, on a pool of at most one thread fewer than the cores, so a burst
/// of logins waits its turn instead of stalling page views.
public final class PasswordHasher: Sendable {
    private let threadPool: NIOThreadPool
    public let cost: Int
    /// A hash of a random string at this hasher's cost, made on first use (not at start-up), to
    /// spend the same time on unknown usernames as on real ones.
    private let dummy = NIOLockedValueBox<String?>(nil)

    public init(cost: Int = 12, threads: Int = max(1, System.coreCount - 1)) {
        self.cost = cost
        self.threadPool = NIOThreadPool(numberOfThreads: threads)
        self.threadPool.start()
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive {
            Self.yieldToPages()
            return Bcrypt.hash(password, cost: UInt8(cost))
        }
    }

    /// Lowers the calling hashing thread's priority (nice 10): on a small machine a burst of logins
    /// then takes the CPU that pages leave over, instead of sharing it with them. On Linux, nice
    /// values are per thread, and `setpriority(PRIO_PROCESS, 0, …)` changes only the calling one.
    static func yieldToPages() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }

    /// Verifies; with no stored hash it still spends the time of a verify, so unknown usernames
    /// cannot be told from wrong passwords by timing.
    public func verify(_ password: String, hash: String?) async throws -> Bool {
        let cost = self.cost
        let dummy = self.dummy
        return try await threadPool.runIfActive {
            Self.yieldToPages()
            let stand = hash ?? dummy.withLockedValue { value in
                if value == nil { value = Bcrypt.hash(Tokens.random(), cost: UInt8(cost)) }
                return value!
            }
            let ok = Bcrypt.verify(password, hash: stand)
            return hash != nil && ok
        }
    }

    public func shutdown() async {
        try? await threadPool.shutdownGracefully()
    }

}

public enum Tokens {
    /// 256 random bits, URL-safe base64 (cookie- and form-safe).
    /// `bytes` random bytes as lower-case hex.
    public static func hex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for _ in 0..<count {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = generator.next() }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Compares in time independent of where the strings differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// A short list of common passwords (ASVS 2.1.7), checked in lower case.
public enum CommonPasswords {
    public static func load(from path: String) -> Set<String> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map { $0.lowercased() })
    }
}
