import XCTest
final class PDomainTests: XCTestCase { func testX() {} }
