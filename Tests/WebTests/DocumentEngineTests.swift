import Foundation
import TestSupport
import XCTest

@testable import Web

/// The PDF engine's worker (`render_pdf.py --serve`): one process renders document after document,
/// a worker that died is replaced at the next render, and a render that outlives its timeout stops
/// the worker and fails.
final class DocumentEngineTests: XCTestCase {
    static let html = #"<!DOCTYPE html><html lang="da"><title>Prøve</title><h1>Prøve</h1><p>æøå ≥ → Łukasz</p></html>"#

    func engine(timeout: Duration = .seconds(120)) -> DocumentEngine {
        let engine = DocumentEngine(
            script: TestDatabase.packageRoot + "/scripts/render_pdf.py", staticDirectory: TestDatabase.packageRoot + "/Public", timeout: timeout)
        addTeardownBlock { engine.worker.stop() }
        return engine
    }

    func testOneWorkerRendersDocumentAfterDocumentAndIsReplacedWhenItDies() async throws {
        let engine = engine()
        let first = try await engine.render(html: Self.html)
        XCTAssertTrue(first.starts(with: Array("%PDF-".utf8)))
        let pid = try XCTUnwrap(engine.worker.pid, "the worker stays up after a render")
        let second = try await engine.render(html: Self.html)
        XCTAssertTrue(second.starts(with: Array("%PDF-".utf8)))
        XCTAssertEqual(engine.worker.pid, pid, "the same worker rendered the second document")

        kill(-pid, SIGKILL)  // its process group: the Python behind a launcher too
        while engine.worker.pid != nil { try await Task.sleep(for: .milliseconds(20)) }
        let third = try await engine.render(html: Self.html)
        XCTAssertTrue(third.starts(with: Array("%PDF-".utf8)), "a new worker rendered it")
        XCTAssertNotNil(engine.worker.pid)
        XCTAssertNotEqual(engine.worker.pid, pid)
    }

    func testARenderThatOutlivesItsTimeoutStopsTheWorkerAndFails() async throws {
        // The worker's start alone (Python, WeasyPrint's import) takes longer than this.
        let engine = engine(timeout: .milliseconds(200))
        do {
            _ = try await engine.render(html: Self.html)
            XCTFail("the render should have been stopped")
        } catch let failure as DocumentEngine.Failure {
            XCTAssertTrue(failure.description.contains("took more than"), failure.description)
        }
        XCTAssertNil(engine.worker.pid, "the worker was stopped")
    }
}
