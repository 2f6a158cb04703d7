/// A person with an account.
public struct User: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var fullName: String
    public var email: String
    public var roles: Set<Role>
    public var active: Bool
    public var version: Int
    /// The body a director belongs to, e.g. "Regionsdirektørkredsen" ("" for other users).
    public var body = ""

    public init(id: Int64, username: String, fullName: String, email: String, roles: Set<Role>, active: Bool, version: Int) {
        self.id = id
        self.username = username
        self.fullName = fullName
        self.email = email
        self.roles = roles
        self.active = active
        self.version = version
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }
    public func hasAny(_ roles: Set<Role>) -> Bool { !self.roles.isDisjoint(with: roles) }

    /// Usernames: 2–64 of a–z, 0–9, dot, underscore, hyphen (as the database checks too).
    public static func usernameProblem(_ username: String) -> String? {
        let ok =
            (2...64).contains(username.count)
            && username.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
        return ok ? nil : "Brugernavnet skal være 2–64 tegn: små bogstaver a–z, tal, punktum, bindestreg eller understregning."
    }
}
