import XCTest
final class PDatabaseTests: XCTestCase { func testX() {} }
