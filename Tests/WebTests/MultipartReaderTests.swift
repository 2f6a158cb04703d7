import Hummingbird
import NIOCore
import XCTest

@testable import Web

/// `MultipartReader` over multipart-kit's parser: the events of a body however the network cuts
/// it, and the bodies it refuses (those `Tests/Operations/robustness.py` sends, and a few more).
final class MultipartReaderTests: XCTestCase {
    static let boundary = "----TestBoundary7MA4YWxkTrZu0gW"
    static let contentType = "multipart/form-data; boundary=\(boundary)"

    static func part(_ name: String, _ value: [UInt8], filename: String? = nil) -> [UInt8] {
        let disposition = "form-data; name=\"\(name)\"" + (filename.map { "; filename=\"\($0)\"" } ?? "")
        let type = filename == nil ? "" : "Content-Type: application/pdf\r\n"
        return Array("--\(boundary)\r\nContent-Disposition: \(disposition)\r\n\(type)\r\n".utf8) + value + Array("\r\n".utf8)
    }

    static let close = Array("--\(boundary)--\r\n".utf8)

    /// File data that looks like the boundary's start in every way but one.
    static let tricky = Array("%PDF-1.4\r\n\r\n--\r\n-\(boundary.dropLast())\r\r\n--\(boundary.dropLast())X\r".utf8) + (0...255).map { UInt8($0) }

    static let good =
        part("csrf_token", Array("token".utf8)) + part("submission_id", Array("abc".utf8)) + part("file", tricky, filename: "a.pdf") + close

    /// The events of `body` sent in pieces of `piece` bytes, each part's data joined.
    func events(_ body: [UInt8], piece: Int = .max, contentType: String = contentType, limit: Int = 1 << 20) async throws -> [MultipartReader.Event] {
        let reader = try XCTUnwrap(MultipartReader(contentType: contentType))
        let step = min(piece, max(body.count, 1))
        let pieces = stride(from: 0, to: body.count, by: step).map { ByteBuffer(bytes: body[$0..<min($0 + step, body.count)]) }
        let stream = AsyncStream<ByteBuffer> { continuation in
            for buffer in pieces { continuation.yield(buffer) }
            continuation.finish()
        }
        var events: [MultipartReader.Event] = []
        try await reader.read(RequestBody(asyncSequence: stream), limit: limit) { event in
            if case .data(let more) = event, case .data(let before)? = events.last {
                events[events.count - 1] = .data(before + more)
            } else {
                events.append(event)
            }
        }
        return events
    }

    func isMalformed(_ body: [UInt8], piece: Int = .max) async -> Bool {
        do {
            _ = try await events(body, piece: piece)
            return false
        } catch {
            return error is MultipartReader.Failure
        }
    }

    let expected: [MultipartReader.Event] = [
        .part(name: "csrf_token", filename: nil), .data(ArraySlice("token".utf8)), .partEnd,
        .part(name: "submission_id", filename: nil), .data(ArraySlice("abc".utf8)), .partEnd,
        .part(name: "file", filename: "a.pdf"), .data(tricky[...]), .partEnd,
    ]

    func testPartsComeInOrderHoweverTheBodyIsCut() async throws {
        for piece in [Int.max, 1, 2, 3, 7, 64, 1000] {
            let got = try await events(Self.good, piece: piece)
            XCTAssertEqual(got, expected, "pieces of \(piece) bytes")
        }
    }

    actor Seen {
        var data = 0
        func add(_ count: Int) { data += count }
    }

    /// Sends the first 1000 bytes of a file, then the rest once the reader has handed them on (or
    /// after 5 s); returns how much the reader had handed on by then.
    static func feed(_ source: RequestBody.Source, _ head: [UInt8], _ seen: Seen) async throws -> Int {
        await source.yield(ByteBuffer(bytes: head + Array(repeating: UInt8(ascii: "0"), count: 1000)))
        let deadline = ContinuousClock.now + .seconds(5)
        var before = await seen.data
        while before < 1000 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
            before = await seen.data
        }
        await source.yield(ByteBuffer(bytes: Array("\r\n".utf8) + close))
        source.finish()
        return before
    }

    func testAPartsDataIsHandedOnBeforeTheRestOfTheBodyArrives() async throws {
        let reader = try XCTUnwrap(MultipartReader(contentType: Self.contentType))
        let stream = RequestBody.makeStream()
        let body = stream.0
        let source = stream.1
        let head =
            Self.part("csrf_token", Array("t".utf8))
            + Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n".utf8)
        let seen = Seen()
        let feeder = Task { [source, head, seen] in try await MultipartReaderTests.feed(source, head, seen) }
        try await reader.read(body, limit: 1 << 20) { event in
            if case .data(let bytes) = event { await seen.add(bytes.count) }
        }
        let handedOnBeforeTheRest = try await feeder.value
        XCTAssertEqual(handedOnBeforeTheRest, 1001)  // "t" and the file's first 1000 bytes
    }

    func testAnEmptyPartHasNoData() async throws {
        let body = Self.part("csrf_token", []) + Self.part("file", [], filename: "") + Self.close
        let got = try await events(body)
        XCTAssertEqual(got, [.part(name: "csrf_token", filename: nil), .partEnd, .part(name: "file", filename: ""), .partEnd])
    }

    func testThePreambleAndTheEpilogueAreIgnored() async throws {
        let body = Array("Dette er en præambel.\r\n".utf8) + Self.good + Array("epilog\r\n--\(Self.boundary)\r\nX".utf8)
        for piece in [Int.max, 1, 5] {
            let got = try await events(body, piece: piece)
            XCTAssertEqual(got, expected, "pieces of \(piece) bytes")
        }
    }

    func testTheContentDispositionIsReadWithQuotesAndWithout() async throws {
        let head = "--\(Self.boundary)\r\ncontent-disposition: form-data; filename=\"en \\\"god\\\" fil.pdf\" ; NAME=file\r\nX-Other: y\r\n\r\nz\r\n"
        let got = try await events(Array(head.utf8) + Self.close)
        XCTAssertEqual(got, [.part(name: "file", filename: "en \"god\" fil.pdf"), .data(ArraySlice("z".utf8)), .partEnd])
    }

    func testTheBoundaryComesFromTheContentType() {
        XCTAssertEqual(MultipartReader(contentType: "multipart/form-data; boundary=abc")?.boundary, "abc")
        XCTAssertEqual(MultipartReader(contentType: "Multipart/Form-Data; BOUNDARY=\"a b\"; charset=utf-8")?.boundary, "a b")
        XCTAssertNil(MultipartReader(contentType: "multipart/form-data"))
        XCTAssertNil(MultipartReader(contentType: "multipart/form-data; boundary="))
        XCTAssertNil(MultipartReader(contentType: "multipart/form-data; boundary=\"\""))
        XCTAssertNil(MultipartReader(contentType: "multipart/form-data; boundary=" + String(repeating: "b", count: 201)))
        XCTAssertNil(MultipartReader(contentType: "application/x-www-form-urlencoded; boundary=abc"))
    }

    func testMoreThanTheLimitIs413() async {
        do {
            _ = try await events(Self.good, piece: 100, limit: Self.good.count - 1)
            XCTFail("read past the limit")
        } catch let error as HTTPError {
            XCTAssertEqual(error.status, .contentTooLarge)
        } catch {
            XCTFail("\(error)")
        }
        let got = try? await events(Self.good, piece: 100, limit: Self.good.count)
        XCTAssertEqual(got, expected)
    }

    // MARK: Malformed bodies

    func testAnEmptyBodyIsMalformed() async {
        let malformed = await isMalformed([])
        XCTAssertTrue(malformed)
    }

    func testABodyWithoutTheBoundaryIsMalformed() async {
        let garbage = await isMalformed(Array((0...255).map { UInt8($0) }) + Array((0...255).map { UInt8($0) }))
        XCTAssertTrue(garbage)
        let other = Array(String(decoding: Self.good, as: UTF8.self).replacingOccurrences(of: Self.boundary, with: "SomethingElse").utf8)
        let otherBoundary = await isMalformed(other)
        XCTAssertTrue(otherBoundary)
    }

    func testABodyCutShortAnywhereIsMalformed() async {
        // Every prefix, from nothing to the closing boundary without its "--\r\n".
        let end = Self.good.count - 3
        for length in 0..<end {
            let malformed = await isMalformed(Array(Self.good[..<length]), piece: 17)
            XCTAssertTrue(
                malformed, "cut after \(length) bytes: \(String(decoding: Self.good[max(0, length - 20)..<length], as: UTF8.self).debugDescription)")
        }
    }

    func testTheClosingBoundaryWithoutItsLineEndIsEnough() async throws {
        let got = try await events(Array(Self.good.dropLast(2)))
        XCTAssertEqual(got, expected)
    }

    func testHeadersThatNeverEndAreMalformed() async {
        let body =
            Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\nX-Pad: ".utf8)
            + Array(repeating: UInt8(ascii: "a"), count: 20_000)
        for piece in [Int.max, 1000] {
            let malformed = await isMalformed(body, piece: piece)
            XCTAssertTrue(malformed)
        }
    }

    func testAPartWithoutALineEndAfterTheBoundaryIsMalformed() async {
        let malformed = await isMalformed(Array("--\(Self.boundary)garbage\r\n\r\nxx\r\n--\(Self.boundary)--\r\n".utf8))
        XCTAssertTrue(malformed)
    }

    func testAHeaderWithoutAColonIsMalformed() async {
        let malformed = await isMalformed(Array("--\(Self.boundary)\r\nContent-Disposition form-data\r\n\r\nxx\r\n".utf8) + Self.close)
        XCTAssertTrue(malformed)
    }

    func testALongCSRFPartIsData() async throws {
        let body = Self.part("csrf_token", Array(repeating: UInt8(ascii: "A"), count: 50_000)) + Self.close
        let got = try await events(body, piece: 4096)
        XCTAssertEqual(got, [.part(name: "csrf_token", filename: nil), .data(ArraySlice(repeating: UInt8(ascii: "A"), count: 50_000)), .partEnd])
    }
}
