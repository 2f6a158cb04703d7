import Database
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import TestSupport
import XCTest

@testable import Web

/// The ID token's checks with jwt-kit on tokens signed here with a test key (ES256, published as a
/// JWKS as a provider does): each way a token can be wrong is refused. The real provider's tokens
/// are tried in Tests/OIDC/sso.py.
final class OIDCTokenTests: XCTestCase {
    static let issuer = "https://login.example.dk/tenant/v2.0"
    static let client = "raadsportal"

    struct Claims: JWTPayload {
        var iss: String
        var sub: String
        var aud: [String]
        var exp: Double
        var iat: Double
        var nonce: String?
        var azp: String?
        var name: String?
        var groups: [String]?
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    let key = ES256PrivateKey()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func claims(_ change: (inout Claims) -> Void = { _ in }) -> Claims {
        var c = Claims(
            iss: Self.issuer, sub: "abc-123", aud: [Self.client], exp: now.timeIntervalSince1970 + 300, iat: now.timeIntervalSince1970,
            nonce: "n-1", azp: nil, name: "Anne Sekretær", groups: ["raad-sekretariat", "alle"])
        change(&c)
        return c
    }

    func sign(_ c: Claims, with key: ES256PrivateKey? = nil, kid: String = "k1") async throws -> String {
        try await JWTKeyCollection().add(ecdsa: key ?? self.key, kid: JWKIdentifier(string: kid)).sign(c, kid: JWKIdentifier(string: kid))
    }

    /// The provider's JWKS: the public half of the test key, as JSON.
    func keys() async throws -> JWTKeyCollection {
        let p = key.publicKey.parameters!
        let jwks = #"{"keys":[{"kty":"EC","crv":"P-256","use":"sig","alg":"ES256","kid":"k1","x":"\#(p.x)","y":"\#(p.y)"}]}"#
        return try await JWTKeyCollection().add(jwksJSON: jwks)
    }

    func verify(_ token: String, nonce: String = "n-1", at: Date? = nil) async throws -> IDTokenClaims {
        try await IDTokenVerifier.verify(
            token, keys: try await keys(), issuer: Self.issuer, clientID: Self.client, nonce: nonce, groupsClaim: "groups", now: at ?? now)
    }

    func assertRefused(_ token: String, _ expected: OIDCError, nonce: String = "n-1", at: Date? = nil, line: UInt = #line) async {
        do {
            _ = try await verify(token, nonce: nonce, at: at)
            XCTFail("accepted a token that should be refused (\(expected))", line: line)
        } catch let error as OIDCError {
            XCTAssertEqual(error, expected, line: line)
        } catch {
            XCTFail("unexpected \(error)", line: line)
        }
    }

    func testAGoodTokenGivesItsSubjectAndGroups() async throws {
        let c = try await verify(try await sign(claims()))
        XCTAssertEqual(c.subject, "abc-123")
        XCTAssertEqual(c.groups, ["raad-sekretariat", "alle"])
        XCTAssertEqual(c.name, "Anne Sekretær")
    }

    func testAnotherClientsTokenIsRefused() async throws {
        await assertRefused(try await sign(claims { $0.aud = ["anden-klient"] }), .wrongAudience(["anden-klient"]))
        // Several audiences with the portal among them, but given to another party.
        await assertRefused(
            try await sign(
                claims {
                    $0.aud = [Self.client, "anden-klient"]
                    $0.azp = "anden-klient"
                }), .wrongAuthorizedParty("anden-klient"))
    }

    func testAnExpiredTokenIsRefusedBeyondTheLeeway() async throws {
        let token = try await sign(claims { $0.exp = self.now.timeIntervalSince1970 - 30 })
        // 30 s past exp is within the minute's leeway for clocks; 61 s is not.
        _ = try await verify(token)
        await assertRefused(token, .expired, at: now.addingTimeInterval(31))
        await assertRefused(try await sign(claims { $0.iat = self.now.timeIntervalSince1970 + 600 }), .issuedInTheFuture)
    }

    func testOneFlippedSignatureByteIsRefused() async throws {
        let token = try await sign(claims())
        var parts = token.split(separator: ".").map(String.init)
        var signature = Data(base64URL: parts[2])!
        signature[10] ^= 0x01
        parts[2] = signature.base64URL
        await assertRefused(parts.joined(separator: "."), .badSignature)
        // A changed payload under the old signature too.
        var forged = token.split(separator: ".").map(String.init)
        forged[1] = Data(#"{"iss":"\#(Self.issuer)","sub":"admin","aud":["raadsportal"],"exp":1900000000,"nonce":"n-1"}"#.utf8).base64URL
        await assertRefused(forged.joined(separator: "."), .badSignature)
    }

    func testAnotherIssuerAndAWrongNonceAreRefused() async throws {
        await assertRefused(try await sign(claims { $0.iss = "https://evil.example/" }), .wrongIssuer("https://evil.example/"))
        await assertRefused(try await sign(claims()), .nonceMismatch, nonce: "n-2")
        await assertRefused(try await sign(claims { $0.nonce = nil }), .nonceMismatch)
    }

    func testAKeyNotInTheJWKSAndAnUnsignedTokenAreRefused() async throws {
        // A kid the JWKS lacks: refused (jwt-kit says unknown key or, trying the set's key, signature).
        do {
            _ = try await verify(try await sign(claims(), with: ES256PrivateKey(), kid: "other"))
            XCTFail("a token of an unknown key was accepted")
        } catch let error as OIDCError {
            XCTAssertTrue([.unknownKey, .badSignature].contains(error), "\(error)")
        }
        // The same kid, another key: the signature fails.
        await assertRefused(try await sign(claims(), with: ES256PrivateKey(), kid: "k1"), .badSignature)
        let header = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64URL
        let body = Data(#"{"iss":"\#(Self.issuer)","sub":"x","aud":["raadsportal"],"exp":1900000000,"nonce":"n-1"}"#.utf8).base64URL
        do {
            _ = try await verify(header + "." + body + ".")
            XCTFail("an unsigned token was accepted")
        } catch is OIDCError {}
    }

    func testPKCEChallengeIsRFC7636s() {
        // RFC 7636, appendix B.
        XCTAssertEqual(PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        XCTAssertNotEqual(PKCE.verifier(), PKCE.verifier())
        XCTAssertGreaterThanOrEqual(PKCE.verifier().count, 43)
    }

    func testHTTPIssuerOnlyOnLoopbackAndConfiguration() throws {
        XCTAssertNil(IssuerPolicy.problem(issuer: "https://login.microsoftonline.com/t/v2.0"))
        XCTAssertNil(IssuerPolicy.problem(issuer: "http://127.0.0.1:4593/api/oidc"))
        XCTAssertNil(IssuerPolicy.problem(issuer: "http://localhost:8080"))
        XCTAssertNotNil(IssuerPolicy.problem(issuer: "http://idp.example.dk"))
        XCTAssertNotNil(IssuerPolicy.problem(issuer: "http://127.0.0.1.evil.dk"))
        XCTAssertNotNil(IssuerPolicy.problem(issuer: "ftp://idp.example.dk"))
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["OIDC_ISSUER": "http://idp.example.dk", "OIDC_CLIENT_ID": "x"]))
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["OIDC_ISSUER": "https://idp.example.dk"]))
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["LOCAL_LOGIN": "off"]))
        let c = try AppConfig.fromEnvironment(["OIDC_ISSUER": "https://idp.example.dk", "OIDC_CLIENT_ID": "x", "LOCAL_LOGIN": "off"])
        XCTAssertEqual(c.oidc?.discoveryURL, "https://idp.example.dk/.well-known/openid-configuration")
        XCTAssertFalse(c.localLogin)
    }

    func testGroupsGiveRolesAndReplaceOnlyTheProvidersRoles() {
        let mapping = RoleMapping(rules: [
            .init(group: "raad-sekretariat", role: .secretariat), .init(group: "bestyrelse", role: .boardMember),
            .init(group: "raad-sekretariat", role: .councilMember),
        ])
        XCTAssertEqual(mapping.roles(forGroups: ["raad-sekretariat", "andet"]), [.secretariat, .councilMember])
        XCTAssertEqual(mapping.roles(forGroups: ["Raad-Sekretariat"]), [])
        let before = RoleSources(all: [.secretariat, .admin], providerRoles: [.secretariat])
        XCTAssertEqual(before.local, [.admin])
        let after = before.replacingProvider(with: [.boardMember])
        XCTAssertEqual(after.all, [.admin, .boardMember])
        XCTAssertNil(RoleMapping.problem(group: "9f1c0b6e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"))
        XCTAssertNotNil(RoleMapping.problem(group: ""))
        XCTAssertNotNil(RoleMapping.problem(group: "a\nb"))
    }
}

/// Single sign-on through the app against PostgreSQL: the state is bound to the browser and used
/// once, the mapping is the administrator's, a sign-in replaces only the provider's roles, and
/// LOCAL_LOGIN=off closes the password form.
final class OIDCWebTests: XCTestCase {
    var app: TestApp!
    override func tearDown() async throws { await app?.shutdown() }

    /// Single sign-on configured with a provider nobody answers at (port 9 on loopback).
    func make(localLogin: Bool = true) async throws -> TestApp {
        var config = AppConfig()
        var settings = OIDCSettings(issuer: "http://127.0.0.1:9/idp", clientID: "raadsportal")
        settings.displayName = "Regionens konto"
        config.oidc = settings
        config.localLogin = localLogin
        app = try await TestApp.make(config: config)
        return app
    }

    func testAReplayedOrForeignStateIsRefusedAndAudited() async throws {
        let app = try await make()
        let identity = IdentityRepository(pool: app.pool)
        try await identity.beginLogin(state: "state-1", nonce: "n", codeVerifier: "v", nextPath: "/")
        let answer = SiteURL.loginSSOCallback.path(query: [("state", "state-1"), ("code", "c")])
        try await app.run { browser in
            // Another browser's state (no cookie): refused before anything is exchanged.
            var page = try await browser.get(answer)
            XCTAssertEqual(page.status, .badRequest)
            XCTAssertTrue(page.body.contains("startet i en anden browser"))
            // This browser's state: taken (the provider is unreachable, so the exchange fails) …
            browser.cookies["rp_sso"] = "state-1"
            page = try await browser.get(answer)
            XCTAssertEqual(page.status, .badGateway)
            // … and a replay of the same answer finds it used.
            browser.cookies["rp_sso"] = "state-1"
            page = try await browser.get(answer)
            XCTAssertEqual(page.status, .badRequest)
            XCTAssertNil(browser.cookies["rp_session"])
        }
        let refused = try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'login.sso.refused'")
        XCTAssertEqual(refused, 3)
        let pending = try await app.count("SELECT count(*) AS n FROM oidc_logins")
        XCTAssertEqual(pending, 0)
    }

    func testTheLoginPageOffersSingleSignOnAndLocalLoginCanBeSwitchedOff() async throws {
        let app = try await make(localLogin: false)
        try await app.run { browser in
            let page = try await browser.get(SiteURL.login.path)
            XCTAssertTrue(page.body.contains("Log ind med Regionens konto"))
            XCTAssertTrue(page.body.contains(SiteURL.loginSSO.path))
            XCTAssertFalse(page.body.contains(#"name="password""#))
            let post = try await browser.post(SiteURL.login.path, [("username", "admin"), ("password", TestApp.password)])
            XCTAssertEqual(post.status, .forbidden)
            XCTAssertNil(browser.cookies["rp_session"])
            // Starting a sign-in with an unreachable provider is a Danish page, not a crash.
            let start = try await browser.get(SiteURL.loginSSO.path)
            XCTAssertEqual(start.status, .badGateway)
            XCTAssertTrue(start.body.contains("Du blev ikke logget ind"))
        }
    }

    func testTheAdministratorMapsGroupsToRoles() async throws {
        let app = try await make()
        let identity = IdentityRepository(pool: app.pool)
        try await app.run { browser in
            try await browser.login("admin")
            _ = try await browser.get(SiteURL.adminRoleMapping.path)
            var page = try await browser.post(SiteURL.adminRoleMapping.path, [("handling", "tilfoej"), ("gruppe", ""), ("rolle", "secretariat")])
            XCTAssertEqual(page.status, .unprocessableContent)
            XCTAssertTrue(page.body.contains("Skriv gruppens navn"))
            page = try await browser.post(
                SiteURL.adminRoleMapping.path, [("handling", "tilfoej"), ("gruppe", "raad-sekretariat"), ("rolle", "secretariat")])
            XCTAssertEqual(page.status, .seeOther)
            page = try await browser.get(SiteURL.adminRoleMapping.path)
            XCTAssertTrue(page.body.contains("raad-sekretariat"))
            let mapping = try await identity.mapping()
            XCTAssertEqual(mapping.rules, [RoleMapping.Rule(group: "raad-sekretariat", role: .secretariat)])
            _ = try await browser.post(
                SiteURL.adminRoleMapping.path, [("handling", "fjern"), ("gruppe", "raad-sekretariat"), ("rolle", "secretariat")])
            let after = try await identity.mapping()
            XCTAssertEqual(after.rules, [])
        }
        let audited = try await app.count("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'sso.mapping.%'")
        XCTAssertEqual(audited, 2)
    }

    func testASignInCreatesTheUserAndReplacesOnlyTheProvidersRoles() async throws {
        let app = try await make()
        let identity = IdentityRepository(pool: app.pool)
        let users = UserRepository(pool: app.pool)
        let audit = AuditRepository.Entry(userID: nil, username: "", action: "login.sso.roles", clientIP: "test")
        let first = try await identity.signIn(
            issuer: "https://idp.example.dk", subject: "s-1", fullName: "Anne Sekretær", email: "anne@example.org", preferredUsername: "",
            providerRoles: [.secretariat, .boardMember], audit: audit)
        XCTAssertTrue(first.created)
        XCTAssertEqual(first.user.username, "anne")
        XCTAssertEqual(first.user.roles, Set<Role>([.secretariat, .boardMember]))
        // The administrator grants a role in the portal.
        let version = try await users.find(id: first.user.id)!.version
        let saved = try await users.update(
            id: first.user.id, version: version, fullName: "Anne Sekretær", email: "anne@example.org",
            roles: [.secretariat, .boardMember, .director], active: true)
        XCTAssertTrue(saved)
        // Taken out of the board's group: the board role goes at the next sign-in, the local one stays.
        let second = try await identity.signIn(
            issuer: "https://idp.example.dk", subject: "s-1", fullName: "Anne Sekretær", email: "anne@example.org", preferredUsername: "",
            providerRoles: [.secretariat], audit: audit)
        XCTAssertFalse(second.created)
        XCTAssertEqual(second.user.id, first.user.id)
        XCTAssertEqual(second.user.roles, Set<Role>([.secretariat, .director]))
        XCTAssertEqual(second.after.local, Set<Role>([.director]))
        XCTAssertEqual(second.after.provider, Set<Role>([.secretariat]))
        // Another provider's subject of the same name is another person (username made unique).
        let other = try await identity.signIn(
            issuer: "https://other.example.dk", subject: "s-1", fullName: "Anne Anden", email: "anne@other.example", preferredUsername: "",
            providerRoles: [], audit: audit)
        XCTAssertTrue(other.created)
        XCTAssertEqual(other.user.username, "anne-2")
        XCTAssertEqual(other.user.roles, Set<Role>())
        // The administrator's page of the user shows which roles came from the provider.
        try await app.run { browser in
            try await browser.login("admin")
            let page = try await browser.get(SiteURL.adminUser(.value(first.user.id)).path)
            XCTAssertTrue(page.body.contains("Brugeren logger ind med single sign-on"))
            XCTAssertTrue(page.body.contains("Rådssekretariatet (fra single sign-on)"))
            XCTAssertTrue(page.body.contains(">Direktør</label>"))
        }
        // No password logs in to an account made by single sign-on.
        try await app.run { browser in
            let page = try await browser.login("anne", password: "!")
            XCTAssertNotEqual(page.status, .seeOther)
            XCTAssertNil(browser.cookies["rp_session"])
        }
    }
}
