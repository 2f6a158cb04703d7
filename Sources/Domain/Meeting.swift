import Foundation

/// A board meeting's life: draft → published → held.
public enum MeetingStatus: String, CaseIterable, Sendable {
    case draft, published, held

    public var danishName: String {
        switch self {
        case .draft: "Kladde"
        case .published: "Offentliggjort"
        case .held: "Afholdt"
        }
    }

    /// The public sees published and held meetings, never drafts.
    public var isPublic: Bool { self != .draft }
}

/// How an agenda item is headed for a reader: in full, or as "3 (Fortrolig)" with nothing else.
public enum AgendaItemHeading {
    public static func label(number: Int, confidential: Bool) -> String {
        "\(number) (\(confidential ? "Fortrolig" : "Offentlig"))"
    }
}

public struct Meeting: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var startsAt: Date
    public var endsAt: Date?
    public var place: String
    public var status: MeetingStatus
    public var version: Int
    /// What of the meeting the demo data invented (the seeds do not give it), e.g. "dato, tidspunkt og
    /// sted"; nil for what is real. The pages print it after the marker »Eksempel – opfundet til demonstration«.
    public var invented: String? = nil
    /// Where the minutes are (draft, sent for review, approved): decisions are public only once approved.
    public var minutesStatus: MinutesStatus = .draft

    public init(id: Int64, title: String, startsAt: Date, endsAt: Date?, place: String, status: MeetingStatus, version: Int) {
        self.id = id
        self.title = title
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.place = place
        self.status = status
        self.version = version
    }
}

public struct AgendaItem: Sendable, Equatable {
    public var id: Int64
    public var meetingID: Int64
    public var number: Int
    public var confidential: Bool
    public var title: String
    public var caseOfficer: String
    public var caseNumber: String
    public var resume: String
    public var indstilling: String
    public var sagsfremstilling: String
    public var oekonomi: String
    public var bemaerkninger: String
    public var kommunikation: String
    public var bilagNote: String
    public var decision: String
    public var version: Int
    /// What of the item the demo data invented (see `Meeting.invented`); nil for what is real.
    public var invented: String? = nil

    public init(
        id: Int64, meetingID: Int64, number: Int, confidential: Bool, title: String, caseOfficer: String, caseNumber: String,
        resume: String, indstilling: String = "", sagsfremstilling: String = "", oekonomi: String = "",
        bemaerkninger: String = "", kommunikation: String = "", bilagNote: String = "", decision: String = "", version: Int = 1
    ) {
        self.id = id
        self.meetingID = meetingID
        self.number = number
        self.confidential = confidential
        self.title = title
        self.caseOfficer = caseOfficer
        self.caseNumber = caseNumber
        self.resume = resume
        self.indstilling = indstilling
        self.sagsfremstilling = sagsfremstilling
        self.oekonomi = oekonomi
        self.bemaerkninger = bemaerkninger
        self.kommunikation = kommunikation
        self.bilagNote = bilagNote
        self.decision = decision
        self.version = version
    }
}

/// An agenda item as one reader may see it: in full, or withheld as "N (Fortrolig)".
public enum AgendaEntry: Sendable, Equatable {
    case readable(AgendaItem)
    case withheld(number: Int)

    public var number: Int {
        switch self {
        case .readable(let item): item.number
        case .withheld(let number): number
        }
    }
}
