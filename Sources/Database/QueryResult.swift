import CLibPQ
import Foundation

/// The rows of a result, copied out of libpq before PQclear so they outlive it.
public struct QueryResult: Sendable {
    public var columns: [String] { index.names }
    public let rows: [Row]
    /// Rows touched by INSERT/UPDATE/DELETE.
    public let affectedRows: Int
    /// The columns by name; the same for every result of a prepared statement, so it can be
    /// kept with the statement (`Connection`) instead of hashing the names on every execution.
    let index: ColumnIndex

    init(_ result: OpaquePointer, columns cached: ColumnIndex? = nil) {
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let index: ColumnIndex
        if let cached, cached.names.count == columnCount {
            index = cached
        } else {
            var columns: [String] = []
            columns.reserveCapacity(columnCount)
            for c in 0..<columnCount { columns.append(String(cString: PQfname(result, Int32(c)))) }
            index = ColumnIndex(columns)
        }
        self.index = index
        var rows: [Row] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for c in 0..<columnCount {
                if PQgetisnull(result, Int32(r), Int32(c)) == 1 {
                    values.append(nil)
                } else {
                    let length = Int(PQgetlength(result, Int32(r), Int32(c)))
                    let pointer = PQgetvalue(result, Int32(r), Int32(c))!
                    values.append(
                        pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                        })
                }
            }
            rows.append(Row(values: values, index: index))
        }
        self.rows = rows
        self.affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    public var first: Row? { rows.first }
}

final class ColumnIndex: Sendable {
    let names: [String]
    let positions: [String: Int]
    init(_ columns: [String]) {
        self.names = columns
        var positions: [String: Int] = [:]
        for (i, name) in columns.enumerated() {
            // Two columns of one name would make decoding ambiguous: alias one of them in the SQL
            // (caught by the tests in debug builds; in release the first one wins).
            assert(positions[name] == nil, "duplicate column name \(name) in a query result")
            if positions[name] == nil { positions[name] = i }
        }
        self.positions = positions
    }
}

/// One row. Values arrive in PostgreSQL's text format and are decoded on access by type.
public struct Row: Sendable {
    let values: [String?]
    let index: ColumnIndex

    public func raw(_ column: String) throws -> String? {
        guard let i = index.positions[column] else { throw DatabaseError.decoding("no column \(column)") }
        return values[i]
    }

    public func decode<T: SQLDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let text = try raw(column) else { throw DatabaseError.decoding("\(column) is NULL") }
        guard let value = T(sqlText: text) else { throw DatabaseError.decoding("\(column): cannot read \(T.self) from \(text.prefix(40))") }
        return value
    }

    public func decode<T: SQLDecodable>(_ column: String, as type: T?.Type = T?.self) throws -> T? {
        guard let text = try raw(column) else { return nil }
        guard let value = T(sqlText: text) else { throw DatabaseError.decoding("\(column): cannot read \(T.self) from \(text.prefix(40))") }
        return value
    }
}

/// A Swift type readable from PostgreSQL's text output.
public protocol SQLDecodable {
    init?(sqlText: String)
}

extension String: SQLDecodable { public init?(sqlText: String) { self = sqlText } }
extension Int: SQLDecodable { public init?(sqlText: String) { self.init(sqlText) } }
extension Int64: SQLDecodable { public init?(sqlText: String) { self.init(sqlText) } }
extension Double: SQLDecodable { public init?(sqlText: String) { self.init(sqlText) } }
extension Bool: SQLDecodable {
    public init?(sqlText: String) {
        switch sqlText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

/// `timestamptz` in the session's UTC zone, e.g. `2022-05-12 07:00:00+00` or with fractions.
extension Date: SQLDecodable {
    public init?(sqlText: String) {
        // Layout: YYYY-MM-DD HH:MM:SS[.ffffff]+00  (date-only values have no time part)
        let u = Array(sqlText.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= u.count else { return nil }
            var v = 0
            for i in from..<(from + len) {
                let c = u[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2) else { return nil }
        var h = 0
        var mi = 0
        var s = 0
        var fraction = 0.0
        if u.count >= 19, let hh = num(11, 2), let mm = num(14, 2), let ss = num(17, 2) {
            h = hh
            mi = mm
            s = ss
            var i = 19
            if i < u.count && u[i] == UInt8(ascii: ".") {
                i += 1
                var scale = 0.1
                while i < u.count, u[i] >= 48 && u[i] <= 57 {
                    fraction += Double(u[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
            }
        }
        // The session runs in UTC, but honour any offset PostgreSQL writes (+02, -05:30, +00).
        var offset = 0
        if let sign = u.lastIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }), sign >= 19 {
            let rest = Array(u[(sign + 1)...]).split(separator: UInt8(ascii: ":")).map { Int(String(decoding: $0, as: UTF8.self)) }
            guard let hh = rest.first ?? nil else { return nil }
            let mm = rest.count > 1 ? (rest[1] ?? 0) : 0
            offset = (hh * 3_600 + mm * 60) * (u[sign] == UInt8(ascii: "-") ? -1 : 1)
        }
        let days = daysFromCivil(y, mo, d)
        let seconds = Double(days * 86_400 + h * 3_600 + mi * 60 + s - offset) + fraction
        self = Date(timeIntervalSince1970: seconds)
    }
}

/// `text[]` such as `{admin,secretariat}` or `{"Region Midtjylland","Københavns Kommune"}`.
extension Array: SQLDecodable where Element == String {
    public init?(sqlText: String) {
        guard sqlText.hasPrefix("{"), sqlText.hasSuffix("}") else { return nil }
        var items: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        var wasQuoted = false
        for ch in sqlText.dropFirst().dropLast() {
            if escaped {
                current.append(ch)
                escaped = false
                continue
            }
            switch ch {
            case "\\" where inQuotes: escaped = true
            case "\"":
                inQuotes.toggle()
                wasQuoted = true
            case "," where !inQuotes:
                items.append(current)
                current = ""
                wasQuoted = false
            default: current.append(ch)
            }
        }
        if !current.isEmpty || wasQuoted || !items.isEmpty { items.append(current) }
        self = items
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}
