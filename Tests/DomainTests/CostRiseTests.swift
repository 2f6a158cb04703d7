import XCTest

@testable import Domain

/// Issue 18, point 1: a project's expected costs rising above 10 mio. kr. (for a cross-public
/// project the regions' share) make the case one that must be assessed.
final class CostRiseTests: XCTestCase {
    let leader = AccessPolicyTests.user(6, [.projectLeader])
    let otherLeader = AccessPolicyTests.user(7, [.projectLeader])
    let secretariat = AccessPolicyTests.user(1, [.secretariat])
    let member = AccessPolicyTests.user(2, [.councilMember])
    let director = AccessPolicyTests.user(8, [.director])
    let admin = AccessPolicyTests.user(9, [.admin])

    func testTheCasesProjectLeaderAndTheSecretariatRecordTheFigureAndNoOneElse() {
        let c = CaseFacts(state: .afventerBeslutning, leaderID: 6, needsDecision: true, appointed: [2], signers: [])
        XCTAssertTrue(CostRise.mayRecord(leader, c))
        XCTAssertTrue(CostRise.mayRecord(secretariat, c))
        for user in [otherLeader, member, director, admin] { XCTAssertFalse(CostRise.mayRecord(user, c), user.username) }
    }

    func testTheFormIsForAJointProjectSubmittedBelowTheThreshold() {
        XCTAssertTrue(CostRise.applies(kind: .faellesregional, requirement: .voluntary, state: .afventerBeslutning))
        XCTAssertTrue(CostRise.applies(kind: .faellesoffentlig, requirement: .voluntary, state: .afvist))
        XCTAssertTrue(CostRise.applies(kind: .faellesregional, requirement: .voluntary, state: .planlaegning))
        XCTAssertFalse(CostRise.applies(kind: .faellesregional, requirement: .mandatory, state: .planlaegning), "already over")
        XCTAssertFalse(CostRise.applies(kind: .regional, requirement: .regionalRequest, state: .afventerBeslutning), "a region's own")
        XCTAssertFalse(CostRise.applies(kind: .faellesregional, requirement: .voluntary, state: .kladde), "the intake edits a draft")
        XCTAssertFalse(CostRise.applies(kind: nil, requirement: .voluntary, state: .afventerBeslutning))
    }

    func testAboveTheThresholdTheCaseMustBeAssessedWhateverItsRequestState() {
        for (state, next) in [(CaseState.afventerBeslutning, CaseState.planlaegning), (.afvist, .planlaegning), (.planlaegning, .planlaegning)] {
            let o = CostRise.outcome(millions: 10.5, kind: .faellesregional, scope: .nyudvikling, state: state)
            XCTAssertEqual(o, CostRise.Outcome(requirement: .mandatory, state: next), "\(state)")
            XCTAssertTrue(o.madeMandatory)
        }
        // A cross-public project's figure is the regions' share, compared the same way.
        XCTAssertTrue(CostRise.outcome(millions: 12, kind: .faellesoffentlig, scope: nil, state: .afventerBeslutning).madeMandatory)
    }

    func testAtOrBelowTheThresholdTheFigureIsRecordedAndTheKindStays() {
        for millions in [10.0, 9.99, 4] {
            let o = CostRise.outcome(millions: millions, kind: .faellesregional, scope: nil, state: .afventerBeslutning)
            XCTAssertEqual(o, CostRise.Outcome(requirement: .voluntary, state: .afventerBeslutning), "\(millions)")
        }
        // A project that is neither new development nor a significant adaptation is not covered, whatever it costs.
        XCTAssertFalse(CostRise.outcome(millions: 50, kind: .faellesregional, scope: .ingen, state: .afventerBeslutning).madeMandatory)
        // The configured threshold decides.
        XCTAssertTrue(CostRise.outcome(millions: 6, kind: .faellesregional, scope: nil, state: .afvist, threshold: 5).madeMandatory)
    }

    func testTheFigureIsReadAsTheIntakesBudgetIs() {
        XCTAssertEqual(try CostRise.parse("12,5").get(), 12.5)
        XCTAssertEqual(try CostRise.parse(" 14 mio. kr. ").get(), 14)
        XCTAssertEqual(KronerReading("12.500.000")?.explanation, "12.500.000 kr. = 12,5 mio. kr.", "kroner are read before parsing")
        XCTAssertEqual(CostRise.parse(""), .failure(CaseRefusal("Skriv de nye forventede udgifter i mio. kr., fx 12,5.")))
        XCTAssertEqual(CostRise.parse("tolv"), .failure(CaseRefusal("Udgifterne kunne ikke læses. Skriv et tal i mio. kr., fx 12,5.")))
        XCTAssertEqual(CostRise.parse("0"), .failure(CaseRefusal("Udgifterne skal være større end 0 mio. kr.")))
    }

    func testTheFieldNamesTheRegionsShareForACrossPublicProject() {
        XCTAssertEqual(CostRise.label(.faellesoffentlig), "Nye forventede udgifter, regionernes andel (mio. kr.)")
        XCTAssertEqual(CostRise.label(.faellesregional), "Nye forventede udgifter (mio. kr.)")
        XCTAssertEqual(
            CostRise.detail(millions: 12.5, CostRise.Outcome(requirement: .mandatory, state: .planlaegning)),
            "12,5 mio. kr.; over tærsklen: projektet skal nu risikovurderes")
    }
}
