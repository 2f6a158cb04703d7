import ArgumentParser
import Foundation
import Web

/// Checks an ID token as a sign-in would (the provider's discovery document and JWKS, issuer,
/// audience, expiry, signature, nonce), with the OIDC_* settings. For the end-to-end test, which
/// feeds it the real provider's tokens, changed to be wrong; and for an operator who wants to see
/// why a provider's tokens are refused. Exit 0 and "accepted …", or exit 3 and "refused <code>: …".
struct OIDCCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oidc-check", abstract: "Check an ID token (standard input) as a single sign-on would, with the OIDC_* settings.")

    @Option(help: "The nonce the sign-in sent.") var nonce: String

    func run() async throws {
        let config: AppConfig
        do {
            config = try AppConfig.fromEnvironment()
        } catch {
            throw StartupError("Configuration error: \(error)")
        }
        guard let settings = config.oidc else { throw StartupError("OIDC_ISSUER is not set") }
        let token = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
        do {
            let claims = try await OIDCProvider(settings: settings).verify(idToken: token, nonce: nonce)
            print("accepted sub=\(claims.subject) groups=\(claims.groups.joined(separator: ","))")
        } catch let error as OIDCError {
            print("refused \(error.code): \(error)")
            throw ExitCode(3)
        }
    }
}
