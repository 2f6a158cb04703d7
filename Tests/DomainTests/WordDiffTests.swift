import Domain
import XCTest

final class WordDiffTests: XCTestCase {
    func testAWordChangedInTheMiddle() {
        let parts = WordDiff.parts(from: "Det indstilles, at bestyrelsen godkender oplægget.", to: "Det indstilles, at bestyrelsen drøfter oplægget.")
        XCTAssertEqual(
            parts,
            [.init(.kept, "Det indstilles, at bestyrelsen "), .init(.removed, "godkender"), .init(.added, "drøfter"), .init(.kept, " oplægget.")])
        XCTAssertTrue(WordDiff.changed(parts))
    }

    func testAddedAtTheEndAndUnchanged() {
        let added = WordDiff.parts(from: "Ingen bemærkninger", to: "Ingen bemærkninger i øvrigt")
        XCTAssertEqual(added.map(\.kind), [.kept, .added])
        XCTAssertEqual(added.map(\.text).joined(), "Ingen bemærkninger i øvrigt")
        let same = WordDiff.parts(from: "a b c", to: "a b c")
        XCTAssertFalse(WordDiff.changed(same))
        XCTAssertEqual(same.map(\.text).joined(), "a b c")
    }

    func testTheNewTextIsTheKeptAndAddedParts() {
        let old = "Regionerne har i 2022 fået 1,2 mia. kr. til formålet, og beløbet fordeles efter bloktilskudsnøglen."
        let new = "Regionerne har i 2023 fået 1,4 mia. kr. til formålet, og beløbet fordeles efter den nye nøgle."
        let parts = WordDiff.parts(from: old, to: new)
        XCTAssertEqual(parts.filter { $0.kind != .removed }.map(\.text).joined(), new)
        XCTAssertEqual(parts.filter { $0.kind != .added }.map(\.text).joined(), old)
    }

    func testVeryLongDifferencesAreShownWhole() {
        let old = (0..<2000).map { "a\($0)" }.joined(separator: " ")
        let new = (0..<2000).map { "b\($0)" }.joined(separator: " ")
        let parts = WordDiff.parts(from: old, to: new)
        XCTAssertEqual(parts.map(\.kind), [.removed, .added])
    }
}
