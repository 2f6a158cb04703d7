/// One statement and what its result becomes: the unit a page's reads are sent in, alone
/// (`ConnectionPool.run`) or together in one round trip (`ConnectionPool.pipeline`).
public struct Query<Value>: Sendable {
    public let sql: String
    public let parameters: [any SQLParameter]
    let decode: @Sendable (QueryResult) throws -> Value

    public init(_ sql: String, _ parameters: [any SQLParameter] = [], decode: @escaping @Sendable (QueryResult) throws -> Value) {
        self.sql = sql
        self.parameters = parameters
        self.decode = decode
    }
}

extension ConnectionPool {
    public func run<Value: Sendable>(_ query: Query<Value>) async throws -> Value {
        try query.decode(try await pipeline([(query.sql, query.parameters)])[0])
    }

    /// The queries' values, read in one round trip (libpq's pipeline mode), by the pool's reactor.
    public func pipeline<each Value: Sendable>(_ queries: repeat Query<each Value>) async throws -> (repeat each Value) {
        var statements: [(sql: String, parameters: [any SQLParameter])] = []
        for query in repeat each queries { statements.append((query.sql, query.parameters)) }
        let results = try await pipeline(statements)
        var index = 0
        func next<V>(_ query: Query<V>) throws -> V {
            defer { index += 1 }
            return try query.decode(results[index])
        }
        return (repeat try next(each queries))
    }
}
