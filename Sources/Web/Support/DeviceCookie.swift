import Crypto
import Foundation

/// OWASP's device cookies: a browser that signed in to an account gets a cookie naming the account
/// and a random device id, signed with HMAC-SHA256 under the database's secret (`app_secrets`, made
/// once by sql/028, shared by every instance). Only a browser that once knew the account's password
/// (and code) holds one, so its attempts on that account are exempt from the account's limit and
/// counted against the device instead (`LoginThrottle`).
enum DeviceCookie {
    /// Kept half a year; renewed at every sign-in.
    static let maxAgeSeconds = 180 * 24 * 3600

    struct Claim: Equatable {
        let username: String
        let device: String
    }

    /// `v1.<username as hex>.<device id>.<signature>`: cookie-safe, nothing needs escaping.
    static func make(username: String, device: String = Tokens.hex(bytes: 16), secret: [UInt8]) -> String {
        let payload = "v1." + hex(Array(username.lowercased().utf8)) + "." + device
        return payload + "." + signature(payload, secret: secret)
    }

    /// The account and device a valid cookie names; nil when malformed or the signature is wrong.
    static func verify(_ value: String, secret: [UInt8]) -> Claim? {
        guard value.utf8.count < 400, !secret.isEmpty else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v1", parts[2].utf8.count == 32 else { return nil }
        let payload = parts[0...2].joined(separator: ".")
        guard Tokens.constantTimeEquals(signature(payload, secret: secret), String(parts[3])),
            let name = unhex(String(parts[1])).flatMap({ String(bytes: $0, encoding: .utf8) })
        else { return nil }
        return Claim(username: name, device: String(parts[2]))
    }

    static func signature(_ payload: String, secret: [UInt8]) -> String {
        hex(Array(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: secret))))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unhex(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        var i = 0
        while i < chars.count {
            guard let h = value(chars[i]), let l = value(chars[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }
}
