import Foundation

/// The four focus areas of the council's recommendations, each with its sub-themes (DESIGN.md).
public enum FocusArea: String, CaseIterable, Sendable {
    case projekttilrettelaeggelse, governance, forretning, teknik

    public var danishName: String {
        switch self {
        case .projekttilrettelaeggelse: "Projekttilrettelæggelse"
        case .governance: "Governance"
        case .forretning: "Forretningsmæssige forhold"
        case .teknik: "Markedsafdækning og teknisk løsning"
        }
    }

    public var subThemes: [String] {
        switch self {
        case .projekttilrettelaeggelse:
            ["Tidsplan", "Implementeringsstrategi og forandringsledelse", "Projektdokumentation og risikostyring", "Ressourcer og kompetencer"]
        case .governance:
            [
                "Projektorganisering og -styring", "Koordinering og afhængigheder", "Styregruppe", "Leverandørstyring",
                "Interessenthåndtering og kommunikation",
            ]
        case .forretning: ["Business case", "Gevinster og succeskriterier", "Formål og scope"]
        case .teknik: ["Tekniske behov og krav"]
        }
    }
}

/// The criteria the letter ticks: three of complexity, three of critical risk.
public enum ComplexityCriterion: String, CaseIterable, Sendable {
    case teknologi, interessenter, organisation
    public var danishName: String {
        switch self {
        case .teknologi: "Ny eller kompleks teknologi"
        case .interessenter: "Mange interessenter"
        case .organisation: "Omfattende projektorganisation"
        }
    }
}

public enum RiskCriterion: String, CaseIterable, Sendable {
    case forretning, sikkerhed, eksterne
    public var danishName: String {
        switch self {
        case .forretning: "Høj forretningsmæssig risiko"
        case .sikkerhed: "Omfattende sikkerhedsmæssig risiko"
        case .eksterne: "Afhængighed af eksterne parter"
        }
    }
}

extension RiskProfile {
    /// "High complexity" and "many critical risks" each mean at least two of the three criteria.
    public static let criteriaNeeded = 2

    /// The profile the matrix proposes: both high → A, one of them → B, neither → C. The council may
    /// set another profile, with a written reason.
    public static func propose(complexity: Set<ComplexityCriterion>, risks: Set<RiskCriterion>) -> RiskProfile {
        let high = complexity.count >= criteriaNeeded
        let many = risks.count >= criteriaNeeded
        switch (high, many) {
        case (true, true): return .a
        case (false, false): return .c
        default: return .b
        }
    }
}

/// Impartiality (habilitet): who may not take part in a project's assessment.
public enum Impartiality {
    /// Nil when the person may be appointed; otherwise the Danish reason.
    public static func problem(personName: String, onSteeringGroup: Bool, declaredInterest: String?) -> String? {
        if onSteeringGroup {
            return "\(personName) kan ikke udpeges: personen sidder eller har siddet i projektets styregruppe (habilitet)."
        }
        if let declaredInterest, !declaredInterest.trimmingWhitespace().isEmpty {
            return "\(personName) kan ikke udpeges: personen har erklæret en interesse i projektet (\(declaredInterest)) (habilitet)."
        }
        return nil
    }

    /// Council members: "as a rule 2"; another number needs a written reason.
    public static func councilCountProblem(count: Int, reason: String) -> String? {
        if count == 0 { return "Udpeg mindst ét rådsmedlem." }
        if count != CouncilRules.usualCouncilMembers && reason.trimmingWhitespace().isEmpty {
            return "Som regel udpeges \(CouncilRules.usualCouncilMembers) rådsmedlemmer. Begrund, hvorfor der udpeges \(count)."
        }
        return nil
    }

    /// The team is 4–5 "som hovedregel" (seed): another size needs a written reason.
    public static func assessorCountProblem(count: Int, reason: String) -> String? {
        let range = CouncilRules.assessorRange
        if count == 0 { return "Udpeg mindst én til vurderingsteamet." }
        if !range.contains(count) && reason.trimmingWhitespace().isEmpty {
            return "Som hovedregel har vurderingsteamet \(range.lowerBound)–\(range.upperBound) medlemmer. Begrund, hvorfor det har \(count)."
        }
        return nil
    }
}

/// The letter's sign-off: every appointed council member signs; any edit voids every sign-off.
public struct LetterSignOff: Sendable, Equatable {
    public private(set) var appointed: Set<Int64>
    public private(set) var signed: Set<Int64>

    public init(appointed: Set<Int64>, signed: Set<Int64> = []) {
        self.appointed = appointed
        self.signed = signed.intersection(appointed)
    }

    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case notAppointed, alreadySigned
        case notFullySigned(missing: Int)
        public var description: String {
            switch self {
            case .notAppointed: "Kun de udpegede rådsmedlemmer kan godkende brevet."
            case .alreadySigned: "Du har allerede godkendt brevet."
            case .notFullySigned(let n): "Brevet kan først sendes, når alle udpegede rådsmedlemmer har godkendt det (mangler \(n))."
            }
        }
    }

    public mutating func sign(by member: Int64) throws(Refusal) {
        guard appointed.contains(member) else { throw .notAppointed }
        guard !signed.contains(member) else { throw .alreadySigned }
        signed.insert(member)
    }

    /// An edit to the letter voids every sign-off.
    public mutating func letterEdited() { signed = [] }

    public var isComplete: Bool { !appointed.isEmpty && signed == appointed }

    public func checkSendable() throws(Refusal) {
        guard isComplete else { throw .notFullySigned(missing: appointed.subtracting(signed).count) }
    }
}

/// The project's answer to a recommendation in the responsum.
public enum ResponsumAnswer: String, CaseIterable, Sendable {
    case foelges
    case foelgesDelvist = "foelges_delvist"
    case foelgesIkke = "foelges_ikke"
    public var danishName: String {
        switch self {
        case .foelges: "Følges"
        case .foelgesDelvist: "Følges delvist"
        case .foelgesIkke: "Følges ikke"
        }
    }
}

/// A recommendation's follow-up status over time.
public enum FollowUpStatus: String, CaseIterable, Sendable {
    case aaben
    case iGang = "i_gang"
    case gennemfoert
    case ikkeFulgt = "ikke_fulgt"
    public var danishName: String {
        switch self {
        case .aaben: "Åben"
        case .iGang: "I gang"
        case .gennemfoert: "Gennemført"
        case .ikkeFulgt: "Ikke fulgt"
        }
    }
}

/// The project's evaluation of an assessment (the council measures itself on it): one version of
/// the questionnaire, the secretariat's to edit. A save makes a new version; an answer keeps the
/// version it answered (sql/024).
public struct EvaluationQuestionnaire: Sendable, Equatable {
    /// The version (its row id).
    public var id: Int64
    /// The questions, in order.
    public var questions: [String]
    /// The scale runs from 1 to `scaleMax`; `lowLabel` and `highLabel` say what its ends mean.
    public var scaleMax: Int
    public var lowLabel: String
    public var highLabel: String

    public init(id: Int64, questions: [String], scaleMax: Int, lowLabel: String, highLabel: String) {
        self.id = id
        self.questions = questions
        self.scaleMax = scaleMax
        self.lowLabel = lowLabel
        self.highLabel = highLabel
    }

    public var scale: ClosedRange<Int> { 1...scaleMax }

    /// Version 1 as sql/024 seeds it: what the seed says is evaluated – the process, the content
    /// (risks and recommendations) and the value created.
    public static let version1 = EvaluationQuestionnaire(
        id: 1,
        questions: [
            "Hvordan oplevede I processen omkring risikovurderingen?",
            "Hvor brugbart var indholdet – de risici og anbefalinger, it-rådet pegede på – i det videre projektarbejde?",
            "Hvor stor værdi har risikovurderingen skabt for projektet?",
        ], scaleMax: 5, lowLabel: "i meget lav grad", highLabel: "i meget høj grad")

    public static let maxQuestions = 20
    public static let maxQuestionLength = 500
    public static let maxLabelLength = 100
    public static let scaleMaxRange = 2...10

    /// The secretariat's form read as a new version (id 0 until saved): one question a line (blank
    /// lines dropped), or the Danish reason per form field ("questions", "scale_max", "low_label",
    /// "high_label").
    public static func parse(questions text: String, scaleMax: String, low: String, high: String) -> Result<
        EvaluationQuestionnaire, Refusal
    > {
        var errors: [String: String] = [:]
        let questions = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if questions.isEmpty {
            errors["questions"] = "Skriv mindst ét spørgsmål."
        } else if questions.count > maxQuestions {
            errors["questions"] = "Skemaet kan have højst \(maxQuestions) spørgsmål."
        } else if questions.contains(where: { $0.count > maxQuestionLength || $0.contains("\u{0}") }) {
            errors["questions"] = "Et spørgsmål kan være højst \(maxQuestionLength) tegn uden ugyldige tegn."
        }
        let max = Int(scaleMax.trimmingCharacters(in: .whitespaces))
        if max.map(scaleMaxRange.contains) != true {
            errors["scale_max"] = "Skalaen skal gå fra 1 til et tal mellem \(scaleMaxRange.lowerBound) og \(scaleMaxRange.upperBound)."
        }
        let low = low.trimmingCharacters(in: .whitespacesAndNewlines)
        let high = high.trimmingCharacters(in: .whitespacesAndNewlines)
        for (key, label) in [("low_label", low), ("high_label", high)] where label.isEmpty || label.count > maxLabelLength || label.contains("\u{0}")
        {
            errors[key] = "Skriv, hvad skalaens ende betyder (højst \(maxLabelLength) tegn)."
        }
        guard errors.isEmpty, let max else { return .failure(Refusal(byField: errors)) }
        return .success(EvaluationQuestionnaire(id: 0, questions: questions, scaleMax: max, lowLabel: low, highLabel: high))
    }

    /// Why a form was refused: the Danish reason per form field.
    public struct Refusal: Error, Sendable {
        public var byField: [String: String]
    }

    /// The same questions and scale (a save that changes nothing makes no new version).
    public func sameContent(as other: EvaluationQuestionnaire) -> Bool {
        questions == other.questions && scaleMax == other.scaleMax && lowLabel == other.lowLabel && highLabel == other.highLabel
    }
}
