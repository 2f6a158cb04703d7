import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP, HMAC-SHA1, 6 digits, 30-second
/// steps): the codes every authenticator app shows. Secrets are 160 random bits, written in
/// base32 (RFC 4648) as the apps expect them.
enum TOTP {
    static let digits = 6
    static let period: TimeInterval = 30
    /// A code of the previous or next step is accepted too: phones' clocks drift.
    static let window = 1
    /// Wrong codes allowed for one right password; then the password again.
    static let maximumAttempts = 5

    /// A new secret, base32 without padding (32 characters).
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Base32.encode(bytes)
    }

    static func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / period).rounded(.down))
    }

    /// The HOTP value of `counter` (RFC 4226 section 5.3), `digits` long with leading zeros.
    static func code(secret: [UInt8], counter: Int64, digits: Int = TOTP.digits) -> String {
        var big = UInt64(bitPattern: counter).bigEndian
        let message = withUnsafeBytes(of: &big) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The step whose code `code` is (within the window around `date`), or nil. The caller refuses a
    /// step at or below the last one used, so that an overheard code cannot be replayed.
    static func matchingStep(secret base32: String, code: String, at date: Date = Date()) -> Int64? {
        let code = code.filter { !$0.isWhitespace }
        guard code.count == digits, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber),
            let secret = Base32.decode(base32)
        else { return nil }
        let now = step(at: date)
        for delta in -Int64(window)...Int64(window) {
            let candidate = self.code(secret: secret, counter: now + delta)
            if Tokens.constantTimeEquals(candidate, code) { return now + delta }
        }
        return nil
    }

    /// The otpauth URI (Key Uri Format) an authenticator app reads.
    static func provisioningURI(secret: String, account: String, issuer: String = "Rådsportalen") -> String {
        let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: ":@&=+/?#"))
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        let issuerParameter = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(secret)&issuer=\(issuerParameter)&algorithm=SHA1&digits=\(digits)&period=\(Int(period))"
    }

    /// The secret in groups of four, easier to type by hand.
    static func grouped(_ secret: String) -> String {
        stride(from: 0, to: secret.count, by: 4).map { i -> String in
            let start = secret.index(secret.startIndex, offsetBy: i)
            let end = secret.index(start, offsetBy: min(4, secret.count - i))
            return String(secret[start..<end])
        }.joined(separator: " ")
    }
}

/// RFC 4648 base32, upper case, no padding on output; decoding ignores spaces, padding and case.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for char in text.uppercased().utf8 where char != UInt8(ascii: " ") && char != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: char) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output.isEmpty ? nil : output
    }
}

/// Recovery codes: ten per user, each 50 random bits as ten base32 characters in two groups
/// ("ABCDE-FGHIJ"); only their SHA-256 is stored, and each works once at the code step.
enum RecoveryCodes {
    static let count = 10

    static func make() -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let bytes = (0..<7).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let text = String(Base32.encode(bytes).prefix(10))
            return String(text.prefix(5)) + "-" + String(text.suffix(5))
        }
    }
}
