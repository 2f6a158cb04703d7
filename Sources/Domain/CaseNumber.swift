/// A case number of the form `EMN-YYYY-NNNNN`: four or five digits after the year
/// (the seed has both `EMN-2022-00443` and `EMN-2018-0274`).
public struct CaseNumber: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init?(_ text: String) {
        let t = text.trimmingWhitespace().uppercased()
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "EMN",
            parts[1].count == 4, parts[1].allSatisfy(\.isASCIIDigit),
            (4...5).contains(parts[2].count), parts[2].allSatisfy(\.isASCIIDigit)
        else { return nil }
        self.value = t
    }

    public var description: String { value }

    public static let formatHint = "Skriv sagsnummeret som EMN-ÅÅÅÅ-NNNNN, fx EMN-2022-00443."
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    /// Trims spaces, tabs and newlines at both ends (without Foundation).
    public func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
