import XCTest

// XCTest's assertions take synchronous autoclosures; these take async ones, so a test can write
// `try await assertEqual(try await app.count(…), 1)`.

public func assertEqual<T: Equatable>(
    _ a: @autoclosure () async throws -> T, _ b: @autoclosure () async throws -> T, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) async throws {
    let x = try await a()
    let y = try await b()
    XCTAssertEqual(x, y, message, file: file, line: line)
}

public func assertTrue(
    _ a: @autoclosure () async throws -> Bool, _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) async throws {
    let x = try await a()
    XCTAssertTrue(x, message, file: file, line: line)
}

public func assertFalse(
    _ a: @autoclosure () async throws -> Bool, _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) async throws {
    let x = try await a()
    XCTAssertFalse(x, message, file: file, line: line)
}
