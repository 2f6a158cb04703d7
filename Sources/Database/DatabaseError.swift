/// PostgreSQL errors mapped to what the application can act on.
/// A unique violation becomes a validation message, a lost connection a 503, and so on.
public enum DatabaseError: Error, Sendable, CustomStringConvertible {
    /// SQLSTATE 23505: a value that must be unique already exists. `constraint` names the index.
    case uniqueViolation(constraint: String)
    /// SQLSTATE 23503.
    case foreignKeyViolation(constraint: String)
    /// SQLSTATE 23514 / 23502: the row breaks a CHECK or NOT NULL rule.
    case checkViolation(constraint: String)
    /// SQLSTATE 40001 / 40P01.
    case serializationFailure
    /// The connection to PostgreSQL is gone (server restart, network). The pool replaces it.
    case connectionLost(String)
    /// Could not connect at all.
    case connectFailed(String)
    /// No connection became free within the pool's wait limit.
    case poolTimeout
    /// A column could not be read as the type asked for.
    case decoding(String)
    /// Any other server error, with its SQLSTATE.
    case server(sqlState: String, message: String)

    public var description: String {
        switch self {
        case .uniqueViolation(let c): "unique violation (\(c))"
        case .foreignKeyViolation(let c): "foreign key violation (\(c))"
        case .checkViolation(let c): "check violation (\(c))"
        case .serializationFailure: "serialization failure"
        case .connectionLost(let m): "connection lost: \(m)"
        case .connectFailed(let m): "connect failed: \(m)"
        case .poolTimeout: "timed out waiting for a database connection"
        case .decoding(let m): "decoding: \(m)"
        case .server(let s, let m): "\(s): \(m)"
        }
    }

    /// True when the database as a whole is unreachable or overloaded, rather than the query being wrong.
    public var isUnavailable: Bool {
        switch self {
        case .connectionLost, .connectFailed, .poolTimeout: true
        default: false
        }
    }
}
