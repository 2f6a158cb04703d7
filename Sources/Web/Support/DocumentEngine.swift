import Crypto
import Foundation

/// Turns a document's print HTML into a tagged, archivable PDF by running `scripts/render_pdf.py`
/// (WeasyPrint and pikepdf from PyPI; see the script) with the HTML on its standard input. One
/// process per document: WeasyPrint's start takes about a second of the render, which the render
/// job pays, never a request (see `Documents`).
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

    public init(python: String = "python3", script: String = "scripts/render_pdf.py", staticDirectory: String, timeout: Duration = .seconds(120)) {
        command = [python, script]
        self.staticDirectory = staticDirectory
        self.timeout = timeout
        var hash = SHA256()
        let stylesheets = ((try? FileManager.default.contentsOfDirectory(atPath: staticDirectory + "/css")) ?? [])
            .filter { $0.hasSuffix(".css") }.sorted().map { staticDirectory + "/css/" + $0 }
        for file in [script, (script as NSString).deletingLastPathComponent + "/requirements-pdf.txt"] + stylesheets {
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

    /// The PDF of `html`. Runs off the event loops (on a thread of its own while the process runs).
    public func render(html: String) async throws -> [UInt8] {
        let (command, staticDirectory, timeout) = (self.command, self.staticDirectory, self.timeout)
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        try Self.run(command + ["--static", staticDirectory], input: Array(html.utf8), timeout: timeout)
                    })
            }
        }
    }

    /// Runs `arguments` with `input` on its standard input; its standard output, or a `Failure` with
    /// the end of its standard error when it exits non-zero or outlives `timeout`.
    static func run(_ arguments: [String], input: [UInt8], timeout: Duration) throws -> [UInt8] {
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
            throw Failure(description: "cannot start \(arguments.joined(separator: " ")): \(error)")
        }
        // Writing, reading and the clock each on their own, so that a full pipe never stalls the others.
        let group = DispatchGroup()
        let output = LockedBox(Data())
        let errors = LockedBox(Data())
        group.enter()
        Thread.detachNewThread {
            output.set(stdout.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        group.enter()
        Thread.detachNewThread {
            errors.set(stderr.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        Thread.detachNewThread {
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        let timedOut = LockedBox(false)
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let clock = DispatchWorkItem {
            if process.isRunning {
                timedOut.set(true)
                process.terminate()
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: clock)
        process.waitUntilExit()
        clock.cancel()
        group.wait()
        if timedOut.get() { throw Failure(description: "the PDF engine took more than \(Int(seconds)) s and was stopped") }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.get().suffix(2_000), as: UTF8.self)
            throw Failure(description: "the PDF engine exited with \(process.terminationStatus): \(message)")
        }
        let pdf = [UInt8](output.get())
        guard pdf.starts(with: Array("%PDF-".utf8)) else { throw Failure(description: "the PDF engine wrote no PDF") }
        return pdf
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
