import XCTest
final class PWebTests: XCTestCase { func testX() {} }
