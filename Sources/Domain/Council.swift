import Foundation

/// The kinds of project the council meets (DESIGN.md, "The council's process").
public enum ProjectKind: String, CaseIterable, Sendable {
    case faellesregional
    case faellesoffentlig
    case regional

    public var danishName: String {
        switch self {
        case .faellesregional: "Fællesregionalt"
        case .faellesoffentlig: "Fællesoffentligt"
        case .regional: "En regions eget projekt"
        }
    }
}

/// Risk profile of an assessed project: C normal, B high, A very high.
public enum RiskProfile: String, CaseIterable, Sendable {
    case a = "A"
    case b = "B"
    case c = "C"

    public var danishName: String {
        switch self {
        case .a: "A – meget høj"
        case .b: "B – høj"
        case .c: "C – normal"
        }
    }
}

/// What the council did with a project.
public enum ActivityKind: String, CaseIterable, Sendable {
    case risikovurdering
    case sparringsmoede
    case genbesoeg

    public var danishName: String {
        switch self {
        case .risikovurdering: "Risikovurdering"
        case .sparringsmoede: "Sparringsmøde"
        case .genbesoeg: "Genbesøg"
        }
    }
}

/// What an assessment case is: a risk assessment, or a revisit of an earlier one.
public enum CaseKind: String, CaseIterable, Sendable {
    case risikovurdering
    case genbesoeg

    public var danishName: String {
        switch self {
        case .risikovurdering: "Risikovurdering"
        case .genbesoeg: "Genbesøg"
        }
    }
}

/// The council members' terms: "Rådsmedlemmerne sidder i en periode på to år, hvorefter der er
/// mulighed for genudpegning eller udskiftning"; "tre interne (regionale) og tre eksterne
/// medlemmer", "personligt udpegede af Regionsdirektørkredsen" (seeds).
public enum CouncilTerm {
    public static let years = 2
    public static let appointingBody = "Regionsdirektørkredsen"
    public static let regionalMembers = 3
    public static let externalMembers = 3
    /// The secretariat is told of a term that ends within this many months.
    public static let noticeMonths = 3

    /// Does a term ending on `end` end within three months from `today` (and not before today)?
    public static func endsSoon(_ end: DateComponents, today: DateComponents) -> Bool {
        let cal = DanishFormat.calendar
        guard let e = cal.date(from: end), let t = cal.date(from: today), let limit = cal.date(byAdding: .month, value: noticeMonths, to: t)
        else { return false }
        return e >= t && e <= limit
    }

    /// The council's composition against the seed's three regional and three external members, or nil.
    public static func compositionProblem(regional: Int, external: Int) -> String? {
        guard regional != regionalMembers || external != externalMembers else { return nil }
        return "Rådet har \(regional) regionale og \(external) eksterne medlemmer; kommissoriet siger tre af hver."
    }
}

/// A project as Tabel 1 names it: "Klinisk Immunologi IT (KIIT)", with the short name in
/// parentheses only where it adds something — not "LUNA (LUNA)", nor "Anskaffelse og etablering af
/// nyt RIS/PACS (RIS/PACS)", whose name already holds it.
public func projectTableName(name: String, shortName: String) -> String {
    let short = shortName.trimmingWhitespace()
    if short.isEmpty || name.localizedCaseInsensitiveContains(short) { return name }
    return "\(name) (\(short))"
}

/// `Q2 2022`, `Q3/Q4 2022`
public func quarterLabel(year: Int, quarters: [Int]) -> String {
    quarters.sorted().map { "Q\($0)" }.joined(separator: "/") + " \(year)"
}

public struct CouncilMember: Sendable, Equatable {
    public var id: Int64
    public var fullName: String
    public var title: String
    public var isRegional: Bool
    public var isChair: Bool
    /// The term (two years), when recorded.
    public var termStart: DateComponents?
    public var termEnd: DateComponents?
    /// The term's dates are the demo's invention (the seed gives none).
    public var termInvented = false
    /// Who appointed the member: Regionsdirektørkredsen (seed).
    public var appointedBy = CouncilTerm.appointingBody
    public init(id: Int64, fullName: String, title: String, isRegional: Bool, isChair: Bool) {
        self.id = id
        self.fullName = fullName
        self.title = title
        self.isRegional = isRegional
        self.isChair = isChair
    }
}

public struct Project: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var shortName: String
    public var purpose: String
    public var kind: ProjectKind
    public var leadingBodies: [String]
    public var budgetMillions: Double?
    public var regionalShareMillions: Double?
    public var rsiPhase: String
    public var riskProfile: RiskProfile?
    public var projectLeaderID: Int64?
    /// What of the project the demo data invented, e.g. "budget og styregruppe" (the seeds give no
    /// budgets); nil for what is real. The pages print it after »Eksempel – opfundet til demonstration«.
    public var invented: String? = nil
    public init(
        id: Int64, name: String, shortName: String, purpose: String, kind: ProjectKind, leadingBodies: [String],
        budgetMillions: Double?, regionalShareMillions: Double?, rsiPhase: String, riskProfile: RiskProfile?, projectLeaderID: Int64?
    ) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.purpose = purpose
        self.kind = kind
        self.leadingBodies = leadingBodies
        self.budgetMillions = budgetMillions
        self.regionalShareMillions = regionalShareMillions
        self.rsiPhase = rsiPhase
        self.riskProfile = riskProfile
        self.projectLeaderID = projectLeaderID
    }
}

/// An activity of the council with a project: done in a month, or expected in quarters of a year.
public struct CouncilActivity: Sendable, Equatable {
    public var projectID: Int64
    public var projectName: String
    public var leadingBodies: [String]
    public var kind: ActivityKind
    public var partnerCouncil: String
    public var monthDone: Date?
    public var expectedYear: Int?
    public var expectedQuarters: [Int]
    /// The project's short name, e.g. "LABREK" ("" when it has none).
    public var shortName: String
    /// The order of entry (the row's id): Tabel 1 lists activities in the order they were entered.
    public var entry: Int64
    public init(
        projectID: Int64, projectName: String, leadingBodies: [String], kind: ActivityKind, partnerCouncil: String,
        monthDone: Date?, expectedYear: Int?, expectedQuarters: [Int], shortName: String = "", entry: Int64 = 0
    ) {
        self.shortName = shortName
        self.entry = entry
        self.projectID = projectID
        self.projectName = projectName
        self.leadingBodies = leadingBodies
        self.kind = kind
        self.partnerCouncil = partnerCouncil
        self.monthDone = monthDone
        self.expectedYear = expectedYear
        self.expectedQuarters = expectedQuarters
    }
}
