import CLibPQ
import Foundation

/// A value bound to a statement parameter. Everything goes to PostgreSQL as text and is bound,
/// never spliced into SQL.
public protocol SQLParameter: Sendable {
    var sqlText: String? { get }
}

extension String: SQLParameter { public var sqlText: String? { self } }
extension Int: SQLParameter { public var sqlText: String? { String(self) } }
extension Int64: SQLParameter { public var sqlText: String? { String(self) } }
extension Int32: SQLParameter { public var sqlText: String? { String(self) } }
extension Bool: SQLParameter { public var sqlText: String? { self ? "t" : "f" } }
extension Double: SQLParameter { public var sqlText: String? { String(self) } }
extension Optional: SQLParameter where Wrapped: SQLParameter {
    public var sqlText: String? { self?.sqlText }
}
/// A text[] parameter, e.g. roles.
extension Array: SQLParameter where Element == String {
    public var sqlText: String? {
        "{"
            + self.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }
}
/// Binary data, sent as a bytea hex literal.
public struct ByteA: SQLParameter {
    public let bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var sqlText: String? {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 2 + bytes.count * 2)
        out[0] = UInt8(ascii: "\\")
        out[1] = UInt8(ascii: "x")
        for (i, b) in bytes.enumerated() {
            out[2 + 2 * i] = hex[Int(b >> 4)]
            out[3 + 2 * i] = hex[Int(b & 0xF)]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// One libpq connection. Its blocking calls run on the pool's thread pool and its nonblocking
/// pipelines on the pool's reactor thread, by one caller at a time (the pool hands it out
/// exclusively); hence `@unchecked Sendable`.
public final class Connection: @unchecked Sendable {
    private var handle: OpaquePointer?
    /// Prepared statements of this connection, by SQL text.
    private var prepared: [String: String] = [:]
    /// The result columns of prepared statements, by statement name (see `QueryResult`).
    private var resultColumns: [String: ColumnIndex] = [:]
    /// The pool's generation when this connection was opened (see ConnectionPool).
    let generation: Int
    /// Counts statements sent; tests use it to prove a page runs a fixed number of queries.
    public private(set) var statementCount = 0
    /// Statements that succeeded since the connection was last checked out.
    var succeeded = 0

    /// Set when the server refused a write as read-only (SQLSTATE 25006): a standby, or a primary
    /// demoted since this connection was opened. The pool does not keep such a connection.
    private(set) var readOnlyServer = false

    /// What `afterCommit` holds for the open transaction; nil outside `transaction`.
    private var commitActions: [() -> Void]?

    /// Opens a connection with `url`, any connection string libpq accepts. `connectTimeout`
    /// (seconds) applies unless the string or `PGCONNECT_TIMEOUT` sets one: without any, libpq
    /// waits as long as the operating system does (minutes) for a host that does not answer.
    init(url: String, generation: Int, connectTimeout: Int? = nil) throws {
        self.generation = generation
        // The string is expanded as dbname (expand_dbname = 1) after the default timeout, so a
        // connect_timeout in it wins.
        var keywords: [String?] = ["dbname"]
        var values: [String?] = [url]
        if let connectTimeout, ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
            keywords.insert("connect_timeout", at: 0)
            values.insert(String(connectTimeout), at: 0)
        }
        let conn = withCStrings(keywords + [nil]) { k in withCStrings(values + [nil]) { v in PQconnectdbParams(k, v, 1) } }
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let message = conn.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            if let conn { PQfinish(conn) }
            throw DatabaseError.connectFailed(message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        self.handle = conn
        // NOTICEs (e.g. "does not exist, skipping") are not errors: keep them off stderr.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        // Times are stored as timestamptz and shown in Copenhagen time; the session zone only
        // matters for text conversions, which we keep in UTC so decoding never depends on the server.
        // A stuck query or an abandoned transaction must not hold a pool slot forever.
        // Every statement is prepared once per connection; a generic plan then serves every
        // execution. (PostgreSQL's default re-plans, on every execution, the statements whose
        // generic plan it estimates costlier, such as `$2 OR status <> 'draft'`.)
        try self.execute(
            "SET TIME ZONE 'UTC'; SET statement_timeout = '30s'; SET idle_in_transaction_session_timeout = '60s'; "
                + "SET plan_cache_mode = force_generic_plan")
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// True when the connection is not inside a transaction (so it may go back to the pool).
    var isIdleOutsideTransaction: Bool {
        guard let handle else { return false }
        return PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// True when libpq has noticed the connection is gone.
    public var isBroken: Bool {
        guard let handle else { return true }
        return PQstatus(handle) != CONNECTION_OK
    }

    /// Runs one parameterised statement as a prepared statement (prepared once per connection).
    @discardableResult
    public func query(_ sql: String, _ parameters: [any SQLParameter] = []) throws -> QueryResult {
        guard let handle else { throw DatabaseError.connectionLost("closed") }
        let name = try preparedName(sql, parameterCount: parameters.count)
        let texts = try parameterTexts(parameters)
        statementCount += 1
        let result = withCStrings(texts) { pointers in
            PQexecPrepared(handle, name, Int32(texts.count), pointers, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result, sql: sql)
        return QueryResult(result!)
    }

    /// The name of `sql`'s prepared statement on this connection, preparing it on first use.
    private func preparedName(_ sql: String, parameterCount: Int) throws -> String {
        if let existing = prepared[sql] { return existing }
        guard let handle else { throw DatabaseError.connectionLost("closed") }
        let name = "s\(prepared.count)"
        let result = PQprepare(handle, name, sql, Int32(parameterCount), nil)
        defer { PQclear(result) }
        try check(result, sql: sql, isPrepare: true)
        prepared[sql] = name
        return name
    }

    private func parameterTexts(_ parameters: [any SQLParameter]) throws -> [String?] {
        let texts = parameters.map { $0.sqlText }
        // C strings end at NUL: a value with one would be cut short silently. PostgreSQL text cannot hold it anyway.
        if texts.contains(where: { $0?.utf8.contains(0) ?? false }) {
            throw DatabaseError.server(sqlState: "22021", message: "a parameter contains a NUL byte")
        }
        return texts
    }

    /// Runs SQL without parameters, possibly several statements (migrations, seed scripts, BEGIN/COMMIT).
    public func execute(_ sql: String) throws {
        guard let handle else { throw DatabaseError.connectionLost("closed") }
        statementCount += 1
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        try execute("BEGIN")
        commitActions = []
        do {
            let value = try body(self)
            try execute("COMMIT")
            let actions = commitActions ?? []
            commitActions = nil
            for action in actions { action() }
            return value
        } catch {
            commitActions = nil
            if !isBroken { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Runs `action` once the transaction open on this connection (`transaction`) has committed,
    /// and never if it rolls back or its COMMIT fails; outside such a transaction, at once. For
    /// what must only count what was really written (the outbox's metrics).
    public func afterCommit(_ action: @escaping () -> Void) {
        if commitActions != nil { commitActions!.append(action) } else { action() }
    }

    /// Throws the result's error, mapped. `succeeded` counts what may have changed something, so
    /// not a prepare: a statement refused after its prepare succeeded may still be sent again.
    private func check(_ result: OpaquePointer?, sql: String, isPrepare: Bool = false) throws {
        guard let result else {
            throw isBroken ? DatabaseError.connectionLost(errorMessage) : DatabaseError.server(sqlState: "", message: errorMessage)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            if !isPrepare { succeeded += 1 }
            return
        default:
            if isBroken { throw DatabaseError.connectionLost(errorMessage) }
            let state = field(result, 67)  // PG_DIAG_SQLSTATE 'C'
            let constraint = field(result, 110)  // PG_DIAG_CONSTRAINT_NAME 'n'
            let message = field(result, 77)  // PG_DIAG_MESSAGE_PRIMARY 'M'
            switch state {
            case "23505": throw DatabaseError.uniqueViolation(constraint: constraint)
            case "23503": throw DatabaseError.foreignKeyViolation(constraint: constraint)
            case "23514", "23502": throw DatabaseError.checkViolation(constraint: constraint.isEmpty ? message : constraint)
            case "40001", "40P01": throw DatabaseError.serializationFailure
            case let s where s.hasPrefix("08") || s == "57P01" || s == "57P02" || s == "57P03":
                throw DatabaseError.connectionLost(message)
            case "25006":
                // A write refused by a read-only server: this connection reached a standby (a
                // multi-host DATABASE_URL without target_session_attrs=read-write) or a demoted
                // primary. Nothing was written; the pool drops the connection, and opens a new one,
                // which libpq takes to a writable host.
                readOnlyServer = true
                throw DatabaseError.connectionLost("read-only server: \(message)")
            default: throw DatabaseError.server(sqlState: state, message: message)
            }
        }
    }

    private var errorMessage: String {
        guard let handle else { return "closed" }
        return String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func field(_ result: OpaquePointer, _ code: Int32) -> String {
        guard let p = PQresultErrorField(result, code) else { return "" }
        return String(cString: p)
    }
}

// MARK: - Nonblocking pipelines (sent and read by `PipelineReactor`)

/// A pipeline sent with libpq's nonblocking calls, read as its answers arrive.
struct PendingPipeline {
    enum Step {
        case prepare(sql: String, name: String)
        case statement(index: Int, name: String)
    }

    let sqls: [String]
    var steps: [Step] = []
    var position = 0
    /// The current step's result was read; the NULL that ends it comes next.
    var resultRead = false
    var results: [QueryResult?]
    var firstError: (any Error)?
}

extension Connection {
    /// The connection's socket, to wait on with poll(2).
    var socket: Int32 { handle.map { PQsocket($0) } ?? -1 }

    /// Sends the statements without waiting, preparing the ones new to this connection in the same
    /// pipeline. Any failure here leaves the connection closed (the pool drops it).
    func sendPipeline(_ statements: [(sql: String, parameters: [any SQLParameter])]) throws -> PendingPipeline {
        guard let handle else { throw DatabaseError.connectionLost("closed") }
        let texts = try statements.map { try parameterTexts($0.parameters) }
        var pending = PendingPipeline(sqls: statements.map(\.sql), results: Array(repeating: nil, count: statements.count))
        do {
            guard PQsetnonblocking(handle, 1) == 0, PQenterPipelineMode(handle) == 1 else { throw DatabaseError.connectionLost(errorMessage) }
            var preparing: [String: String] = [:]
            for (i, statement) in statements.enumerated() {
                let name: String
                if let known = prepared[statement.sql] ?? preparing[statement.sql] {
                    name = known
                } else {
                    name = "s\(prepared.count + preparing.count)"
                    guard PQsendPrepare(handle, name, statement.sql, Int32(statement.parameters.count), nil) == 1 else {
                        throw DatabaseError.connectionLost(errorMessage)
                    }
                    preparing[statement.sql] = name
                    pending.steps.append(.prepare(sql: statement.sql, name: name))
                }
                let sent = withCStrings(texts[i]) { PQsendQueryPrepared(handle, name, Int32(texts[i].count), $0, nil, nil, 0) }
                guard sent == 1 else { throw DatabaseError.connectionLost(errorMessage) }
                pending.steps.append(.statement(index: i, name: name))
            }
            guard PQpipelineSync(handle) == 1 else { throw DatabaseError.connectionLost(errorMessage) }
        } catch {
            close()
            throw error
        }
        statementCount += statements.count
        return pending
    }

    /// Sends what libpq could not send at once; true when all of it is out.
    func flushPipeline() throws -> Bool {
        guard let handle else { throw DatabaseError.connectionLost("closed") }
        switch PQflush(handle) {
        case 0: return true
        case 1: return false
        default:
            let message = errorMessage
            close()
            throw DatabaseError.connectionLost(message)
        }
    }

    /// Reads what has arrived. Returns the results once the pipeline's end is read (throwing the
    /// first statement's error, if any: the connection is then fine again), nil while more is to come.
    func readPipeline(_ pending: inout PendingPipeline) throws -> [QueryResult]? {
        guard let handle else { throw DatabaseError.connectionLost("closed") }
        guard PQconsumeInput(handle) == 1 else {
            let message = errorMessage
            close()
            throw DatabaseError.connectionLost(message)
        }
        while PQisBusy(handle) == 0 {
            guard let result = PQgetResult(handle) else {
                // The end of a step's results; a NULL where none is expected means: wait for more.
                guard pending.resultRead else { return nil }
                pending.resultRead = false
                pending.position += 1
                continue
            }
            defer { PQclear(result) }
            if PQresultStatus(result) == PGRES_PIPELINE_SYNC {
                PQexitPipelineMode(handle)
                PQsetnonblocking(handle, 0)
                if let error = pending.firstError { throw error }
                return pending.results.map { $0! }
            }
            guard pending.position < pending.steps.count else {
                close()
                throw DatabaseError.connectionLost("unexpected result in a pipeline")
            }
            do {
                switch pending.steps[pending.position] {
                case .prepare(let sql, let name):
                    try check(result, sql: sql, isPrepare: true)
                    prepared[sql] = name
                case .statement(let index, let name):
                    try check(result, sql: pending.sqls[index])
                    let cached = resultColumns[name]
                    let read = QueryResult(result, columns: cached)
                    if cached == nil { resultColumns[name] = read.index }
                    pending.results[index] = read
                }
            } catch {
                pending.firstError = pending.firstError ?? error
            }
            pending.resultRead = true
        }
        return nil
    }

    /// Closes the connection for good (it is then `isBroken`).
    func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }
}

/// Calls `body` with C strings for each optional String (nil stays NULL), valid for the call only.
private func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } ?? nil }
    defer { for p in pointers { free(p) } }
    return pointers.withUnsafeMutableBufferPointer { buffer in
        body(buffer.map { $0.map { UnsafePointer($0) } })
    }
}

extension Date: SQLParameter {
    /// ISO 8601 in UTC with milliseconds, which PostgreSQL reads as timestamptz.
    public var sqlText: String? {
        self.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
