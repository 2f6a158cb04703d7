import AsyncHTTPClient
import Crypto
import Domain
import Foundation
import JWTKit
import NIOCore
import NIOFoundationCompat

/// Single sign-on by OpenID Connect (authorization code flow with PKCE, state and nonce), read
/// from the environment:
///
/// | variable | meaning |
/// |---|---|
/// | `OIDC_ISSUER` | the provider's issuer (its discovery document is `<issuer>/.well-known/openid-configuration`); https, or http on loopback |
/// | `OIDC_CLIENT_ID` | the portal's client id at the provider |
/// | `OIDC_CLIENT_SECRET` | its secret (sent as client_secret_basic); empty for a public client (PKCE alone) |
/// | `OIDC_GROUPS_CLAIM` | the ID token's claim with the user's groups (default `groups`) |
/// | `OIDC_SCOPES` | the scopes asked for (default `openid profile email`) |
/// | `OIDC_NAME` | the provider's name on the login button (default `organisationens konto`) |
/// | `LOCAL_LOGIN` | `on` (default) or `off`: with `off` only single sign-on logs in (needs `OIDC_ISSUER`) |
public struct OIDCSettings: Sendable, Equatable {
    public var issuer: String
    public var clientID: String
    public var clientSecret: String = ""
    public var groupsClaim: String = "groups"
    public var scopes: String = "openid profile email"
    public var displayName: String = "organisationens konto"
    /// The clock difference tolerated on exp/iat (seconds).
    public var leeway: TimeInterval = 60
    /// Tests only (`OIDC_CLOCK_OFFSET_SECONDS`): the portal's clock is taken as this far ahead,
    /// so a provider's real token can be seen expired.
    public var clockOffset: TimeInterval = 0

    public init(issuer: String, clientID: String) {
        self.issuer = issuer
        self.clientID = clientID
    }

    /// Reads the OIDC_* variables and LOCAL_LOGIN into `config`.
    static func apply(_ env: [String: String], to config: inout AppConfig) throws {
        if let v = env["LOCAL_LOGIN"], !v.isEmpty {
            guard ["on", "off"].contains(v) else { throw ConfigError("LOCAL_LOGIN must be on or off, got '\(v)'") }
            config.localLogin = v == "on"
        }
        guard let issuer = env["OIDC_ISSUER"], !issuer.isEmpty else {
            if !config.localLogin { throw ConfigError("LOCAL_LOGIN=off needs single sign-on: set OIDC_ISSUER and OIDC_CLIENT_ID") }
            return
        }
        if let problem = IssuerPolicy.problem(issuer: issuer) { throw ConfigError(problem) }
        guard let clientID = env["OIDC_CLIENT_ID"], !clientID.isEmpty else { throw ConfigError("OIDC_CLIENT_ID must be set with OIDC_ISSUER") }
        // The issuer is compared with the token's iss exactly as configured (Entra ID's has no
        // trailing slash, some providers' have one).
        var s = OIDCSettings(issuer: issuer, clientID: clientID)
        if let v = env["OIDC_CLIENT_SECRET"] { s.clientSecret = v }
        if let v = env["OIDC_GROUPS_CLAIM"], !v.isEmpty { s.groupsClaim = v }
        if let v = env["OIDC_SCOPES"], !v.isEmpty {
            guard v.split(separator: " ").contains("openid") else { throw ConfigError("OIDC_SCOPES must include openid, got '\(v)'") }
            s.scopes = v
        }
        if let v = env["OIDC_NAME"], !v.isEmpty { s.displayName = String(v.prefix(80)) }
        if let v = env["OIDC_CLOCK_OFFSET_SECONDS"], !v.isEmpty {
            guard let n = Double(v) else { throw ConfigError("OIDC_CLOCK_OFFSET_SECONDS must be a number, got '\(v)'") }
            s.clockOffset = n
        }
        config.oidc = s
    }

    /// The issuer's origin (scheme, host, port), which the logout's redirect leads to.
    public var issuerOrigin: String {
        guard let url = URL(string: issuer), let scheme = url.scheme, let host = url.host else { return "" }
        return scheme + "://" + host + (url.port.map { ":\($0)" } ?? "")
    }

    /// The discovery document's address.
    public var discoveryURL: String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
    }
}

/// Why a sign-in by the provider was refused. The message is for the log and the audit log; the
/// user sees a general Danish page.
public enum OIDCError: Error, Equatable, CustomStringConvertible {
    case malformedToken
    case badSignature
    case unknownKey
    case wrongIssuer(String)
    case wrongAudience([String])
    case wrongAuthorizedParty(String)
    case expired
    case issuedInTheFuture
    case nonceMismatch
    case missingSubject
    case unknownState
    case providerError(String)
    case provider(String)

    public var description: String {
        switch self {
        case .malformedToken: "ID-token kunne ikke læses"
        case .badSignature: "ID-tokenets signatur er forkert"
        case .unknownKey: "ID-tokenet er signeret med en nøgle, udbyderen ikke har offentliggjort"
        case .wrongIssuer(let iss): "ID-tokenet er udstedt af en anden (\(iss))"
        case .wrongAudience(let aud): "ID-tokenet er til en anden klient (\(aud.joined(separator: ", ")))"
        case .wrongAuthorizedParty(let azp): "ID-tokenet er givet til en anden klient (azp \(azp))"
        case .expired: "ID-tokenet er udløbet"
        case .issuedInTheFuture: "ID-tokenet er udstedt i fremtiden"
        case .nonceMismatch: "ID-tokenets nonce passer ikke til login-forsøget"
        case .missingSubject: "ID-tokenet mangler sub"
        case .unknownState: "ukendt, brugt eller udløbet state"
        case .providerError(let e): "udbyderen svarede med fejl: \(e)"
        case .provider(let e): "udbyderen kunne ikke nås eller svarede uventet: \(e)"
        }
    }

    /// A short code for the audit log and the command line.
    public var code: String {
        switch self {
        case .malformedToken: "malformed"
        case .badSignature: "signature"
        case .unknownKey: "unknown-key"
        case .wrongIssuer: "issuer"
        case .wrongAudience: "audience"
        case .wrongAuthorizedParty: "azp"
        case .expired: "expired"
        case .issuedInTheFuture: "iat"
        case .nonceMismatch: "nonce"
        case .missingSubject: "sub"
        case .unknownState: "state"
        case .providerError: "provider-error"
        case .provider: "provider"
        }
    }
}

/// What the portal takes from a checked ID token.
public struct IDTokenClaims: Sendable, Equatable {
    public let issuer: String
    public let subject: String
    public let audience: [String]
    public let expires: Date
    public let name: String
    public let email: String
    public let preferredUsername: String
    public let groups: [String]
}

/// The ID token's checks (OpenID Connect Core 1.0, 3.1.3.7): signature by a key of the provider's
/// JWKS (jwt-kit; an unsigned or HMAC token has no key there), issuer, audience (and azp when
/// there are several), expiry and issue time with a leeway, and the nonce of this sign-in.
public enum IDTokenVerifier {
    /// The registered claims; the rest (the groups claim is configurable) is read from the JSON.
    struct Payload: JWTPayload {
        var iss: String?
        var sub: String?
        var aud: AudienceClaim?
        var exp: Double?
        var iat: Double?
        var nonce: String?
        var azp: String?
        var name: String?
        var email: String?
        var preferred_username: String?
        // The signature is jwt-kit's; the claims are checked below against this sign-in.
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    public static func verify(
        _ token: String, keys: JWTKeyCollection, issuer: String, clientID: String, nonce: String, groupsClaim: String,
        now: Date, leeway: TimeInterval = 60
    ) async throws -> IDTokenClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.count < 64 * 1024 else { throw OIDCError.malformedToken }
        let payload: Payload
        do {
            payload = try await keys.verify(token, as: Payload.self)
        } catch let error as JWTError {
            switch error.errorType {
            case .signatureVerificationFailed: throw OIDCError.badSignature
            case .unknownKID, .missingKIDHeader, .noKeyProvided, .unsupportedAlgorithm, .signingAlgorithmFailure: throw OIDCError.unknownKey
            default: throw OIDCError.malformedToken
            }
        } catch {
            throw OIDCError.malformedToken
        }
        guard payload.iss == issuer else { throw OIDCError.wrongIssuer(payload.iss ?? "") }
        let audience = payload.aud?.value ?? []
        guard audience.contains(clientID) else { throw OIDCError.wrongAudience(audience) }
        if audience.count > 1 || payload.azp != nil, let azp = payload.azp, azp != clientID { throw OIDCError.wrongAuthorizedParty(azp) }
        guard let exp = payload.exp, now.timeIntervalSince1970 < exp + leeway else { throw OIDCError.expired }
        if let iat = payload.iat, iat > now.timeIntervalSince1970 + leeway { throw OIDCError.issuedInTheFuture }
        guard let tokenNonce = payload.nonce, !nonce.isEmpty,
            tokenNonce.utf8.count == nonce.utf8.count, Data(tokenNonce.utf8).constantTimeEquals(Data(nonce.utf8))
        else { throw OIDCError.nonceMismatch }
        guard let sub = payload.sub, !sub.isEmpty, sub.count <= 255 else { throw OIDCError.missingSubject }
        return IDTokenClaims(
            issuer: issuer, subject: sub, audience: audience, expires: Date(timeIntervalSince1970: exp),
            name: payload.name ?? "", email: payload.email ?? "", preferredUsername: payload.preferred_username ?? "",
            groups: groups(in: String(parts[1]), claim: groupsClaim))
    }

    /// The groups claim: an array of strings, or one string.
    static func groups(in payloadPart: String, claim: String) -> [String] {
        guard let data = Data(base64URL: payloadPart),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        switch object[claim] {
        case let list as [Any]:
            return list.compactMap { $0 as? String }.filter { !$0.isEmpty }.map { String($0.prefix(RoleMapping.maximumGroupLength)) }
        case let one as String: return one.isEmpty ? [] : [one]
        default: return []
        }
    }
}

extension Data {
    init?(base64URL s: String) {
        var b = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        b += String(repeating: "=", count: (4 - b.count % 4) % 4)
        self.init(base64Encoded: b)
    }

    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    func constantTimeEquals(_ other: Data) -> Bool {
        guard count == other.count else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(self, other) { diff |= a ^ b }
        return diff == 0
    }
}

/// PKCE (RFC 7636): a random verifier and its S256 challenge.
enum PKCE {
    static func verifier() -> String {
        var bytes = [UInt8](repeating: 0, count: 48)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        return Data(bytes).base64URL
    }

    static func challenge(for verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URL
    }
}

/// The provider as the portal talks to it: the discovery document and the JWKS (fetched when
/// first needed, kept for an hour; the JWKS again at once, at most every 30 seconds, when a token
/// names a key it lacks — the provider rotated its keys), the authorization request and the token
/// request. One per process.
public actor OIDCProvider {
    public struct Discovery: Sendable, Decodable {
        let issuer: String
        let authorization_endpoint: String
        let token_endpoint: String
        let jwks_uri: String
        let end_session_endpoint: String?
        let code_challenge_methods_supported: [String]?
    }

    let settings: OIDCSettings
    private var discovery: (value: Discovery, at: Date)?
    private var keys: (value: JWTKeyCollection, at: Date)?
    /// Counts JWKS fetches (tests read it to see the cache and the rotation at work).
    public private(set) var jwksFetches = 0

    public init(settings: OIDCSettings) {
        self.settings = settings
    }

    func get(_ url: String) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1024 * 1024)
        guard response.status == .ok else { throw OIDCError.provider("\(url) answered \(response.status.code)") }
        return Data(buffer: body)
    }

    public func currentDiscovery() async throws -> Discovery {
        if let d = discovery, Date().timeIntervalSince(d.at) < 3600 { return d.value }
        let data = try await get(settings.discoveryURL)
        guard let doc = try? JSONDecoder().decode(Discovery.self, from: data) else { throw OIDCError.provider("discovery document unreadable") }
        // The document must be the issuer's own (OpenID Connect Discovery 1.0, 4.3), and its
        // endpoints as safe as the issuer.
        guard doc.issuer == settings.issuer else { throw OIDCError.provider("discovery names issuer \(doc.issuer)") }
        for endpoint in [doc.authorization_endpoint, doc.token_endpoint, doc.jwks_uri] + (doc.end_session_endpoint.map { [$0] } ?? []) {
            guard IssuerPolicy.endpointAcceptable(endpoint, issuer: settings.issuer) else {
                throw OIDCError.provider("endpoint \(endpoint) is not https")
            }
        }
        discovery = (doc, Date())
        return doc
    }

    func currentKeys(refresh: Bool) async throws -> JWTKeyCollection {
        if let k = keys, !refresh, Date().timeIntervalSince(k.at) < 3600 { return k.value }
        if refresh, let k = keys, Date().timeIntervalSince(k.at) < 30 { return k.value }
        let doc = try await currentDiscovery()
        let data = try await get(doc.jwks_uri)
        jwksFetches += 1
        let collection = JWTKeyCollection()
        do {
            try await collection.add(jwksJSON: String(decoding: data, as: UTF8.self))
        } catch {
            throw OIDCError.provider("JWKS unreadable: \(error)")
        }
        keys = (collection, Date())
        return collection
    }

    /// Checks an ID token against the provider's keys (fetching them again once when the token
    /// names a key not among them).
    public func verify(idToken: String, nonce: String, now: Date = Date()) async throws -> IDTokenClaims {
        let at = now.addingTimeInterval(settings.clockOffset)
        do {
            return try await IDTokenVerifier.verify(
                idToken, keys: try await currentKeys(refresh: false), issuer: settings.issuer, clientID: settings.clientID, nonce: nonce,
                groupsClaim: settings.groupsClaim, now: at, leeway: settings.leeway)
        } catch let error as OIDCError where error == .unknownKey || error == .badSignature {
            // A key the cached JWKS lacks (jwt-kit may try another key of the set and fail the
            // signature): the provider may have rotated its keys. Fetch them again (at most every
            // 30 seconds) and check once more; a forged token fails again.
            return try await IDTokenVerifier.verify(
                idToken, keys: try await currentKeys(refresh: true), issuer: settings.issuer, clientID: settings.clientID, nonce: nonce,
                groupsClaim: settings.groupsClaim, now: at, leeway: settings.leeway)
        }
    }

    /// Where the browser goes to sign in.
    public func authorizationURL(redirectURI: String, state: String, nonce: String, codeChallenge: String) async throws -> String {
        let doc = try await currentDiscovery()
        let query = [
            ("response_type", "code"), ("client_id", settings.clientID), ("redirect_uri", redirectURI), ("scope", settings.scopes),
            ("state", state), ("nonce", nonce), ("code_challenge", codeChallenge), ("code_challenge_method", "S256"),
        ]
        return doc.authorization_endpoint + (doc.authorization_endpoint.contains("?") ? "&" : "?") + Self.form(query)
    }

    /// The token request: the code and the PKCE verifier for the ID token.
    public func exchange(code: String, codeVerifier: String, redirectURI: String) async throws -> String {
        let doc = try await currentDiscovery()
        var fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("code_verifier", codeVerifier)]
        var request = HTTPClientRequest(url: doc.token_endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        if settings.clientSecret.isEmpty {
            fields.append(("client_id", settings.clientID))
        } else {
            // client_secret_basic: both parts form-encoded first (RFC 6749, 2.3.1).
            let pair = Self.encode(settings.clientID) + ":" + Self.encode(settings.clientSecret)
            request.headers.add(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
        }
        request.body = .bytes(ByteBuffer(string: Self.form(fields)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = Data(buffer: try await response.body.collect(upTo: 1024 * 1024))
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        guard response.status == .ok else {
            throw OIDCError.providerError((json?["error"] as? String).map { String($0.prefix(100)) } ?? "HTTP \(response.status.code)")
        }
        guard let idToken = json?["id_token"] as? String else { throw OIDCError.provider("token response without id_token") }
        return idToken
    }

    /// The provider's logout address (RP-Initiated Logout 1.0), when it has one.
    public func endSessionURL(idTokenHint: String, postLogoutRedirectURI: String) async -> String? {
        guard let doc = try? await currentDiscovery(), let endpoint = doc.end_session_endpoint else { return nil }
        let query = [("id_token_hint", idTokenHint), ("post_logout_redirect_uri", postLogoutRedirectURI), ("client_id", settings.clientID)]
        return endpoint + (endpoint.contains("?") ? "&" : "?") + Self.form(query)
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"))
            ?? ""
    }

    static func form(_ fields: [(String, String)]) -> String {
        fields.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }
}
