import Foundation

/// The council's annual report, computed from the data and never typed: its Tabel 1 (the activities
/// of the year or years, and those expected next year by quarter), the assessments and their risk
/// profiles, the recommendations per focus area (Figur 2) and per project (Figur 3), the evaluation
/// averages and the council's members. `Document` is what a reader sees; a published report keeps
/// it as a frozen snapshot, so later changes to the data do not alter it.
public enum AnnualReport {
    /// The editorial themes of the report's "Generelle observationer" in the seed's report.
    public static let seedThemes = [
        "Stor ledelsesbevågenhed", "Klar governance og beslutningskraft",
        "Kompetencer samt tydelig rolle- og ansvarsfordeling", "Projekttilrettelæggelse og -styring",
    ]

    /// Whole percentages of `counts` that sum to exactly 100 (largest remainder): each share is
    /// rounded down, and the points missing go to the largest remainders (ties: the smaller count,
    /// as the seed's Figur 3 rounds 6 and 2 of 16 to 37 and 13 %; then the earlier position).
    /// All zeros give all zeros.
    public static func percentages(_ counts: [Int]) -> [Int] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts.map { _ in 0 } }
        var result = counts.map { $0 * 100 / total }
        let missing = 100 - result.reduce(0, +)
        let order = counts.indices.sorted { a, b in
            let ra = counts[a] * 100 % total
            let rb = counts[b] * 100 % total
            if ra != rb { return ra > rb }
            if counts[a] != counts[b] { return counts[a] < counts[b] }
            return a < b
        }
        for i in order.prefix(missing) { result[i] += 1 }
        return result
    }

    // MARK: What the report is computed from

    public struct Assessment: Sendable {
        public var caseID: Int64
        public var project: String
        public var profile: RiskProfile?
        public var monthDone: YearMonth
        public var recommendations: [FocusArea]
        public var evaluation: [Int]?  // one score a question, when the project has answered
        /// The questionnaire version the answer answered (nil: version 1).
        public var evaluationQuestionnaire: EvaluationQuestionnaire?
        /// The answers are the demo's invention (sql/021): the report marks its averages as invented.
        public var evaluationInvented = false
        public init(caseID: Int64, project: String, profile: RiskProfile?, monthDone: YearMonth, recommendations: [FocusArea], evaluation: [Int]?) {
            self.caseID = caseID
            self.project = project
            self.profile = profile
            self.monthDone = monthDone
            self.recommendations = recommendations
            self.evaluation = evaluation
        }
    }

    public struct Input: Sendable {
        public var fromYear: Int
        public var toYear: Int
        /// Every activity of the council (done or expected); the report picks those it covers.
        public var activities: [CouncilActivity]
        /// Assessments (risikovurdering or genbesøg) whose letter was sent, with their facts.
        public var assessments: [Assessment]
        public var members: [CouncilMember]
        public init(fromYear: Int, toYear: Int, activities: [CouncilActivity], assessments: [Assessment], members: [CouncilMember]) {
            self.fromYear = fromYear
            self.toYear = toYear
            self.activities = activities
            self.assessments = assessments
            self.members = members
        }
    }

    // MARK: What the reader sees (Codable: the published snapshot)

    public struct ActivityRow: Codable, Sendable, Equatable {
        public var project: String
        public var leadingBodies: String
        public var activity: String
        public var when: String
    }

    public struct AreaCount: Codable, Sendable, Equatable {
        public var area: String
        public var count: Int
        public var percent: Int
    }

    public struct ProjectRow: Codable, Sendable, Equatable {
        public var project: String
        public var counts: [Int]  // in FocusArea.allCases order
        public var percents: [Int]  // sums to 100, or all 0 for a project without recommendations
        public var total: Int
    }

    public struct ProfileCount: Codable, Sendable, Equatable {
        public var profile: String
        public var count: Int
    }

    public struct EvaluationRow: Codable, Sendable, Equatable {
        public var question: String
        public var average: String  // "4,3" (Danish decimal comma), "–" without answers
        public var answers: Int
        /// On the first row of each questionnaire version when the span's answers answered more
        /// than one ("Skema version 2, skala 1–7 …"); nil otherwise and in older snapshots.
        public var group: String? = nil
    }

    public struct Member: Codable, Sendable, Equatable {
        public var name: String
        public var title: String
        public var chair: Bool
        public var regional: Bool
    }

    public struct Section: Codable, Sendable, Equatable {
        public var title: String
        public var body: String
        public init(title: String, body: String) {
            self.title = title
            self.body = body
        }
    }

    public struct Figures: Codable, Sendable, Equatable {
        public var activities: [ActivityRow]
        public var expected: [ActivityRow]
        public var expectedYear: Int
        public var assessmentCount: Int
        public var sparringCount: Int
        public var jointCount: Int
        public var profiles: [ProfileCount]
        public var areas: [String]
        public var figure2: [AreaCount]
        public var recommendationCount: Int
        public var figure3: [ProjectRow]
        public var evaluations: [EvaluationRow]
        public var members: [Member]
        /// True when some answer behind `evaluations` is the demo's invention (the page marks the
        /// averages); nil for a snapshot published before the mark existed, and for real answers.
        public var evaluationsInvented: Bool? = nil
        /// The averages' scale as the table's caption names it ("på en skala fra 1 (i meget lav
        /// grad) til 5 (i meget høj grad)"), or that each version's group names its own; nil in
        /// snapshots published before the questionnaire was editable (1 to 5).
        public var evaluationScale: String? = nil
    }

    public struct Document: Codable, Sendable, Equatable {
        public var title: String
        public var fromYear: Int
        public var toYear: Int
        public var foreword: String
        public var themes: [Section]
        public var stories: [Section]
        public var figures: Figures
        public init(title: String, fromYear: Int, toYear: Int, foreword: String, themes: [Section], stories: [Section], figures: Figures) {
            self.title = title
            self.fromYear = fromYear
            self.toYear = toYear
            self.foreword = foreword
            self.themes = themes
            self.stories = stories
            self.figures = figures
        }

        /// "2020–2021", or "2021" for a single year.
        public var span: String { fromYear == toYear ? "\(toYear)" : "\(fromYear)–\(toYear)" }
    }

    /// A report may cover one year or a span of up to ten.
    public static func spanProblem(fromYear: Int?, toYear: Int?) -> String? {
        guard let from = fromYear, let to = toYear, (2000...2200).contains(from), (2000...2200).contains(to) else {
            return "Skriv årstallene som fx 2020 og 2021."
        }
        if to < from { return "Det sidste år kan ikke ligge før det første." }
        if to - from >= 10 { return "En årsrapport kan dække højst ti år." }
        return nil
    }

    // MARK: The computation

    static func month(_ date: Date) -> YearMonth? {
        let c = DanishFormat.calendar.dateComponents([.year, .month], from: date)
        return YearMonth(year: c.year ?? 0, month: c.month ?? 0)
    }

    static func activityName(_ a: CouncilActivity) -> String {
        a.partnerCouncil.isEmpty ? a.kind.danishName : "\(a.kind.danishName) (samarbejde med \(a.partnerCouncil))"
    }

    /// An activity as a row of Tabel 1 (a joint assessment names its partner council).
    public static func row(_ a: CouncilActivity, when: String) -> ActivityRow {
        ActivityRow(
            project: projectTableName(name: a.projectName, shortName: a.shortName), leadingBodies: a.leadingBodies.joined(separator: " og "),
            activity: activityName(a), when: when)
    }

    public static func compute(_ input: Input) -> Figures {
        let span = input.fromYear...input.toYear
        // Tabel 1: the activities done in the span, in the order they were done (a joint
        // assessment is one activity, named with its partner council).
        let done = input.activities
            .compactMap { a -> (CouncilActivity, YearMonth)? in a.monthDone.flatMap(month).map { (a, $0) } }
            .filter { span.contains($0.1.year) }
            .sorted { $0.1 < $1.1 }
        let activities = done.map { a, m in row(a, when: DanishFormat.capitalized(m.description)) }
        // Expected next year, in the order they were entered, as the seed's Tabel 1 lists them
        // (RIS/PACS in Q4 before MinSundhed v2 in Q3/Q4), not sorted by quarter.
        let nextYear = input.toYear + 1
        let expected = input.activities.enumerated()
            .filter { $0.element.monthDone == nil && $0.element.expectedYear == nextYear && !$0.element.expectedQuarters.isEmpty }
            .sorted { ($0.element.entry, $0.offset) < ($1.element.entry, $1.offset) }
            .map { row($0.element, when: quarterLabel(year: nextYear, quarters: $0.element.expectedQuarters)) }
        let assessments = input.assessments.filter { span.contains($0.monthDone.year) }
        let areas = FocusArea.allCases
        // Figur 2: all recommendations of the span's assessments, per focus area.
        let perArea = areas.map { area in assessments.reduce(0) { $0 + $1.recommendations.filter { $0 == area }.count } }
        let percents2 = percentages(perArea)
        // Figur 3: per project (two assessments of one project in the span count together).
        var projectOrder: [String] = []
        var perProject: [String: [Int]] = [:]
        for a in assessments.sorted(by: { $0.monthDone < $1.monthDone }) {
            if perProject[a.project] == nil {
                projectOrder.append(a.project)
                perProject[a.project] = areas.map { _ in 0 }
            }
            for r in a.recommendations { perProject[a.project]![areas.firstIndex(of: r)!] += 1 }
        }
        let figure3 = projectOrder.map { name in
            let counts = perProject[name]!
            return ProjectRow(project: name, counts: counts, percents: percentages(counts), total: counts.reduce(0, +))
        }
        let profiles = RiskProfile.allCases.map { p in ProfileCount(profile: p.danishName, count: assessments.filter { $0.profile == p }.count) }
        // Each average with its question, per questionnaire version answered (in version order).
        let answered = assessments.compactMap { a in a.evaluation.map { (a.evaluationQuestionnaire ?? .version1, $0) } }
        let versions = Dictionary(answered.map { ($0.0.id, $0.0) }, uniquingKeysWith: { a, _ in a }).values.sorted { $0.id < $1.id }
        let evaluations = versions.flatMap { v in
            let scores = answered.filter { $0.0.id == v.id }.map(\.1)
            return v.questions.enumerated().map { i, q in
                let s = scores.compactMap { $0.indices.contains(i) ? $0[i] : nil }
                let average = s.isEmpty ? "–" : DanishFormat.number(Double(s.reduce(0, +)) / Double(s.count), decimals: 1, trim: false)
                let group = versions.count > 1 && i == 0 ? "Skema version \(v.id), " + scaleText(v) : nil
                return EvaluationRow(question: q, average: average, answers: s.count, group: group)
            }
        }
        return Figures(
            activities: activities, expected: expected, expectedYear: nextYear,
            assessmentCount: done.filter { $0.0.kind != .sparringsmoede }.count,
            sparringCount: done.filter { $0.0.kind == .sparringsmoede }.count,
            jointCount: done.filter { !$0.0.partnerCouncil.isEmpty }.count,
            profiles: profiles, areas: areas.map(\.danishName),
            figure2: zip(areas, zip(perArea, percents2)).map { AreaCount(area: $0.0.danishName, count: $0.1.0, percent: $0.1.1) },
            recommendationCount: perArea.reduce(0, +), figure3: figure3, evaluations: evaluations,
            members: input.members.map { Member(name: $0.fullName, title: $0.title, chair: $0.isChair, regional: $0.isRegional) },
            evaluationsInvented: assessments.contains { $0.evaluation != nil && $0.evaluationInvented } ? true : nil,
            evaluationScale: versions.count == 1
                ? scaleText(versions[0]) : versions.isEmpty ? "(ingen svar i perioden)" : "på hver skemaversions skala")
    }

    /// "på en skala fra 1 (i meget lav grad) til 5 (i meget høj grad)".
    static func scaleText(_ q: EvaluationQuestionnaire) -> String {
        "på en skala fra 1 (\(q.lowLabel)) til \(q.scaleMax) (\(q.highLabel))"
    }
}

extension AnnualReport.Document {
    /// The board's agenda item for this report, prefilled as the seed's item 7 reads: Offentlig,
    /// Resumé and Indstilling written from the report's own numbers and themes.
    public func boardItem(caseOfficer: String, caseNumber: String) -> AgendaItemDraft {
        let f = figures
        var resume = "Regionernes It-råd har i \(span) gennemført \(AnnualReport.count(f.assessmentCount, "risikovurdering", "risikovurderinger"))"
        if f.sparringCount > 0 { resume += " og \(AnnualReport.count(f.sparringCount, "sparringsmøde", "sparringsmøder", neuter: true))" }
        resume +=
            ". For at understøtte transparens og læring på tværs af regionerne udgiver it-rådet en årlig offentlig beretning om rådets aktiviteter og erfaringer."
        let themeTitles = themes.map(\.title).filter { !$0.isEmpty }
        if !themeTitles.isEmpty {
            resume +=
                "\n\nIt-rådet har identificeret \(AnnualReport.count(themeTitles.count, "tværgående tema", "tværgående temaer", neuter: true)), som regionerne med fordel kan have fokus på i store, komplekse digitaliseringsprojekter: "
                + AnnualReport.list(themeTitles) + "."
        }
        let answered = f.evaluations.map(\.answers).max() ?? 0
        if answered > 0 {
            resume +=
                "\n\nDe risikovurderede projekter har evalueret forløbet (gennemsnit"
                + " " + (f.evaluationScale ?? "på en skala fra 1 til 5") + "): "
                + f.evaluations.map { "»\($0.question)« \($0.average)" }.joined(separator: "; ") + "."
        }
        let sagsfremstilling =
            ([foreword] + themes.filter { !$0.title.isEmpty }.enumerated().map { "\($0.offset + 1). \($0.element.title)\n\($0.element.body)" })
            .filter { !$0.isEmpty }.joined(separator: "\n\n")
        return AgendaItemDraft(
            title: "Årsrapport for Regionernes It-råd", confidential: false, kind: .sag, caseOfficer: caseOfficer, caseNumber: caseNumber,
            resume: resume,
            indstilling: "Det indstilles,\nat bestyrelsen tager orienteringen om Regionernes It-råds årsrapport \(toYear) til efterretning.",
            sagsfremstilling: sagsfremstilling)
    }
}

extension AnnualReport {
    /// "seks risikovurderinger", "ét sparringsmøde": Danish number words up to twelve.
    static func count(_ n: Int, _ one: String, _ many: String, neuter: Bool = false) -> String {
        let words = ["ingen", "", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv"]
        if n == 1 { return (neuter ? "ét " : "én ") + one }
        return (n < words.count ? words[n] : String(n)) + " " + many
    }

    /// "a, b, c og d"
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " og " + items.last!
    }
}
