import Foundation
import XCTest

/// Shuts down what a test opened (pools, an app's thread pools) when the test ends, before the
/// next one starts, even when the test threw halfway or left its shutdown to an unstructured
/// `Task` that would otherwise run while the next test is already running.
///
/// An XCTest observer runs every shutdown registered during a test when that test case finishes
/// (after its `tearDown`), and waits for them. Shutting down twice is harmless: the test's own
/// `shutdown()` may run too.
public enum TestLifetime {
    /// Registers `shutdown` to run when the current test ends.
    public static func shutDownAtTheEnd(_ shutdown: @escaping @Sendable () async -> Void) {
        Observer.shared.register(shutdown)
    }

    private final class Observer: NSObject, XCTestObservation, @unchecked Sendable {
        static let shared: Observer = {
            let observer = Observer()
            XCTestObservationCenter.shared.addTestObserver(observer)
            return observer
        }()

        private let lock = NSLock()
        private var pending: [@Sendable () async -> Void] = []

        func register(_ shutdown: @escaping @Sendable () async -> Void) {
            lock.withLock { pending.append(shutdown) }
        }

        func testCaseDidFinish(_ testCase: XCTestCase) {
            let shutdowns = lock.withLock {
                defer { pending = [] }
                return pending
            }
            guard !shutdowns.isEmpty else { return }
            // XCTest calls observers synchronously on its own thread; the shutdowns run on the
            // concurrency pool and NIO's threads, never on this one, so waiting here cannot deadlock.
            let done = DispatchSemaphore(value: 0)
            Task.detached {
                for shutdown in shutdowns { await shutdown() }
                done.signal()
            }
            done.wait()
        }
    }
}
