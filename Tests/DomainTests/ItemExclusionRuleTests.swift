import Domain
import XCTest

/// The one rule for reading an agenda item (`BoardAccess.mayRead`), exclusions included.
final class ItemExclusionRuleTests: XCTestCase {
    func testPublicItemsAreEveryonesWhateverTheExclusions() {
        for reader in [ItemReader.anonymous, .system, ItemReader(userID: 7, mayReadConfidential: true)] {
            XCTAssertTrue(BoardAccess.mayRead(confidential: false, reader: reader, excludedUserIDs: [7]))
        }
    }

    func testConfidentialItemsForThoseWhoMayReadThemUnlessExcluded() {
        let member = ItemReader(user: User(id: 7, username: "b", fullName: "B", email: "", roles: [.boardMember], active: true, version: 1))
        XCTAssertTrue(member.mayReadConfidential)
        XCTAssertTrue(BoardAccess.mayRead(confidential: true, reader: member, excludedUserIDs: []))
        XCTAssertTrue(BoardAccess.mayRead(confidential: true, reader: member, excludedUserIDs: [8]))
        XCTAssertFalse(BoardAccess.mayRead(confidential: true, reader: member, excludedUserIDs: [7]), "excluded: reads it as the public")
        XCTAssertFalse(BoardAccess.mayRead(confidential: true, reader: .anonymous, excludedUserIDs: []))
        let assessor = ItemReader(user: User(id: 9, username: "v", fullName: "V", email: "", roles: [.assessor], active: true, version: 1))
        XCTAssertFalse(BoardAccess.mayRead(confidential: true, reader: assessor, excludedUserIDs: []))
        XCTAssertTrue(BoardAccess.mayRead(confidential: true, reader: .system, excludedUserIDs: [7]), "the system is nobody")
        XCTAssertEqual(ItemReader(user: nil), .anonymous)
    }

    func testOnlyBoardMembersMayBeExcludedAndOnlyTheBoardSecretariatExcludes() {
        XCTAssertTrue(BoardAccess.mayBeExcluded([.boardMember]))
        XCTAssertFalse(BoardAccess.mayBeExcluded([.boardSecretariat]))
        XCTAssertFalse(BoardAccess.mayBeExcluded([.boardMember, .boardSecretariat]))
        XCTAssertFalse(BoardAccess.mayBeExcluded([.assessor]))
        XCTAssertTrue(BoardAccess.mayManageExclusions([.boardSecretariat]))
        XCTAssertFalse(BoardAccess.mayManageExclusions([.boardMember]))
        XCTAssertFalse(BoardAccess.mayManageExclusions([.admin]))
    }
}
