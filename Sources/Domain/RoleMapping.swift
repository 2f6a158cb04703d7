import Foundation

/// Single sign-on's roles: the provider's groups (a claim of the ID token, e.g. Entra ID's `groups`)
/// give roles through a mapping the administrator edits. The roles a sign-in gives replace those
/// the previous sign-in gave; roles granted in the portal itself stay.
public struct RoleMapping: Sendable, Equatable {
    public struct Rule: Sendable, Equatable, Hashable {
        public let group: String
        public let role: Role
        public init(group: String, role: Role) {
            self.group = group
            self.role = role
        }
    }

    public let rules: [Rule]
    public init(rules: [Rule]) { self.rules = rules }

    /// The roles the groups give (a group is matched exactly, as the provider sends it).
    public func roles(forGroups groups: [String]) -> Set<Role> {
        let given = Set(groups)
        return Set(rules.filter { given.contains($0.group) }.map(\.role))
    }

    /// The longest group name the form accepts (Entra ID sends object ids of 36 characters; AD FS
    /// and the brokers send names).
    public static let maximumGroupLength = 256

    /// A problem with a group name typed in the form, or nil.
    public static func problem(group: String) -> String? {
        if group.isEmpty { return "Skriv gruppens navn eller id, som udbyderen sender det." }
        if group.count > maximumGroupLength { return "Gruppens navn må højst være \(maximumGroupLength) tegn." }
        if group.contains(where: { $0.isNewline || ($0.asciiValue.map { $0 < 0x20 } ?? false) }) {
            return "Gruppens navn må ikke indeholde linjeskift eller styretegn."
        }
        return nil
    }
}

/// A user's roles split by where they come from.
public struct RoleSources: Sendable, Equatable {
    /// Granted in the portal (the administrator's form, `create-admin`).
    public let local: Set<Role>
    /// Given by the provider's groups at the latest sign-in.
    public let provider: Set<Role>

    public init(local: Set<Role>, provider: Set<Role>) {
        self.local = local
        self.provider = provider
    }

    /// From what is stored: `roles` (all) and `providerRoles` (those the last sign-in gave).
    /// A role both granted locally and given by a group counts as the provider's.
    public init(all: Set<Role>, providerRoles: Set<Role>) {
        self.provider = providerRoles
        self.local = all.subtracting(providerRoles)
    }

    public var all: Set<Role> { local.union(provider) }

    /// After a sign-in whose groups give `newProvider`: the local roles stay, the provider's are
    /// replaced (a role whose group the user left is gone).
    public func replacingProvider(with newProvider: Set<Role>) -> RoleSources {
        RoleSources(local: local, provider: newProvider)
    }
}

/// Where an OpenID provider may be: https anywhere, http only on this machine (a test provider).
public enum IssuerPolicy {
    /// Nil when the issuer is acceptable, else why not.
    public static func problem(issuer: String) -> String? {
        guard let url = URL(string: issuer), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            return "OIDC_ISSUER must be an absolute URL such as https://login.microsoftonline.com/<tenant>/v2.0, got '\(issuer)'"
        }
        if url.query != nil || url.fragment != nil { return "OIDC_ISSUER must have no query or fragment, got '\(issuer)'" }
        switch scheme {
        case "https": return nil
        case "http":
            return isLoopback(host) ? nil : "OIDC_ISSUER must use https (http only on loopback, for a test provider), got '\(issuer)'"
        default: return "OIDC_ISSUER must use https, got '\(issuer)'"
        }
    }

    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" { return true }
        let parts = h.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// An endpoint the discovery document names must be as safe as the issuer: https, or http on
    /// loopback when the issuer is.
    public static func endpointAcceptable(_ endpoint: String, issuer: String) -> Bool {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), let host = url.host else { return false }
        if scheme == "https" { return true }
        return scheme == "http" && isLoopback(host) && problem(issuer: issuer) == nil && issuer.lowercased().hasPrefix("http://")
    }
}
