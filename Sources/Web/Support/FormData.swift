import Foundation
import NIOCore

/// An `application/x-www-form-urlencoded` body: every value kept as typed (after percent-decoding),
/// so a form with an error can be shown again with nothing lost.
public struct FormData: Sendable {
    public private(set) var fields: [String: [String]] = [:]

    public init(_ fields: [String: [String]] = [:]) { self.fields = fields }

    /// Parses the body. Invalid UTF-8 becomes U+FFFD rather than an error.
    public init(urlEncoded bytes: some Collection<UInt8>) {
        self.init(parsing: Array(bytes))
    }

    /// One pass over a contiguous array with integer indices: fast even in a debug build, where
    /// the generic slicing it replaced took seconds for a 2 MB body.
    private init(parsing bytes: [UInt8]) {
        var fields: [String: [String]] = [:]
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start <= buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != UInt8(ascii: "&") { end += 1 }
                if end > start {
                    var equals = start
                    while equals < end && buffer[equals] != UInt8(ascii: "=") { equals += 1 }
                    let key = Self.decode(buffer, start, equals)
                    let value = equals < end ? Self.decode(buffer, equals + 1, end) : ""
                    fields[key, default: []].append(value)
                }
                start = end + 1
            }
        }
        self.fields = fields
    }

    public init(buffer: ByteBuffer) {
        self.init(urlEncoded: buffer.readableBytesView)
    }

    /// The first value of a field, or "" when absent.
    public subscript(_ name: String) -> String { fields[name]?.first ?? "" }

    public func values(_ name: String) -> [String] { fields[name] ?? [] }

    public func has(_ name: String) -> Bool { fields[name] != nil }

    public var fieldCount: Int { fields.values.reduce(0) { $0 + $1.count } }

    /// Whether a name or value holds a NUL byte.
    public var containsNUL: Bool {
        fields.contains { $0.key.utf8.contains(0) || $0.value.contains { $0.utf8.contains(0) } }
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 65...70: c - 55
            case 97...102: c - 87
            default: nil
            }
        }
        var out = [UInt8](repeating: 0, count: to - from)
        var n = 0
        var i = from
        while i < to {
            let c = bytes[i]
            if c == UInt8(ascii: "+") {
                out[n] = UInt8(ascii: " ")
            } else if c == UInt8(ascii: "%"), i + 2 < to, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out[n] = h << 4 | l
                i += 2
            } else {
                out[n] = c
            }
            n += 1
            i += 1
        }
        return String(decoding: out[..<n], as: UTF8.self)
    }
}

/// Field-level validation errors, in the order the fields appear on the form.
public struct FormErrors: Sendable {
    public private(set) var list: [(field: String, message: String)] = []
    public init() {}
    public mutating func add(_ field: String, _ message: String) { list.append((field, message)) }
    public var isEmpty: Bool { list.isEmpty }
    public subscript(_ field: String) -> String? { list.first { $0.field == field }?.message }
}

extension String {
    /// Text fit to store: refuses NUL bytes (PostgreSQL cannot hold them) by returning nil.
    var withoutNUL: String? { contains("\u{0}") ? nil : self }
}
