import Foundation

extension MeetingStatus {
    /// draft → published → held; a published meeting may go back to draft only while nothing
    /// has been sent on (we keep it simple: forward only, corrections are recorded instead).
    public func canMove(to next: MeetingStatus) -> Bool {
        switch (self, next) {
        case (.draft, .published), (.published, .held): true
        default: false
        }
    }
}

/// The kinds of agenda item: an ordinary case, the standard "Generelle orienteringer", "Næste møde".
public enum AgendaItemKind: String, CaseIterable, Sendable, Encodable {
    case sag
    case orienteringer
    case naesteMoede = "naeste_moede"

    public var danishName: String {
        switch self {
        case .sag: "Sag"
        case .orienteringer: "Generelle orienteringer"
        case .naesteMoede: "Næste møde"
        }
    }
}

/// Item numbers are 1…n in order, kept consecutive when items are added, removed or moved.
public enum AgendaNumbering {
    /// The order after moving the item at `index` one place up (-1) or down (+1); unchanged at the ends.
    public static func move<T>(_ items: [T], from index: Int, by offset: Int) -> [T] {
        let target = index + offset
        guard items.indices.contains(index), items.indices.contains(target) else { return items }
        var out = items
        out.swapAt(index, target)
        return out
    }

    /// New numbers for ids in the given order: (id, 1), (id, 2), …
    public static func numbers<ID>(for ids: [ID]) -> [(ID, Int)] {
        ids.enumerated().map { ($0.element, $0.offset + 1) }
    }
}

/// What an agenda item must hold before it is saved.
public struct AgendaItemDraft: Sendable, Equatable {
    public var title: String
    public var confidential: Bool
    public var kind: AgendaItemKind
    public var caseOfficer: String
    public var caseNumber: String
    public var resume: String
    public var indstilling: String
    public var sagsfremstilling: String
    public var oekonomi: String
    public var bemaerkninger: String
    public var kommunikation: String

    public init(
        title: String = "", confidential: Bool = false, kind: AgendaItemKind = .sag, caseOfficer: String = "",
        caseNumber: String = "", resume: String = "", indstilling: String = "Det indstilles,\nat bestyrelsen ",
        sagsfremstilling: String = "", oekonomi: String = "Ingen bemærkninger",
        bemaerkninger: String = "Ingen bemærkninger", kommunikation: String = "Ingen bemærkninger"
    ) {
        self.title = title
        self.confidential = confidential
        self.kind = kind
        self.caseOfficer = caseOfficer
        self.caseNumber = caseNumber
        self.resume = resume
        self.indstilling = indstilling
        self.sagsfremstilling = sagsfremstilling
        self.oekonomi = oekonomi
        self.bemaerkninger = bemaerkninger
        self.kommunikation = kommunikation
    }

    public static let maxTextLength = 200_000

    /// Field → Danish message for everything that is wrong.
    public func problems() -> [(field: String, message: String)] {
        var out: [(String, String)] = []
        let t = title.trimmingWhitespace()
        if t.isEmpty {
            out.append(("title", "Skriv punktets titel."))
        } else if t.count > 300 {
            out.append(("title", "Titlen må højst være 300 tegn."))
        }
        if CaseNumber(caseNumber) == nil { out.append(("case_number", CaseNumber.formatHint)) }
        if caseOfficer.trimmingWhitespace().isEmpty {
            out.append(("case_officer", "Skriv sagsbehandlerens navn."))
        } else if caseOfficer.count > 200 {
            out.append(("case_officer", "Sagsbehandlerens navn må højst være 200 tegn."))
        }
        for (field, text) in [
            ("resume", resume), ("indstilling", indstilling), ("sagsfremstilling", sagsfremstilling),
            ("oekonomi", oekonomi), ("bemaerkninger", bemaerkninger), ("kommunikation", kommunikation),
        ] {
            if text.count > Self.maxTextLength { out.append((field, "Teksten er for lang (højst \(Self.maxTextLength) tegn).")) }
        }
        for (field, text) in [
            ("title", title), ("case_officer", caseOfficer), ("resume", resume), ("indstilling", indstilling),
            ("sagsfremstilling", sagsfremstilling), ("oekonomi", oekonomi), ("bemaerkninger", bemaerkninger),
            ("kommunikation", kommunikation),
        ] where text.contains("\u{0}") {
            out.append((field, "Teksten indeholder et ugyldigt tegn (NUL). Fjern det, og prøv igen."))
        }
        if kind == .sag && !indstilling.trimmingWhitespace().isEmpty && !indstilling.trimmingWhitespace().hasPrefix("Det indstilles") {
            out.append(("indstilling", "Indstillingen skal begynde med »Det indstilles, at bestyrelsen …«."))
        }
        return out
    }
}

/// iCalendar (RFC 5545) for the published meetings, importable in Outlook.
///
/// Each event has a stable UID (the meeting's id), DTSTAMP (when the feed was produced), SEQUENCE
/// (how many times the meeting changed) and LAST-MODIFIED, so that calendars take corrections.
public enum ICalendar {
    public struct Event: Sendable {
        public let uid: String
        public let start: Date
        public let end: Date
        public let summary: String
        public let location: String
        public let url: String
        /// When the meeting last changed (LAST-MODIFIED).
        public let updated: Date
        /// Increases with every change of the meeting (SEQUENCE).
        public var sequence = 0
        /// A draft the reader may see ahead of its publication: TENTATIVE instead of CONFIRMED.
        public var tentative = false
        public var description = ""
        public init(uid: String, start: Date, end: Date, summary: String, location: String, url: String, updated: Date) {
            self.uid = uid
            self.start = start
            self.end = end
            self.summary = summary
            self.location = location
            self.url = url
            self.updated = updated
        }
    }

    /// The feed; `stamp` is when it is produced (every event's DTSTAMP).
    public static func feed(name: String, events: [Event], stamp: Date = Date()) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Danske Regioner//Raadsportalen//DA", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:Europe/Copenhagen",
        ]
        for e in events {
            lines += [
                "BEGIN:VEVENT", "UID:" + escape(e.uid), "DTSTAMP:" + utc(stamp), "LAST-MODIFIED:" + utc(e.updated),
                "SEQUENCE:\(e.sequence)", "STATUS:" + (e.tentative ? "TENTATIVE" : "CONFIRMED"), "DTSTART:" + utc(e.start),
                "DTEND:" + utc(e.end), "SUMMARY:" + escape(e.summary), "LOCATION:" + escape(e.location),
            ]
            if !e.description.isEmpty { lines.append("DESCRIPTION:" + escape(e.description)) }
            lines += ["URL:" + e.url, "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Text values escape backslash, semicolon, comma and newlines.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "")
    }

    /// Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        var out = ""
        var count = 0
        for ch in line {
            let n = String(ch).utf8.count
            if count + n > 75 {
                out += "\r\n "
                count = 1
            }
            out.append(ch)
            count += n
        }
        return out
    }

    public static func utc(_ d: Date) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        let p = c.dateComponents([.year, .month, .day, .hour, .minute, .second], from: d)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(p.year!)\(two(p.month!))\(two(p.day!))T\(two(p.hour!))\(two(p.minute!))\(two(p.second!))Z"
    }
}

/// A sub-topic of "Generelle orienteringer": its own title, case number and text.
public struct Subtopic: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var caseNumber: String
    public var body: String

    public init(id: Int64 = 0, title: String, caseNumber: String, body: String) {
        self.id = id
        self.title = title
        self.caseNumber = caseNumber
        self.body = body
    }

    /// Field → Danish message for everything that is wrong.
    public func problems() -> [(field: String, message: String)] {
        var out: [(String, String)] = []
        let t = title.trimmingWhitespace()
        if t.isEmpty || t.count > 300 { out.append(("subtopic_title", "Skriv emnets titel (højst 300 tegn).")) }
        if CaseNumber(caseNumber) == nil { out.append(("subtopic_case_number", CaseNumber.formatHint)) }
        if body.count > AgendaItemDraft.maxTextLength || (title + body).contains("\u{0}") {
            out.append(("subtopic_body", "Teksten er for lang eller indeholder ugyldige tegn."))
        }
        return out
    }
}
