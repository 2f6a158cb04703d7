import Foundation
import HummingbirdBcrypt
import NIOConcurrencyHelpers
import NIOCore
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
            Self.yieldingToPages { Bcrypt.hash(password, cost: UInt8(cost)) }
        }
    }

    /// Runs a hash with the calling thread scheduled SCHED_IDLE: it gets only CPU time that pages
    /// leave over (nice 10 still let a running hash delay pages by 100s of ms on two cores). The
    /// thread goes back to normal scheduling right after, so that it never waits at idle priority
    /// holding a lock others need (malloc's, the thread pool's). Where going back is not allowed
    /// (no CAP_SYS_NICE and RLIMIT_NICE 0), the thread stays idle-scheduled: logins then still
    /// complete whenever the CPU is not saturated.
    static func yieldingToPages<T>(_ work: () -> T) -> T {
        #if os(Linux)
            var param = sched_param()
            let idle = pthread_setschedparam(pthread_self(), 5, &param) == 0  // SCHED_IDLE (sched.h)
            defer { if idle { _ = pthread_setschedparam(pthread_self(), 0, &param) } }  // SCHED_OTHER
        #endif
        return work()
    }

    /// Verifies; with no stored hash it still spends the time of a verify, so unknown usernames
    /// cannot be told from wrong passwords by timing.
    public func verify(_ password: String, hash: String?) async throws -> Bool {
        let cost = self.cost
        let dummy = self.dummy
        return try await threadPool.runIfActive {
            let stand =
                hash
                ?? dummy.withLockedValue { value in
                    if value == nil { value = Self.yieldingToPages { Bcrypt.hash(Tokens.random(), cost: UInt8(cost)) } }
                    return value!
                }
            let ok = Self.yieldingToPages { Bcrypt.verify(password, hash: stand) }
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
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for byte in randomBytes(count) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func random() -> String {
        Data(randomBytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Bytes from the system's generator, eight per call: `UInt8.random` would ask the kernel
    /// once per byte, and a request id is made on every request.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }

    /// Compares in time independent of where the strings differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
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
