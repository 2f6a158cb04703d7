import Foundation

/// The regions and other public bodies that lead projects.
public enum LeadingBodies {
    public static let regions = ["Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland", "Region Nordjylland"]
}

/// The phases of the RSI project model; the assessment normally sits in the analysis phase.
public enum RSIPhase: String, CaseIterable, Sendable {
    case ide = "Idé"
    case analyse = "Analyse"
    case anskaffelse = "Anskaffelse"
    case gennemfoerelse = "Gennemførelse"
    case realisering = "Realisering"

    public var steps: [String] {
        switch self {
        case .ide: []
        case .analyse: ["Modning", "Foranalyse"]
        case .anskaffelse: ["Planlægning", "Kravspecifikation", "Udbud"]
        case .gennemfoerelse: ["Udvikling og test", "Implementering", "Afslutning"]
        case .realisering: ["Gevinstrealisering"]
        }
    }

    /// Where the council's assessment normally sits.
    public static let assessmentPhase = RSIPhase.analyse
}

/// A project leader's intake form, as typed, and the rules it must meet before it is submitted.
public struct IntakeDraft: Sendable, Equatable {
    /// The threshold the application is configured with (the seed's 10 mio. kr. by default).
    public var threshold = CouncilRules.thresholdMillions
    public var name = ""
    public var purpose = ""
    public var kind: ProjectKind?
    public var regions: [String] = []
    public var otherBodies = ""
    public var budget = ""  // as typed: "12,5"
    public var regionalShare = ""
    public var phase: RSIPhase?
    public var chair = ""
    public var members = ""  // one name per line
    public var desiredMonth = ""  // "marts 2027"
    public var contact = ""
    public var reasons: Set<RequestReason> = []
    /// A reason besides the seed's examples, as written ("" when none).
    public var otherReason = ""
    public var reasonText = ""
    /// The month the form is filled in (for "a desired month in the past"); nil skips that check.
    public var today: YearMonth?

    public init() {}

    public var budgetMillions: Double? { DanishFormat.parseNumber(budget) }
    public var regionalShareMillions: Double? { regionalShare.trimmingWhitespace().isEmpty ? nil : DanishFormat.parseNumber(regionalShare) }
    public var month: YearMonth? { YearMonth(desiredMonth) }
    public var memberNames: [String] {
        members.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// The requirement the project falls under, once kind and figures are known.
    public var requirement: AssessmentRequirement? {
        guard let kind, let budget = budgetMillions else { return nil }
        let byBudget = AssessmentRequirement.evaluate(
            kind: kind, budgetMillions: budget, regionalShareMillions: regionalShareMillions, threshold: threshold)
        return scope?.requirement(byBudget) ?? byBudget
    }

    /// Nyudvikling, væsentlig tilpasning or neither (nil: not answered, taken as covered).
    public var scope: ProjectScope?

    /// Problems that stop even a draft from being saved (unreadable input).
    public func draftProblems() -> [(field: String, message: String)] {
        var out: [(String, String)] = []
        if name.trimmingWhitespace().isEmpty { out.append(("name", "Skriv projektets navn, så kladden kan gemmes.")) }
        if name.count > 300 { out.append(("name", "Navnet må højst være 300 tegn.")) }
        if !budget.trimmingWhitespace().isEmpty && budgetMillions == nil {
            out.append(("budget", "Budgettet kunne ikke læses. Skriv et tal i mio. kr., fx 12,5."))
        }
        if !regionalShare.trimmingWhitespace().isEmpty && regionalShareMillions == nil {
            out.append(("regional_share", "Den regionale andel kunne ikke læses. Skriv et tal i mio. kr., fx 4,2."))
        }
        if !desiredMonth.trimmingWhitespace().isEmpty && month == nil {
            out.append(("desired_month", "Skriv den ønskede måned som fx »\(NoticeRule.example(today: today))« eller i tal, fx 3.2027."))
        }
        if let month, let today, month < today {
            out.append(("desired_month", "\(month.description.capitalizedFirst) er allerede passeret. Vælg en måned fra og med \(today)."))
        }
        let all = [name, purpose, otherBodies, budget, regionalShare, chair, members, desiredMonth, contact, reasonText]
        if all.contains(where: { $0.contains("\u{0}") }) { out.append(("name", "Formularen indeholder et ugyldigt tegn (NUL).")) }
        if all.contains(where: { $0.count > 20_000 }) { out.append(("purpose", "En af teksterne er for lang (højst 20.000 tegn).")) }
        return out
    }

    /// Everything that must be in place before the intake is submitted, given today's date.
    public func submitProblems() -> [(field: String, message: String)] {
        var out = draftProblems()
        if purpose.trimmingWhitespace().isEmpty { out.append(("purpose", "Beskriv projektets formål.")) }
        if kind == nil { out.append(("kind", "Vælg, om projektet er fællesregionalt, fællesoffentligt eller en enkelt regions.")) }
        if regions.isEmpty && otherBodies.trimmingWhitespace().isEmpty {
            out.append(("regions", "Vælg den eller de projektledende regioner, eller skriv de andre offentlige parter."))
        }
        if budget.trimmingWhitespace().isEmpty { out.append(("budget", "Skriv projektets samlede budget i mio. kr.")) }
        if kind == .faellesoffentlig && regionalShare.trimmingWhitespace().isEmpty {
            out.append(("regional_share", "Et fællesoffentligt projekt skal angive regionernes andel af budgettet."))
        }
        if let total = budgetMillions, let share = regionalShareMillions, share > total {
            out.append(("regional_share", "Den regionale andel kan ikke være større end det samlede budget."))
        }
        if phase == nil { out.append(("phase", "Vælg projektets fase i RSI's projektmodel.")) }
        if chair.trimmingWhitespace().isEmpty { out.append(("chair", "Skriv styregruppeformandens navn.")) }
        if desiredMonth.trimmingWhitespace().isEmpty { out.append(("desired_month", "Skriv, hvilken måned I ønsker risikovurderingen.")) }
        if contact.trimmingWhitespace().isEmpty { out.append(("contact", "Skriv en kontaktperson med e-mail eller telefon.")) }
        if let requirement, requirement.needsDecision {
            if reasons.isEmpty && otherReason.trimmingWhitespace().isEmpty {
                out.append(
                    ("reasons", "Projektet er under tærsklen: vælg mindst én begrundelse for at ønske en risikovurdering, eller skriv en anden."))
            }
            if let p = SuggestedText.problem(otherReason.trimmingWhitespace(), what: "Den anden begrundelse") { out.append(("reasons", p)) }
            if reasonText.trimmingWhitespace().isEmpty {
                out.append(("reason_text", "Uddyb begrundelsen, så ønsket kan vurderes."))
            }
        }
        return out
    }
}

/// A sum typed into a field in mio. kr. that can only have been meant in kroner: 10.000 or more
/// (no project the council sees costs 10 milliarder kr.). It is read as kroner and shown converted
/// for the person to confirm; nothing is saved until they do.
public struct KronerReading: Sendable, Equatable {
    /// From this figure up, a number in a "mio. kr." field is read as kroner.
    public static let kronerFrom = 10_000.0

    public let kroner: Double
    public var millions: Double { kroner / 1_000_000 }

    /// The reading of `typed`, or nil when it is an ordinary figure in mio. kr. (or unreadable).
    public init?(_ typed: String) {
        guard let value = DanishFormat.parseNumber(typed), value >= Self.kronerFrom else { return nil }
        kroner = value
    }

    /// The millions as the field shows them after the conversion: "12,5".
    public var fieldText: String { DanishFormat.number(millions, decimals: 2) }

    /// "12.500.000 kr. = 12,5 mio. kr."
    public var explanation: String { "\(DanishFormat.number(kroner, decimals: 2)) kr. = \(fieldText) mio. kr." }
}

extension NoticeRule {
    /// The first month that is not short notice when registering on `day`: the form's own example,
    /// so that following it never makes an intake "kort varsel".
    public static func firstMonthInTime(registeredOn day: DateComponents) -> YearMonth {
        var m = YearMonth(year: day.year!, month: day.month!)!
        while isShort(registeredOn: day, desired: m) {
            m = m.month == 12 ? YearMonth(year: m.year + 1, month: 1)! : YearMonth(year: m.year, month: m.month + 1)!
        }
        return m
    }

    /// The example month the form shows ("marts 2027"), given the month it is filled in.
    public static func example(today: YearMonth?) -> String {
        guard let today else { return "marts 2027" }
        return firstMonthInTime(registeredOn: DateComponents(year: today.year, month: today.month, day: 28)).description
    }
}

extension String {
    /// "marts 2027" → "Marts 2027".
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
