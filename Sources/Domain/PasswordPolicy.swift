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

/// Login throttling that an attacker cannot aim at a user (OWASP's device cookies). A browser that
/// signed in to an account before carries a signed device cookie naming that account: its attempts
/// on that account count against the device alone, never against the account or its address. Every
/// other attempt (an untrusted client) counts against the account, at most `maxFailuresPerAccount`
/// within the window from all addresses together, and against its address. So an attacker's
/// guesses, however many and from wherever, never keep an account's owner out of the browser they
/// signed in with before, and one address's failures never refuse other accounts' trusted browsers.
public enum LoginThrottle {
    public static let windowMinutes = 60
    /// Wrong guesses per account per hour from untrusted clients, all addresses together.
    public static let maxFailuresPerAccount = 20
    /// Wrong guesses per hour from one address by untrusted clients (any accounts).
    public static let maxFailuresPerAddress = 30
    /// Wrong guesses per hour with one device cookie: then that device is locked out too.
    public static let maxFailuresPerDevice = 10

    /// An untrusted client's attempt.
    public static func isBlocked(accountFailures: Int, addressFailures: Int) -> Bool {
        accountFailures >= maxFailuresPerAccount || addressFailures >= maxFailuresPerAddress
    }

    /// An attempt from a browser with a valid device cookie for the account.
    public static func isBlocked(deviceFailures: Int) -> Bool {
        deviceFailures >= maxFailuresPerDevice
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
