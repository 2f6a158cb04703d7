import Domain

/// States and kinds are stored as their raw text (a CHECK constraint in `sql/` lists the values).
/// An enum that declares `SQLDecodable` and `SQLParameter` is read and sent as that text, and a value
/// the enum does not know fails the read instead of turning into a default.
extension SQLDecodable where Self: RawRepresentable, RawValue == String {
    public init?(sqlText: String) { self.init(rawValue: sqlText) }
}

extension SQLParameter where Self: RawRepresentable, RawValue == String {
    public var sqlText: String? { rawValue }
}

extension CaseKind: SQLDecodable, SQLParameter {}
extension CaseState: SQLDecodable, SQLParameter {}
