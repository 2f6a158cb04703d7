import Foundation
import XCTest

@testable import Domain

final class IntakeRuleTests: XCTestCase {
    func testThresholdIsOverTenMillion() {
        XCTAssertEqual(AssessmentRequirement.evaluate(kind: .faellesregional, budgetMillions: 10, regionalShareMillions: nil), .voluntary)
        XCTAssertEqual(AssessmentRequirement.evaluate(kind: .faellesregional, budgetMillions: 10.01, regionalShareMillions: nil), .mandatory)
        XCTAssertEqual(AssessmentRequirement.evaluate(kind: .faellesoffentlig, budgetMillions: 100, regionalShareMillions: 10), .voluntary)
        XCTAssertEqual(AssessmentRequirement.evaluate(kind: .faellesoffentlig, budgetMillions: 100, regionalShareMillions: 10.5), .mandatory)
        XCTAssertEqual(AssessmentRequirement.evaluate(kind: .faellesoffentlig, budgetMillions: 100, regionalShareMillions: nil), .voluntary)
        XCTAssertEqual(AssessmentRequirement.evaluate(kind: .regional, budgetMillions: 500, regionalShareMillions: nil), .regionalRequest)
        XCTAssertTrue(AssessmentRequirement.voluntary.needsDecision)
        XCTAssertFalse(AssessmentRequirement.mandatory.needsDecision)
    }

    /// Where the seed gives examples ("fx"), they are suggestions: another reason is accepted,
    /// within a line's length, and the texts name the bodies as examples, never as the only ones.
    func testTheSeedsExamplesAreSuggestions() {
        var d = IntakeDraft()
        (d.name, d.purpose, d.kind, d.regions, d.budget) = ("Vagtplan", "Fælles vagtplan.", .faellesregional, ["Region Sjælland"], "6")
        (d.phase, d.chair, d.desiredMonth, d.contact, d.reasonText) = (.analyse, "Bo", "marts 2099", "bo@rsj.dk", "Se ovenfor.")
        XCTAssertTrue(d.submitProblems().contains { $0.field == "reasons" }, "no reason at all")
        d.otherReason = "Løsningen deles med kommunerne"
        XCTAssertEqual(d.submitProblems().map(\.field), [])
        d.otherReason = String(repeating: "x", count: 201)
        XCTAssertEqual(d.submitProblems().map(\.message), ["Den anden begrundelse må højst være 200 tegn."])
        XCTAssertEqual(RequestReason.examples, "fx kompleksitet, interessentlandskab eller tekniske forhold")
        XCTAssertEqual(DecidingBody.examples, "Regionsdirektørkredsen eller Regionernes Sundheds-It (RSI)")
        XCTAssertTrue(
            AssessmentRequirement.voluntary.explanation(threshold: 10).hasSuffix(
                "det beror på en konkret vurdering hos fx Regionsdirektørkredsen eller Regionernes Sundheds-It (RSI)."))
        // A single region's own project: the seed's clause, without the deciding bodies of the threshold rule.
        XCTAssertEqual(
            AssessmentRequirement.regionalRequest.explanation(threshold: 10),
            "En enkelt regions eget projekt risikovurderes, hvis regionerne eller regionsdirektørerne ønsker dette.")
        XCTAssertNil(SuggestedText.problem("Regionernes Sundheds-It (RSI)", what: "Organet"))
        XCTAssertEqual(DecidingBody.named(in: "Regionsdirektørkredsen, møde 3.3.2027"), "Regionsdirektørkredsen")
        XCTAssertEqual(DecidingBody.named(in: "RSI-kredsens møde"), nil, "RSI-kredsen is not RSI")
        XCTAssertEqual(DecidingBody.named(in: "RSI, 4.3.2027"), "Regionernes Sundheds-It (RSI)")
        XCTAssertNil(DecidingBody.named(in: "Styregruppen"))
        XCTAssertNotNil(SuggestedText.problem("RSI\nog mere", what: "Organet"))
    }

    func testAProjectOutsideTheScopeMayAsk() {
        XCTAssertEqual(ProjectScope.ingen.requirement(.mandatory), .voluntary)
        XCTAssertEqual(ProjectScope.nyudvikling.requirement(.mandatory), .mandatory)
        XCTAssertEqual(ProjectScope.vaesentligTilpasning.requirement(.voluntary), .voluntary)
        XCTAssertEqual(ProjectScope.ingen.requirement(.regionalRequest), .regionalRequest)
        var d = IntakeDraft()
        (d.kind, d.budget) = (.faellesregional, "80")
        XCTAssertEqual(d.requirement, .mandatory, "not answered: covered")
        d.scope = .ingen
        XCTAssertEqual(d.requirement, .voluntary)
    }

    func testACouncilTermEndingWithinThreeMonths() {
        let today = DateComponents(year: 2026, month: 12, day: 1)
        XCTAssertTrue(CouncilTerm.endsSoon(DateComponents(year: 2026, month: 12, day: 1), today: today))
        XCTAssertTrue(CouncilTerm.endsSoon(DateComponents(year: 2027, month: 3, day: 1), today: today))
        XCTAssertFalse(CouncilTerm.endsSoon(DateComponents(year: 2027, month: 3, day: 2), today: today))
        XCTAssertFalse(CouncilTerm.endsSoon(DateComponents(year: 2026, month: 11, day: 30), today: today), "already ended")
        XCTAssertNil(CouncilTerm.compositionProblem(regional: 3, external: 3))
        XCTAssertNotNil(CouncilTerm.compositionProblem(regional: 4, external: 2))
        XCTAssertEqual(CouncilTerm.years, 2)
        XCTAssertEqual(CouncilTerm.appointingBody, "Regionsdirektørkredsen")
    }

    func testNoticeOfThreeMonthsExactly() {
        let april = YearMonth(year: 2027, month: 4)!
        XCTAssertFalse(NoticeRule.isShort(registeredOn: DateComponents(year: 2027, month: 1, day: 1), desired: april))
        XCTAssertTrue(NoticeRule.isShort(registeredOn: DateComponents(year: 2027, month: 1, day: 2), desired: april))
        XCTAssertFalse(NoticeRule.isShort(registeredOn: DateComponents(year: 2026, month: 12, day: 31), desired: april))
        XCTAssertTrue(NoticeRule.isShort(registeredOn: DateComponents(year: 2027, month: 3, day: 15), desired: april))
    }

    func testReadsMonths() {
        XCTAssertEqual(YearMonth("marts 2027"), YearMonth(year: 2027, month: 3))
        XCTAssertEqual(YearMonth("3.2027"), YearMonth(year: 2027, month: 3))
        XCTAssertEqual(YearMonth("2027-03"), YearMonth(year: 2027, month: 3))
        XCTAssertNil(YearMonth("13.2027"))
        XCTAssertNil(YearMonth("snart"))
        XCTAssertEqual(YearMonth(year: 2027, month: 3)!.description, "marts 2027")
    }
}

final class WorkingDayTests: XCTestCase {
    let days = WorkingDays()

    func d(_ y: Int, _ m: Int, _ day: Int) -> DateComponents { DateComponents(year: y, month: m, day: day) }

    func testEasterDates() {
        XCTAssertEqual(WorkingDays.easter(2022), d(2022, 4, 17))
        XCTAssertEqual(WorkingDays.easter(2023), d(2023, 4, 9))
        XCTAssertEqual(WorkingDays.easter(2024), d(2024, 3, 31))
        XCTAssertEqual(WorkingDays.easter(2025), d(2025, 4, 20))
        XCTAssertEqual(WorkingDays.easter(2026), d(2026, 4, 5))
    }

    func testStoreBededagOnlyUpToAndIncluding2023() {
        XCTAssertTrue(WorkingDays.publicHolidays(2023).contains { $0.name == "store bededag" && $0.day == d(2023, 5, 5) })
        XCTAssertFalse(WorkingDays.publicHolidays(2024).contains { $0.name == "store bededag" })
        XCTAssertTrue(days.isWorkingDay(d(2024, 4, 26)), "the Friday that was store bededag is a working day from 2024")
    }

    func testTenWorkingDaysAcrossEaster() {
        // Receipt Wednesday 13 April 2022: skærtorsdag 14, langfredag 15, weekend, 2. påskedag 18 April;
        // then 19–22, 25–29 April and 2 May are the ten working days.
        XCTAssertEqual(days.add(10, to: d(2022, 4, 13)), d(2022, 5, 2))
        // 2026: Easter 5 April. Receipt Wednesday 1 April → 2, 3 and 6 April are holidays.
        XCTAssertEqual(days.add(10, to: d(2026, 4, 1)), d(2026, 4, 20))
        // Without the holidays it would have been five days earlier.
        XCTAssertEqual(days.add(10, to: d(2026, 3, 4)), d(2026, 3, 18))
    }

    func testTenWorkingDaysAcrossChristmasWithAndWithoutClosingDays() {
        // Receipt Friday 18 December 2026: 21, 22, 23, 28, 29, 30 December and 4, 5, 6, 7 January
        // (24 and 31 December closed, 25 and 26 December and 1 January holidays).
        XCTAssertEqual(days.add(10, to: d(2026, 12, 18)), d(2027, 1, 7))
        let open = WorkingDays(closingDays: [])
        XCTAssertEqual(open.add(10, to: d(2026, 12, 18)), d(2027, 1, 5))
        XCTAssertFalse(days.isWorkingDay(d(2025, 6, 5)), "grundlovsdag as a closing day")
        XCTAssertTrue(open.isWorkingDay(d(2025, 6, 5)))
    }

    /// The vectors of issue 18: day 1 is the first working day after receipt.
    func testTenWorkingDaysFromReceiptAsTheIssueStatesThem() {
        let open = WorkingDays(closingDays: [])
        let christmasClosed = WorkingDays(closingDays: [.juleaftensdag, .nytaarsaftensdag])
        // Monday 14.4.2025 → 1.5.2025 (skærtorsdag, langfredag and 2. påskedag excluded).
        XCTAssertEqual(open.add(10, to: d(2025, 4, 14)), d(2025, 5, 1))
        // Monday 30.3.2026 → 16.4.2026.
        XCTAssertEqual(open.add(10, to: d(2026, 3, 30)), d(2026, 4, 16))
        // Friday 19.12.2025 → 7.1.2026 without closing days, 9.1.2026 with 24 and 31 December closed.
        XCTAssertEqual(open.add(10, to: d(2025, 12, 19)), d(2026, 1, 7))
        XCTAssertEqual(christmasClosed.add(10, to: d(2025, 12, 19)), d(2026, 1, 9))
        // Friday 28.4.2023 → 15.5.2023 (store bededag 5.5.2023).
        XCTAssertEqual(open.add(10, to: d(2023, 4, 28)), d(2023, 5, 15))
        // Wednesday 1.5.2024 → 16.5.2024 (no store bededag; Kristi himmelfartsdag 9.5.2024).
        XCTAssertEqual(open.add(10, to: d(2024, 5, 1)), d(2024, 5, 16))
    }

    func testTheDeadlineRuleNamesTheClosingDays() {
        var rules = CouncilParameters.standard
        rules.closingDays = [.juleaftensdag, .nytaarsaftensdag]
        XCTAssertEqual(
            rules.workingDaysRule,
            "Dag 1 er den første arbejdsdag efter modtagelsen. Weekender, helligdage og rådssekretariatets lukkedage (juleaftensdag (24. december) og nytårsaftensdag (31. december)) tæller ikke med."
        )
        XCTAssertEqual(CaseDeadlines.assessmentDue(materialReceived: d(2025, 12, 19), rules: rules), d(2026, 1, 9))
        rules.closingDays = []
        XCTAssertEqual(rules.workingDaysRule, "Dag 1 er den første arbejdsdag efter modtagelsen. Weekender og helligdage tæller ikke med.")
        XCTAssertEqual(CaseDeadlines.assessmentDue(materialReceived: d(2025, 12, 19), rules: rules), d(2026, 1, 7))
    }

    /// The integer day numbers agree with Foundation's Gregorian calendar on every day of
    /// 1900–2100: date, weekday, and the rolling over of days past a month's end.
    func testDayNumbersAgreeWithTheGregorianCalendar() {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        var date = cal.date(from: DateComponents(year: 1900, month: 1, day: 1))!
        var number = CivilDay.number(year: 1900, month: 1, day: 1)
        let end = cal.date(from: DateComponents(year: 2101, month: 1, day: 1))!
        while date < end {
            let c = cal.dateComponents([.year, .month, .day, .weekday], from: date)
            let (y, m, d) = CivilDay.date(number)
            XCTAssertEqual([y, m, d], [c.year!, c.month!, c.day!])
            XCTAssertEqual(CivilDay.number(year: y, month: m, day: d), number)
            XCTAssertEqual(CivilDay.isWeekend(number), c.weekday == 1 || c.weekday == 7, "\(y)-\(m)-\(d)")
            date = cal.date(byAdding: .day, value: 1, to: date)!
            number += 1
        }
        XCTAssertEqual(CivilDay.number(year: 1970, month: 1, day: 1), 0)
        XCTAssertEqual(CivilDay.date(CivilDay.number(year: 2026, month: 2, day: 31)).day, 3, "31 February 2026 is 3 March")
        XCTAssertEqual(CivilDay.date(CivilDay.number(year: 2026, month: 13, day: 1)).year, 2027)
    }

    func testAscensionAndWhitMonday() {
        // 2025: Kristi himmelfartsdag 29 May, 2. pinsedag 9 June.
        XCTAssertFalse(days.isWorkingDay(d(2025, 5, 29)))
        XCTAssertFalse(days.isWorkingDay(d(2025, 6, 9)))
        XCTAssertTrue(days.isWorkingDay(d(2025, 5, 30)))
    }
}

final class AssessmentRuleTests: XCTestCase {
    func testProfileMatrix() {
        XCTAssertEqual(RiskProfile.propose(complexity: [.teknologi, .interessenter], risks: [.forretning, .eksterne]), .a)
        XCTAssertEqual(RiskProfile.propose(complexity: [.teknologi, .interessenter, .organisation], risks: [.sikkerhed]), .b)
        XCTAssertEqual(RiskProfile.propose(complexity: [.teknologi], risks: [.forretning, .sikkerhed]), .b)
        XCTAssertEqual(RiskProfile.propose(complexity: [.teknologi], risks: [.eksterne]), .c)
        XCTAssertEqual(RiskProfile.propose(complexity: [], risks: []), .c)
    }

    func testImpartiality() {
        XCTAssertNotNil(Impartiality.problem(personName: "Jens", onSteeringGroup: true, declaredInterest: nil))
        XCTAssertNotNil(Impartiality.problem(personName: "Jens", onSteeringGroup: false, declaredInterest: "tidligere leverandør"))
        XCTAssertNil(Impartiality.problem(personName: "Jens", onSteeringGroup: false, declaredInterest: "  "))
        XCTAssertNil(Impartiality.councilCountProblem(count: 2, reason: ""))
        XCTAssertNotNil(Impartiality.councilCountProblem(count: 3, reason: ""))
        XCTAssertNil(Impartiality.councilCountProblem(count: 3, reason: "Projektet er meget stort"))
        XCTAssertNotNil(Impartiality.assessorCountProblem(count: 3, reason: ""))
        XCTAssertNil(Impartiality.assessorCountProblem(count: 4, reason: ""))
        XCTAssertNil(Impartiality.assessorCountProblem(count: 5, reason: ""))
        XCTAssertNotNil(Impartiality.assessorCountProblem(count: 6, reason: " "))
        // "Som hovedregel": another size with a written reason is accepted, but never an empty team.
        XCTAssertNil(Impartiality.assessorCountProblem(count: 3, reason: "Et lille projekt med én leverandør"))
        XCTAssertNil(Impartiality.assessorCountProblem(count: 6, reason: "Projektet spænder over både patologi og radiologi"))
        XCTAssertNotNil(Impartiality.assessorCountProblem(count: 0, reason: "ingen til rådighed"))
    }

    func testSignOffIsVoidedByAnEdit() throws {
        var letter = LetterSignOff(appointed: [1, 2])
        XCTAssertThrowsError(try letter.sign(by: 3))
        try letter.sign(by: 1)
        XCTAssertThrowsError(try letter.sign(by: 1))
        XCTAssertFalse(letter.isComplete)
        XCTAssertThrowsError(try letter.checkSendable())
        try letter.sign(by: 2)
        XCTAssertTrue(letter.isComplete)
        letter.letterEdited()
        XCTAssertEqual(letter.signed, [])
        XCTAssertThrowsError(try letter.checkSendable())
    }

    func testFocusAreasHaveTheirSubThemes() {
        XCTAssertEqual(FocusArea.allCases.count, 4)
        XCTAssertTrue(FocusArea.governance.subThemes.contains("Leverandørstyring"))
        XCTAssertEqual(FocusArea.teknik.danishName, "Markedsafdækning og teknisk løsning")
    }
}

final class CaseStateTests: XCTestCase {
    func testTheWholeWay() throws {
        var letter = LetterSignOff(appointed: [1, 2])
        try letter.sign(by: 1)
        try letter.sign(by: 2)
        var s = CaseState.kladde
        s = try AssessmentCase.apply(.submit(.mandatory), to: s)
        XCTAssertEqual(s, .planlaegning)
        s = try AssessmentCase.apply(.planned, to: s)
        s = try AssessmentCase.apply(.materialReceived, to: s)
        XCTAssertEqual(s.nextActor, .councilMember)
        s = try AssessmentCase.apply(.letterSent(letter), to: s)
        XCTAssertEqual(s, .brevSendt)
        s = try AssessmentCase.apply(.responsumSubmitted, to: s)
        s = try AssessmentCase.apply(.evaluationSubmitted, to: s)
        XCTAssertEqual(s, .afsluttet)
    }

    func testVoluntaryRequestsAwaitADecision() throws {
        let waiting = try AssessmentCase.apply(.submit(.voluntary), to: .kladde)
        XCTAssertEqual(waiting, .afventerBeslutning)
        XCTAssertEqual(waiting.nextActor, .director)
        XCTAssertEqual(try AssessmentCase.apply(.decide(accepted: false), to: waiting), .afvist)
        XCTAssertEqual(try AssessmentCase.apply(.decide(accepted: true), to: waiting), .planlaegning)
        XCTAssertEqual(try AssessmentCase.apply(.submit(.regionalRequest), to: .kladde), .afventerBeslutning)
    }

    func testInvalidTransitionsAreRefusedInDanish() {
        let unsigned = LetterSignOff(appointed: [1, 2], signed: [1])
        XCTAssertThrowsError(try AssessmentCase.apply(.letterSent(unsigned), to: .vurdering)) { error in
            XCTAssertTrue("\(error)".contains("alle udpegede rådsmedlemmer"))
        }
        XCTAssertThrowsError(try AssessmentCase.apply(.responsumSubmitted, to: .responsumModtaget)) { error in
            XCTAssertTrue("\(error)".contains("allerede indsendt"))
        }
        XCTAssertThrowsError(try AssessmentCase.apply(.materialReceived, to: .kladde))
        XCTAssertThrowsError(try AssessmentCase.apply(.decide(accepted: true), to: .planlaegning))
    }
}
