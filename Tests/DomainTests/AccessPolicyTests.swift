import XCTest

@testable import Domain

final class AccessPolicyTests: XCTestCase {
    static func user(_ id: Int64, _ roles: Set<Role>) -> User {
        User(id: id, username: "u\(id)", fullName: "U \(id)", email: "", roles: roles, active: true, version: 1)
    }

    let secretariat = user(1, [.secretariat])
    let member = user(2, [.councilMember])
    let otherMember = user(3, [.councilMember])
    let assessor = user(4, [.assessor])
    let otherAssessor = user(5, [.assessor])
    let leader = user(6, [.projectLeader])
    let otherLeader = user(7, [.projectLeader])
    let director = user(8, [.director])
    let admin = user(9, [.admin])
    let board = user(10, [.boardMember])

    func facts(_ state: CaseState, needsDecision: Bool = false) -> CaseFacts {
        CaseFacts(state: state, leaderID: 6, needsDecision: needsDecision, appointed: [2, 4], signers: [2])
    }

    func testWhoSeesACase() {
        let c = facts(.vurdering)
        for user in [secretariat, member, otherMember, admin, assessor, leader] {
            XCTAssertTrue(CasePolicy.maySee(user, c), user.username)
        }
        for user in [otherAssessor, otherLeader, director, board] {
            XCTAssertFalse(CasePolicy.maySee(user, c), user.username)
        }
    }

    func testADirectorSeesRequestsToDecideAndSentLetters() {
        XCTAssertFalse(CasePolicy.maySee(director, facts(.kladde, needsDecision: true)), "a draft request is the project's own")
        XCTAssertTrue(CasePolicy.maySee(director, facts(.afventerBeslutning, needsDecision: true)))
        XCTAssertTrue(CasePolicy.mayDecide(director, facts(.afventerBeslutning, needsDecision: true)))
        XCTAssertFalse(CasePolicy.mayDecide(director, facts(.planlaegning, needsDecision: true)), "decided already")
        XCTAssertTrue(CasePolicy.mayDecide(secretariat, facts(.afventerBeslutning, needsDecision: true)), "records a decision taken at a meeting")
        XCTAssertFalse(CasePolicy.mayDecide(leader, facts(.afventerBeslutning, needsDecision: true)))
        XCTAssertFalse(CasePolicy.maySee(director, facts(.vurdering)), "a mandatory case under assessment")
        for state in [CaseState.brevSendt, .responsumModtaget, .afsluttet] {
            XCTAssertTrue(CasePolicy.maySee(director, facts(state)), "\(state)")
        }
    }

    func testTheLetterIsTheSignersAndTheSecretariatsUntilItIsSent() {
        let writing = facts(.vurdering)
        XCTAssertTrue(CasePolicy.mayReadLetter(secretariat, writing))
        XCTAssertTrue(CasePolicy.mayReadLetter(member, writing), "a declared signer")
        XCTAssertTrue(CasePolicy.mayEditLetter(member, writing))
        for user in [otherMember, assessor, leader, director, admin] {
            XCTAssertFalse(CasePolicy.mayReadLetter(user, writing), user.username)
            XCTAssertFalse(CasePolicy.mayEditLetter(user, writing), user.username)
        }
        let sent = facts(.brevSendt)
        for user in [secretariat, member, leader, director] {
            XCTAssertTrue(CasePolicy.mayReadLetter(user, sent), user.username)
            XCTAssertFalse(CasePolicy.mayEditLetter(user, sent), "\(user.username): a sent letter is frozen")
        }
        for user in [otherLeader, assessor, admin] {
            XCTAssertFalse(CasePolicy.mayReadLetter(user, sent), user.username)
        }
        XCTAssertFalse(CasePolicy.mayReadLetter(secretariat, facts(.afventerMateriale)), "no letter before the assessment")
    }

    func testTheLetterSentStatesAreOneDefinition() {
        XCTAssertEqual(CaseState.allCases.filter(\.letterSent), [.brevSendt, .responsumModtaget, .afsluttet])
        XCTAssertEqual(CaseState.allCases.filter(\.assessmentStarted), [.vurdering, .brevSendt, .responsumModtaget, .afsluttet])
    }

    func testCapabilities() {
        XCTAssertTrue(admin.may(.readCases), "the admin may open a case, so the navigation shows the case list")
        XCTAssertTrue(member.may(.readOverview))
        XCTAssertFalse(leader.may(.readOverview))
        XCTAssertTrue(leader.may(.registerProjects))
        XCTAssertFalse(secretariat.may(.registerProjects))
        XCTAssertTrue(board.may(.readAsBoardMember))
        XCTAssertFalse(board.may(.readCases))
        XCTAssertFalse(Self.user(11, []).may(.readCases), "no role, no capability")
        for capability in Capability.allCases {
            XCTAssertFalse(capability.roles.isEmpty, "\(capability) has a role")
        }
    }
}
