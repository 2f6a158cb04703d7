/// Rules for passwords (ASVS 2.1): at least 12 characters, at most 128, and not a common password.
public enum PasswordPolicy {
    public static let minimumLength = 12
    /// bcrypt reads at most 72 bytes; a longer password would be cut silently.
    public static let maximumLength = 72

    /// A Danish message when the password is not acceptable, nil when it is.
    public static func problem(with password: String, username: String = "", commonPasswords: Set<String> = []) -> String? {
        if password.count < minimumLength { return "Adgangskoden skal være på mindst \(minimumLength) tegn." }
        if password.contains("\u{0}") { return "Adgangskoden indeholder et ugyldigt tegn." }
        if password.utf8.count > maximumLength {
            return "Adgangskoden må højst være på \(maximumLength) tegn (æ, ø og å tæller som to)."
        }
        let lowered = password.lowercased()
        if !username.isEmpty && lowered.contains(username.lowercased()) {
            return "Adgangskoden må ikke indeholde brugernavnet."
        }
        if commonPasswords.contains(lowered) { return "Adgangskoden er for almindelig. Vælg en anden." }
        return nil
    }
}

/// Login throttling limits: failures per account and per client address within a window.
public enum LoginThrottle {
    public static let windowMinutes = 15
    public static let maxFailuresPerAccount = 5
    public static let maxFailuresPerAddress = 30

    public static func isBlocked(accountFailures: Int, addressFailures: Int) -> Bool {
        accountFailures >= maxFailuresPerAccount || addressFailures >= maxFailuresPerAddress
    }
}

/// Session lifetimes (ASVS 3.3): idle and absolute timeouts.
public enum SessionPolicy {
    public static let idleTimeoutSeconds = 30 * 60
    public static let absoluteTimeoutSeconds = 12 * 60 * 60
    /// `last_seen_at` is written at most this often, so a page view is not a write.
    public static let touchIntervalSeconds = 60

    public static func isExpired(createdAgo: Double, idleFor: Double) -> Bool {
        createdAgo >= Double(absoluteTimeoutSeconds) || idleFor >= Double(idleTimeoutSeconds)
    }
}
