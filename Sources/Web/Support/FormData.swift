import Foundation
import NIOCore

/// An `application/x-www-form-urlencoded` body: every value kept as typed (after percent-decoding),
/// so a form with an error can be shown again with nothing lost.
public struct FormData: Sendable {
    public private(set) var fields: [String: [String]] = [:]

    public init(_ fields: [String: [String]] = [:]) { self.fields = fields }

    /// Parses the body. Invalid UTF-8 becomes U+FFFD rather than an error.
    public init(urlEncoded bytes: some Collection<UInt8>) {
        var fields: [String: [String]] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields[key, default: []].append(value)
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

    private static func decode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 65...70: c - 55
            case 97...102: c - 87
            default: nil
            }
        }
        while i != bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if c == UInt8(ascii: "%"), let j = bytes.index(i, offsetBy: 2, limitedBy: bytes.endIndex), j != bytes.endIndex,
                      let h = hex(bytes[bytes.index(after: i)]), let l = hex(bytes[j]) {
                out.append(h << 4 | l)
                i = j
            } else {
                out.append(c)
            }
            i = bytes.index(after: i)
        }
        return String(decoding: out, as: UTF8.self)
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
