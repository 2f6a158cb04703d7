import CLibPQ

/// A libpq connection string, as `DATABASE_URL` holds it: a URI, also with several hosts
/// (`postgresql://h1:5432,h2:5432/raadsportal?target_session_attrs=read-write`), or `key=value`
/// pairs (`host=h1,h2 dbname=raadsportal`). What it leaves out, libpq takes from the PG* variables
/// (`PGPASSWORD`, `PGSSLMODE`, …) and its own defaults. libpq reads it (`PQconninfoParse`), so
/// whatever libpq accepts is accepted here, and nothing else.
public enum ConnectionString {
    /// The settings libpq reads from `conninfo` (keyword → value), or libpq's complaint.
    public static func settings(_ conninfo: String) -> Result<[String: String], ParseError> {
        var message: UnsafeMutablePointer<CChar>? = nil
        guard let options = PQconninfoParse(conninfo, &message) else {
            let text = message.map { String(cString: $0) } ?? "out of memory"
            if let message { PQfreemem(message) }
            return .failure(ParseError(message: text.split(whereSeparator: \.isNewline).joined(separator: " ")))
        }
        defer { PQconninfoFree(options) }
        var settings: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { settings[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return .success(settings)
    }

    public struct ParseError: Error, Sendable {
        public let message: String
    }

    /// Why libpq could never connect with `conninfo`, in one line that does not show its password;
    /// nil when it can be used. Beside the grammar (libpq's own check) it checks the values libpq
    /// otherwise only refuses when it connects: the ports, their number, `target_session_attrs`
    /// and `connect_timeout`.
    public static func problem(_ conninfo: String, name: String = "DATABASE_URL") -> String? {
        let example = "e.g. postgresql://user@host:5432/raadsportal or host=… dbname=…"
        let settings: [String: String]
        switch Self.settings(conninfo) {
        case .failure(let error):
            // libpq's message quotes the text it stumbled on, which may be the password.
            if mayHoldPassword(conninfo) {
                return "\(name) is not a connection string libpq accepts (its message is not shown: the string holds a password); "
                    + "check its quoting and %-encoding, \(example)"
            }
            return "\(name) is not a connection string libpq accepts: \(error.message) (got '\(conninfo)'; \(example))"
        case .success(let s): settings = s
        }
        let shown = redacted(conninfo)
        let hosts = (settings["host"] ?? settings["hostaddr"] ?? "").split(separator: ",", omittingEmptySubsequences: false)
        if let ports = settings["port"] {
            let list = ports.split(separator: ",", omittingEmptySubsequences: false)
            for port in list where !port.isEmpty {
                guard let n = Int(port), (1...65535).contains(n) else {
                    return "\(name) has port '\(port)', not a number from 1 to 65535 (got '\(shown)')"
                }
            }
            if list.count > 1 && list.count != hosts.count {
                return "\(name) names \(hosts.count) host(s) but \(list.count) ports: give one port, or one per host (got '\(shown)')"
            }
        }
        let sessionAttributes = ["any", "read-write", "read-only", "primary", "standby", "prefer-standby"]
        if let attrs = settings["target_session_attrs"], !sessionAttributes.contains(attrs) {
            return "\(name) has target_session_attrs '\(attrs)'; libpq knows \(sessionAttributes.joined(separator: ", ")) (got '\(shown)')"
        }
        if let timeout = settings["connect_timeout"], Int(timeout) == nil {
            return "\(name) has connect_timeout '\(timeout)', not a number of seconds (got '\(shown)')"
        }
        return nil
    }

    /// `conninfo` in the form it was given, its password (in a URI's user part, a `password`
    /// query parameter or a `password=` pair) shown as `***`, for messages and logs.
    public static func redacted(_ conninfo: String) -> String {
        guard case .success(let settings) = Self.settings(conninfo) else {
            return mayHoldPassword(conninfo) ? "(a connection string that holds a password; not shown)" : conninfo
        }
        guard settings["password"] != nil else { return conninfo }
        let masked = isURI(conninfo) ? maskURI(conninfo) : maskPairs(conninfo)
        if case .success(let check) = Self.settings(masked), check["password"] == "***" { return masked }
        // Some form the masks above do not know: the settings themselves, as key=value pairs.
        return settings.sorted { $0.key < $1.key }
            .map { "\($0.key)='\($0.key == "password" ? "***" : $0.value.replacingOccurrences(of: "'", with: "\\'"))'" }
            .joined(separator: " ")
    }

    private static func isURI(_ s: String) -> Bool {
        s.hasPrefix("postgresql://") || s.hasPrefix("postgres://")
    }

    /// A conservative guess for a string libpq could not read: might it hold a password?
    private static func mayHoldPassword(_ s: String) -> Bool {
        if s.lowercased().contains("password") { return true }
        guard isURI(s), let scheme = s.range(of: "://") else { return false }
        let authority = s[scheme.upperBound...].prefix { $0 != "/" }
        guard let at = authority.firstIndex(of: "@") else { return false }
        return authority[..<at].contains(":")
    }

    /// A URI's password: the user part's text after `:` (libpq takes the first `@` before the
    /// first `/` as the end of the user part), and `password=` in the query.
    private static func maskURI(_ s: String) -> String {
        var out = s
        if let scheme = out.range(of: "://") {
            let rest = out[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            if let at = rest[..<authorityEnd].firstIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                out.replaceSubrange(out.index(after: colon)..<at, with: "***")
            }
        }
        guard let question = out.firstIndex(of: "?") else { return out }
        let query = out[out.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("password=") ? "password=***" : String($0) }
        return String(out[...question]) + query.joined(separator: "&")
    }

    /// `password = value` in key=value pairs, read as libpq reads them: a value is either quoted
    /// ('…', with \' and \\) or runs to the next space (with backslash escapes).
    private static func maskPairs(_ s: String) -> String {
        let chars = Array(s)
        var out = ""
        var i = 0
        func skipSpaces() {
            while i < chars.count, chars[i].isWhitespace {
                out.append(chars[i])
                i += 1
            }
        }
        while i < chars.count {
            skipSpaces()
            var key = ""
            while i < chars.count, chars[i] != "=", !chars[i].isWhitespace {
                key.append(chars[i])
                i += 1
            }
            out += key
            skipSpaces()
            guard i < chars.count, chars[i] == "=" else { break }
            out.append("=")
            i += 1
            skipSpaces()
            var value = ""
            if i < chars.count, chars[i] == "'" {
                value.append(chars[i])
                i += 1
                while i < chars.count, chars[i] != "'" {
                    if chars[i] == "\\", i + 1 < chars.count {
                        value.append(chars[i])
                        i += 1
                    }
                    value.append(chars[i])
                    i += 1
                }
                if i < chars.count {
                    value.append(chars[i])
                    i += 1
                }
            } else {
                while i < chars.count, !chars[i].isWhitespace {
                    if chars[i] == "\\", i + 1 < chars.count {
                        value.append(chars[i])
                        i += 1
                    }
                    value.append(chars[i])
                    i += 1
                }
            }
            out += key == "password" ? "***" : value
        }
        if i < chars.count { out += String(chars[i...]) }
        return out
    }
}
