import Crypto
import Foundation
import HTTPTypes

/// The request headers that make an answer conditional, partial or compressed, read as RFC 9110
/// says (sections 8.8.3, 12.5.3, 13.1 and 14). Pure functions: `RepresentationMiddleware` and the
/// download handlers use them, the tests call them directly.
enum HTTPConditions {
    /// A strong entity tag for `bytes`: the first 16 bytes of their SHA-256, quoted. Every instance
    /// behind a load balancer gives the same bytes the same tag.
    static func entityTag(of bytes: some Sequence<UInt8>) -> String {
        var hash = SHA256()
        hash.update(data: Array(bytes))
        return "\"" + hash.finalize().prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// The tag of the gzip form of the representation tagged `tag`: a different representation
    /// (other bytes) needs a different tag, or a cache could answer a client that cannot read gzip
    /// with the compressed bytes.
    static func gzipTag(_ tag: String) -> String {
        guard tag.hasSuffix("\"") else { return tag }
        return String(tag.dropLast()) + "-gz\""
    }

    /// `If-None-Match`: true when it names `tag` or is `*`. The comparison is weak (section
    /// 13.1.2): `W/"x"` and `"x"` match each other.
    static func noneMatchHits(_ header: String, tag: String) -> Bool {
        let wanted = opaque(tag)
        return header.split(separator: ",").contains { raw in
            let candidate = raw.trimmingCharacters(in: .whitespaces)
            return candidate == "*" || opaque(candidate) == wanted
        }
    }

    /// An entity tag without its weakness indicator.
    static func opaque(_ tag: some StringProtocol) -> Substring {
        let t = Substring(tag)
        return t.hasPrefix("W/") ? t.dropFirst(2) : t
    }

    /// Whether a GET or HEAD is answered 304: `If-None-Match` decides when it is present;
    /// `If-Modified-Since` counts only without it, and only against a `Last-Modified` date.
    static func notModified(_ request: HTTPFields, etag: String?, lastModified: String?) -> Bool {
        if let header = request[.ifNoneMatch] {
            guard let etag else { return false }
            return noneMatchHits(header, tag: etag)
        }
        if let since = request[.ifModifiedSince].flatMap(httpDate), let modified = lastModified.flatMap(httpDate) {
            return modified <= since
        }
        return false
    }

    /// Whether the client takes gzip: `Accept-Encoding` names `gzip` (or `x-gzip`) or `*` with a
    /// quality above 0, and does not refuse gzip by name (`gzip;q=0`).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var star: Bool?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, !coding.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            if coding == "gzip" || coding == "x-gzip" { return quality > 0 }
            if coding == "*" { star = quality > 0 }
        }
        return star ?? false
    }

    /// A byte range of a representation of `size` bytes, both ends included.
    struct ByteRange: Equatable {
        let first: Int
        let last: Int
        var count: Int { last - first + 1 }
    }

    enum RangeAnswer: Equatable {
        /// No usable `Range`: the whole representation, 200.
        case whole
        /// One satisfiable range: 206 with `Content-Range`.
        case partial(ByteRange)
        /// A well-formed range that lies past the end: 416 with `Content-Range: bytes */size`.
        case unsatisfiable
    }

    /// `Range: bytes=…` for one range (section 14.2). A header that cannot be read, another unit
    /// or more than one range is ignored and the whole representation is sent, which the RFC
    /// allows; `If-Range` that does not match the current tag does the same.
    static func range(_ header: String?, ifRange: String?, etag: String, size: Int) -> RangeAnswer {
        guard let header else { return .whole }
        if let ifRange {
            // Only a strong tag can validate a range; a date is not kept for downloads.
            guard !ifRange.hasPrefix("W/"), ifRange.trimmingCharacters(in: .whitespaces) == etag else { return .whole }
        }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes=") else { return .whole }
        let spec = trimmed.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let from = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let to = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        guard from.allSatisfy(\.isASCIIDigit), to.allSatisfy(\.isASCIIDigit), from.count <= 18, to.count <= 18 else { return .whole }
        if from.isEmpty {
            // "bytes=-N": the last N bytes.
            guard let suffix = Int(to) else { return .whole }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .partial(ByteRange(first: max(0, size - suffix), last: size - 1))
        }
        guard let first = Int(from) else { return .whole }
        let last = to.isEmpty ? size - 1 : Int(to) ?? -1
        guard last >= first else { return to.isEmpty ? .unsatisfiable : .whole }
        guard first < size else { return .unsatisfiable }
        return .partial(ByteRange(first: first, last: min(last, size - 1)))
    }

    /// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only form this server writes.
    static func httpDate(_ text: String) -> Date? {
        dateLock.withLock { imfFixdate.date(from: text.trimmingCharacters(in: .whitespaces)) }
    }

    static func httpDate(_ date: Date) -> String { dateLock.withLock { imfFixdate.string(from: date) } }

    /// A DateFormatter is not safe to share between threads without a lock.
    private static let dateLock = NSLock()
    private static let imfFixdate: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f
    }()
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
