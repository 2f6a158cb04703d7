import Foundation

/// A zip file (PKWARE APPNOTE 6.3) whose entries are stored, not compressed: the archive package's
/// files are PDFs and uploads that are compressed already, and a stored entry is readable by every
/// unzip and records system. Written here (about sixty lines with CRC-32) rather than taking a
/// library into the build for it; `unzip -t` and Python's zipfile read it in the tests.
struct ZipWriter {
    private(set) var data: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0
    /// Entries carry this time (DOS format, local time as written).
    let modified: Date

    init(modified: Date = Date()) { self.modified = modified }

    mutating func add(path: String, bytes: [UInt8]) {
        let name = Array(path.utf8)
        let crc = Self.crc32(bytes)
        let (time, date) = dosTime()
        let offset = UInt32(data.count)
        // Local file header; flag bit 11: the name is UTF-8.
        var header: [UInt8] = []
        header.le32(0x0403_4b50)
        header.le16(20)
        header.le16(0x0800)
        header.le16(0)
        header.le16(time)
        header.le16(date)
        header.le32(crc)
        header.le32(UInt32(bytes.count))
        header.le32(UInt32(bytes.count))
        header.le16(UInt16(name.count))
        header.le16(0)
        data += header + name + bytes
        // Its central directory record.
        central.le32(0x0201_4b50)
        central.le16(0x031E)  // made by: Unix, 3.0
        central.le16(20)
        central.le16(0x0800)
        central.le16(0)
        central.le16(time)
        central.le16(date)
        central.le32(crc)
        central.le32(UInt32(bytes.count))
        central.le32(UInt32(bytes.count))
        central.le16(UInt16(name.count))
        central.le16(0)
        central.le16(0)
        central.le16(0)
        central.le16(0)
        central.le32(0o100644 << 16)
        central.le32(offset)
        central += name
        count += 1
    }

    /// The finished file.
    mutating func finish() -> [UInt8] {
        let start = UInt32(data.count)
        var end: [UInt8] = []
        end.le32(0x0605_4b50)
        end.le16(0)
        end.le16(0)
        end.le16(UInt16(count))
        end.le16(UInt16(count))
        end.le32(UInt32(central.count))
        end.le32(start)
        end.le16(0)
        return data + central + end
    }

    private func dosTime() -> (UInt16, UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Copenhagen") ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: modified)
        let time = UInt16((c.hour ?? 0) << 11 | (c.minute ?? 0) << 5 | (c.second ?? 0) / 2)
        let date = UInt16(max(0, (c.year ?? 1980) - 1980) << 9 | (c.month ?? 1) << 5 | (c.day ?? 1))
        return (time, date)
    }

    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

extension [UInt8] {
    fileprivate mutating func le16(_ v: UInt16) {
        append(UInt8(v & 0xFF))
        append(UInt8(v >> 8))
    }
    fileprivate mutating func le32(_ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(shift)) & 0xFF)) }
    }
}
