import Crypto
import Foundation

/// Turns a document's print HTML into a tagged, archivable PDF with `scripts/render_pdf.py`
/// (WeasyPrint and pikepdf from PyPI; see the script), run as a long-lived worker (`--serve`, see
/// `RenderWorker`): WeasyPrint's import and first font lookup, about 0.6 s of CPU and half of a
/// letter's render, are paid once per worker instead of once per document. Renders are the job
/// runner's work, never a request's (see `Documents`).
public struct DocumentEngine: Sendable {
    /// The interpreter and the script, e.g. `["python3", "scripts/render_pdf.py"]`.
    public let command: [String]
    /// The folder the stylesheets are read from (`Public/`).
    public let staticDirectory: String
    /// A render that takes longer is stopped and fails.
    public let timeout: Duration
    /// A digest of the script, the engine's pinned versions (`scripts/requirements-pdf.txt`) and the
    /// stylesheets: part of every document's stamp, so a new engine or layout renders every
    /// document again.
    public let identity: String
    /// The worker process, started at the first render.
    let worker: RenderWorker
    /// A second worker for what a request waits on (the board book's per-reader stamp), so that a
    /// long render or book build in the first never holds up a download.
    let requestWorker: RenderWorker

    public init(python: String = "python3", script: String = "scripts/render_pdf.py", staticDirectory: String, timeout: Duration = .seconds(120)) {
        command = [python, script]
        self.staticDirectory = staticDirectory
        self.timeout = timeout
        worker = RenderWorker(arguments: command + ["--static", staticDirectory, "--serve"])
        requestWorker = RenderWorker(arguments: command + ["--static", staticDirectory, "--serve"])
        var hash = SHA256()
        let stylesheets = ((try? FileManager.default.contentsOfDirectory(atPath: staticDirectory + "/css")) ?? [])
            .filter { $0.hasSuffix(".css") }.sorted().map { staticDirectory + "/css/" + $0 }
        let folder = (script as NSString).deletingLastPathComponent
        for file in [script, folder + "/book.py", folder + "/requirements-pdf.txt"] + stylesheets {
            hash.update(data: Data(file.utf8))
            hash.update(data: FileManager.default.contents(atPath: file) ?? Data())
        }
        identity = String(Self.hex(hash.finalize()).prefix(16))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The stamp of a document version: its print HTML and the engine, digested. Every instance
    /// computes the same one from the same data.
    public func stamp(html: String) -> String {
        var hash = SHA256()
        hash.update(data: Data(identity.utf8))
        hash.update(data: Data(html.utf8))
        return Self.hex(hash.finalize())
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The PDF of `html`. Runs off the event loops (on a thread of its own while the worker renders).
    public func render(html: String) async throws -> [UInt8] {
        let (worker, timeout) = (self.worker, self.timeout)
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try worker.render(Array(html.utf8), timeout: timeout) })
            }
        }
    }
}

extension DocumentEngine {
    /// One of the board book's operations (`scripts/book.py`): a JSON request, a JSON answer. Runs
    /// in the render worker (a job's work) or, with `forRequest`, in the request worker.
    func operation(_ request: [String: Any], forRequest: Bool = false) async throws -> [String: Any] {
        let payload = Array(try JSONSerialization.data(withJSONObject: request))
        let (worker, timeout) = (forRequest ? requestWorker : self.worker, self.timeout)
        let answer = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try worker.call(payload, timeout: timeout) })
            }
        }
        guard let object = try JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any] else {
            throw DocumentEngine.Failure(description: "the PDF engine's answer is not a JSON object")
        }
        return object
    }

    /// The book with `name` across each of `pages` (1-based), for one reader.
    func stampBook(_ pdf: [UInt8], name: String, pages: [Int]) async throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("raadsportal-stamp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.pdf")
        let output = folder.appendingPathComponent("out.pdf")
        try Data(pdf).write(to: input)
        _ = try await operation(["op": "stamp", "in": input.path, "out": output.path, "name": name, "pages": pages], forRequest: true)
        guard let stamped = FileManager.default.contents(atPath: output.path) else {
            throw DocumentEngine.Failure(description: "the PDF engine wrote no stamped book")
        }
        return Array(stamped)
    }
}

/// `render_pdf.py --serve`, one process kept between documents: a request is the HTML's length
/// (4 bytes, big-endian) and the HTML on its standard input; the answer on its standard output is
/// "K" (a PDF) or "E" (the error's text), a length and the bytes. One render at a time. The worker
/// is started at the first render and started again after it died, after a render that outlived
/// its timeout (it is stopped), after `rendersPerWorker` documents (whatever WeasyPrint keeps
/// between documents is let go), and after `idleSeconds` without a render (its memory returned).
final class RenderWorker: @unchecked Sendable {
    let arguments: [String]
    static let rendersPerWorker = 50
    static let idleSeconds = 600.0

    private let lock = NSLock()
    private var process: Process?
    private var input: FileHandle?
    private var output: FileHandle?
    /// The end of the worker's standard error (WeasyPrint's warnings, a crash's traceback).
    private var errors = LockedBox(Data())
    private var renders = 0
    private var idle: DispatchWorkItem?

    init(arguments: [String]) {
        self.arguments = arguments
        // Writing to a worker that has just died must fail the write, not end the app.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit { stop() }

    /// The running worker's process id (tests).
    var pid: Int32? { lock.withLock { process?.isRunning == true ? process?.processIdentifier : nil } }

    func render(_ html: [UInt8], timeout: Duration) throws -> [UInt8] {
        let body = try call(html, timeout: timeout)
        guard body.starts(with: Array("%PDF-".utf8)) else { throw DocumentEngine.Failure(description: "the PDF engine wrote no PDF") }
        return body
    }

    /// One request (HTML, or a board book's JSON operation) and the worker's answer's bytes.
    func call(_ html: [UInt8], timeout: Duration) throws -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        idle?.cancel()
        if process?.isRunning != true || renders >= Self.rendersPerWorker {
            stopLocked()
            try start()
        }
        renders += 1
        guard let process, let input, let output else { throw DocumentEngine.Failure(description: "the PDF engine is not running") }
        let timedOut = LockedBox(false)
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let clock = DispatchWorkItem {
            if process.isRunning {
                timedOut.set(true)
                Self.terminate(process)
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: clock)
        defer { clock.cancel() }
        do {
            var length = UInt32(html.count).bigEndian
            try input.write(contentsOf: Data(bytes: &length, count: 4) + Data(html))
            let header = try Self.read(output, count: 5)
            let size = header[1...].reduce(0) { $0 << 8 | Int($1) }
            let body = try Self.read(output, count: size)
            if header[0] == UInt8(ascii: "E") {
                throw DocumentEngine.Failure(description: "the PDF engine failed: \(String(decoding: body, as: UTF8.self))")
            }
            guard header[0] == UInt8(ascii: "K") else { throw DocumentEngine.Failure(description: "the PDF engine wrote no answer") }
            scheduleIdleStop()
            return body
        } catch let failure as DocumentEngine.Failure where !timedOut.get() && process.isRunning {
            scheduleIdleStop()
            throw failure
        } catch {
            // The worker died, was stopped by the clock, or its answer broke off: a new one next time.
            stopLocked()
            if timedOut.get() { throw DocumentEngine.Failure(description: "the PDF engine took more than \(timeout) and was stopped") }
            let message = String(decoding: errors.get().suffix(2_000), as: UTF8.self)
            throw DocumentEngine.Failure(description: "the PDF engine stopped (\(error)): \(message)")
        }
    }

    /// Exactly `count` bytes, or an error at the end of the stream.
    static func read(_ handle: FileHandle, count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            guard let chunk = try handle.read(upToCount: count - bytes.count), !chunk.isEmpty else {
                throw DocumentEngine.Failure(description: "the PDF engine's answer ended after \(bytes.count) of \(count) bytes")
            }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    private func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw DocumentEngine.Failure(description: "cannot start \(arguments.joined(separator: " ")): \(error)")
        }
        // Its standard error is read all along (a full pipe would stall it); the end is kept.
        let errors = LockedBox(Data())
        Thread.detachNewThread {
            let handle = stderr.fileHandleForReading
            while let chunk = try? handle.read(upToCount: 4_096), !chunk.isEmpty {
                errors.set((errors.get() + chunk).suffix(4_000))
            }
        }
        self.process = process
        self.input = stdin.fileHandleForWriting
        self.output = stdout.fileHandleForReading
        self.errors = errors
        renders = 0
    }

    private func scheduleIdleStop() {
        let item = DispatchWorkItem { [weak self] in self?.stop() }
        idle = item
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.idleSeconds, execute: item)
    }

    /// Ends the worker: the end of its input (it exits), and SIGKILL if it is still running.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        stopLocked()
    }

    /// SIGKILL to the worker's process group (Foundation starts a child as the leader of a group of
    /// its own), so that whatever a launcher started stops too. Not SIGTERM: the app ignores it for
    /// its graceful shutdown (swift-service-lifecycle), a child inherits that, and a render told to
    /// stop with Process.terminate() went on to its end.
    static func terminate(_ process: Process) {
        kill(-process.processIdentifier, SIGKILL)
    }

    private func stopLocked() {
        try? input?.close()
        if let process, process.isRunning { Self.terminate(process) }
        try? output?.close()
        process = nil
        input = nil
        output = nil
    }
}

/// A value shared between the threads of one render.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func set(_ new: Value) { lock.withLock { value = new } }
    func get() -> Value { lock.withLock { value } }
}
