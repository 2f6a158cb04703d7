import Foundation

/// The council's rules as plain values and functions (seed 003 and the annual report; DESIGN.md,
/// "The council's process"). The public description and the forms use these same numbers.
public enum CouncilRules {
    /// A project must be assessed when its (regional) budget is *over* this many million kroner.
    public static let thresholdMillions = CouncilParameters.standard.thresholdMillions
    /// Registration should come at least this many months before the desired assessment month.
    public static let noticeMonths = CouncilParameters.standard.noticeMonths
    /// The assessment runs over about this many Danish working days from the material's receipt.
    public static let assessmentWorkingDays = CouncilParameters.standard.assessmentWorkingDays
    /// Council members appointed to an assessment, as a rule.
    public static let usualCouncilMembers = CouncilParameters.standard.usualCouncilMembers
    /// The size of the assessment team.
    public static let assessorRange = CouncilParameters.standard.assessorRange
}

/// The council's numbers as one value: the seed's rules by default. The intake's requirement and
/// the public description of the process are both computed from the value the application is
/// configured with, so the two cannot disagree.
public struct CouncilParameters: Sendable, Equatable {
    public var thresholdMillions: Double
    public var noticeMonths: Int
    public var assessmentWorkingDays: Int
    public var usualCouncilMembers: Int
    public var assessorRange: ClosedRange<Int>
    /// Days the secretariat is closed besides weekends and public holidays (`CLOSING_DAYS`); they
    /// do not count among the assessment's working days, and the public description names them.
    public var closingDays: Set<WorkingDays.ClosingDay>

    public static let standard = CouncilParameters(
        thresholdMillions: 10, noticeMonths: 3, assessmentWorkingDays: 10,
        usualCouncilMembers: 2, assessorRange: 4...5)

    public init(
        thresholdMillions: Double, noticeMonths: Int, assessmentWorkingDays: Int, usualCouncilMembers: Int, assessorRange: ClosedRange<Int>,
        closingDays: Set<WorkingDays.ClosingDay> = Set(WorkingDays.ClosingDay.allCases)
    ) {
        self.closingDays = closingDays
        self.thresholdMillions = thresholdMillions
        self.noticeMonths = noticeMonths
        self.assessmentWorkingDays = assessmentWorkingDays
        self.usualCouncilMembers = usualCouncilMembers
        self.assessorRange = assessorRange
    }

    /// The working-day calendar of the assessment's deadline.
    public var workingDays: WorkingDays { WorkingDays(closingDays: closingDays) }

    /// How the deadline is counted, as the public and the case page say it.
    public var workingDaysRule: String {
        let closing = workingDays.closingDayNames
        let excluded =
            closing.isEmpty
            ? "Weekender og helligdage tæller ikke med."
            : "Weekender, helligdage og rådssekretariatets lukkedage (\(DanishFormat.list(closing))) tæller ikke med."
        return "Dag 1 er den første arbejdsdag efter modtagelsen. " + excluded
    }

    /// "10 mio. kr."
    public var threshold: String { DanishFormat.millions(thresholdMillions) }
}

/// Whether a project must be assessed, may ask, or is assessed only at the regions' request.
public enum AssessmentRequirement: Equatable, Sendable {
    /// A joint regional project over 10 mio. kr., or a joint public one whose regional share is over 10 mio. kr.
    case mandatory
    /// Below the threshold: the project may ask, giving a reason; decided by Regionsdirektørkredsen or RSI.
    case voluntary
    /// One region's own project: assessed only if the regions or the regional directors ask for it.
    case regionalRequest

    public static func evaluate(
        kind: ProjectKind, budgetMillions: Double, regionalShareMillions: Double?,
        threshold: Double = CouncilRules.thresholdMillions
    ) -> AssessmentRequirement {
        switch kind {
        case .faellesregional:
            return budgetMillions > threshold ? .mandatory : .voluntary
        case .faellesoffentlig:
            return (regionalShareMillions ?? 0) > threshold ? .mandatory : .voluntary
        case .regional:
            return .regionalRequest
        }
    }

    /// Does the request need a reason and a decision by Regionsdirektørkredsen or RSI?
    public var needsDecision: Bool { self != .mandatory }

    public var danishExplanation: String { explanation(threshold: CouncilRules.thresholdMillions) }

    public func explanation(threshold: Double) -> String {
        switch self {
        case .mandatory:
            "Projektet skal risikovurderes, fordi budgettet (eller den regionale andel) er over \(DanishFormat.number(threshold)) mio. kr."
        case .voluntary:
            "Projektet er under tærsklen på \(DanishFormat.number(threshold)) mio. kr. Det kan bede om en risikovurdering, hvis det er hensigtsmæssigt af andre årsager (\(RequestReason.examples)); det beror på en konkret vurdering hos fx \(DecidingBody.examples)."
        case .regionalRequest:
            "En enkelt regions eget projekt risikovurderes, hvis regionerne eller regionsdirektørerne ønsker dette."
        }
    }
}

/// What the project does to its it-solutions: the council assesses projects "der omfatter
/// nyudvikling eller væsentlig tilpasning af standard it-løsninger eller allerede eksisterende
/// it-løsninger" (seed). A project that is neither is not covered by the rule, but may still ask.
public enum ProjectScope: String, CaseIterable, Sendable {
    case nyudvikling
    case vaesentligTilpasning = "vaesentlig_tilpasning"
    case ingen

    public var danishName: String {
        switch self {
        case .nyudvikling: "Nyudvikling"
        case .vaesentligTilpasning: "Væsentlig tilpasning af en standard it-løsning eller en eksisterende it-løsning"
        case .ingen: "Ingen af delene"
        }
    }

    public static let notCoveredText =
        "Projektet omfatter hverken nyudvikling eller væsentlig tilpasning af standard it-løsninger eller eksisterende it-løsninger og er derfor ikke omfattet af kravet om risikovurdering. I kan stadig bede om en risikovurdering med en begrundelse."

    /// The requirement for a project of this scope: one that is neither may ask, whatever its budget.
    public func requirement(_ byBudget: AssessmentRequirement) -> AssessmentRequirement {
        self == .ingen && byBudget == .mandatory ? .voluntary : byBudget
    }
}

/// A text where the seed gives examples ("fx"): the examples are offered as suggestions, and any
/// other text is accepted, one line of at most `maxLength` characters.
public enum SuggestedText {
    public static let maxLength = 200

    /// Why `text` (already trimmed) cannot be saved, or nil.
    public static func problem(_ text: String, what: String) -> String? {
        if text.count > maxLength { return "\(what) må højst være \(maxLength) tegn." }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "\(what) skal være én linje uden kontroltegn."
        }
        return nil
    }
}

/// The body that decides a request below the threshold: "fx Regionsdirektørkredsen eller
/// Regionernes Sundheds-It (RSI)" (annual report 2021). A director user belongs to one; another
/// body may be written. Bodies are named one at a time, never joined by a slash.
public enum DecidingBody {
    public static let suggestions = ["Regionsdirektørkredsen", "Regionernes Sundheds-It (RSI)"]
    /// "Regionsdirektørkredsen eller Regionernes Sundheds-It (RSI)"
    public static var examples: String { suggestions.joined(separator: " eller ") }

    /// The suggested body a free text names ("Regionsdirektørkredsen, møde 3.3.2027" →
    /// "Regionsdirektørkredsen"; "RSI" → "Regionernes Sundheds-It (RSI)"), or nil.
    public static func named(in text: String) -> String? {
        let words = Set(text.split(whereSeparator: { !$0.isLetter && $0 != "-" }).map { $0.lowercased() })
        if text.localizedCaseInsensitiveContains("Regionsdirektørkredsen") { return suggestions[0] }
        if text.localizedCaseInsensitiveContains("Regionernes Sundheds-It") || words.contains("rsi") { return suggestions[1] }
        return nil
    }
}

/// Why a project below the threshold asks to be assessed: the seed's examples ("fx kompleksitet,
/// interessentlandskab eller tekniske forhold"), offered as suggestions; another reason may be written.
public enum RequestReason: String, CaseIterable, Sendable {
    case kompleksitet, interessenter, teknik

    public var danishName: String {
        switch self {
        case .kompleksitet: "Kompleksitet"
        case .interessenter: "Interessentlandskab"
        case .teknik: "Tekniske forhold"
        }
    }

    /// "fx kompleksitet, interessentlandskab eller tekniske forhold"
    public static var examples: String {
        let names = allCases.map { $0.danishName.lowercased() }
        return "fx " + names.dropLast().joined(separator: ", ") + " eller " + names.last!
    }
}

/// A calendar month, e.g. the desired assessment period "marts 2027".
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (2000...2200).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    /// Reads `3.2027`, `03-2027`, `2027-03` or `marts 2027`.
    public init?(_ text: String) {
        let t = text.trimmingWhitespace().lowercased()
        let words = t.split(whereSeparator: { $0 == " " || $0 == "." || $0 == "-" || $0 == "/" }).map(String.init)
        guard words.count == 2 else { return nil }
        if let i = DanishFormat.monthNames.firstIndex(of: words[0]), let y = Int(words[1]) {
            self.init(year: y, month: i + 1)
        } else if let a = Int(words[0]), let b = Int(words[1]) {
            if words[0].count == 4 { self.init(year: a, month: b) } else { self.init(year: b, month: a) }
        } else {
            return nil
        }
    }

    public var description: String { "\(DanishFormat.monthNames[month - 1]) \(year)" }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// The first day of the month, as a calendar day.
    public var firstDay: DateComponents { DateComponents(year: year, month: month, day: 1) }
}

public enum NoticeRule {
    /// Registered less than 3 months before the desired month: allowed, but flagged to the secretariat.
    /// Registering on 1 January for April is exactly 3 months and not short.
    public static func isShort(registeredOn day: DateComponents, desired: YearMonth) -> Bool {
        let cal = DanishFormat.calendar
        guard let registered = cal.date(from: day),
            let start = cal.date(from: desired.firstDay),
            let latest = cal.date(byAdding: .month, value: -CouncilRules.noticeMonths, to: start)
        else { return false }
        return registered > latest
    }
}
