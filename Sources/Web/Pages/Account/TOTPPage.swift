import Database
import Domain
import Foundation

/// A user's two-factor sign-in (`/konto/totrin`): on or off, whether a role requires it, and while
/// setting it up the key (as text, grouped, and as the authenticator's URI).
enum TOTPPage {
    static let template = "totp"

    struct Model: Encodable {
        struct URLs: Encodable {
            let start = SiteURL.accountTOTPStart.path
            let activate = SiteURL.accountTOTPActivate.path
            let disable = SiteURL.accountTOTPDisable.path
            let account = SiteURL.account.path
            let recoveryCodes = SiteURL.accountTOTPRecoveryCodes.path
        }
        let page: PageInfo
        let urls = URLs()
        let enabled: Bool
        let enabledAt: String?
        let required: Bool
        let mustEnrol: Bool
        let secret: String?
        let groupedSecret: String?
        let account: String
        let uri: String?
        /// The key as a QR code, drawn on the server (SVG).
        let qrSVG: String?
        /// New recovery codes, shown once (right after they were made).
        let recoveryCodes: [String]?
        let hasNewCodes: Bool
        let recoveryCodesLeft: Int
        let errors: ErrorSummary?
        let codeError: String?
        let notice: String?
    }

    static func query(_ security: SecurityRepository, user: User) async throws -> (state: SecurityRepository.TOTPState, requiredRoles: Set<Role>) {
        let state = try await security.totp(userID: user.id)
        return (state, try await security.requiredRoles())
    }

    static func build(
        _ state: SecurityRepository.TOTPState, requiredRoles: Set<Role>, user: User, viewer: Viewer, errors: FormErrors, message: String?,
        recoveryCodes: [String]? = nil, recoveryCodesLeft: Int = 0
    ) -> Model {
        let required = !user.roles.isDisjoint(with: requiredRoles)
        let secret = state.enabled ? nil : state.secret
        let notice: String? =
            switch message {
            case "til": "Totrinsbekræftelse er slået til. Næste gang du logger ind, skal du bruge en kode fra appen."
            case "fra": "Totrinsbekræftelse er slået fra."
            default: nil
            }
        return Model(
            page: PageInfo(title: "Totrinsbekræftelse", viewer: viewer, path: SiteURL.account.path),
            enabled: state.enabled, enabledAt: state.enabledAt.map(DanishFormat.dateTime), required: required,
            mustEnrol: required && !state.enabled, secret: secret, groupedSecret: secret.map(TOTP.grouped), account: user.username,
            uri: secret.map { TOTP.provisioningURI(secret: $0, account: user.username) },
            qrSVG: secret.flatMap {
                QRCode.svg(TOTP.provisioningURI(secret: $0, account: user.username), label: "QR-kode med nøglen til godkendelsesappen")
            },
            recoveryCodes: recoveryCodes, hasNewCodes: !(recoveryCodes ?? []).isEmpty, recoveryCodesLeft: recoveryCodesLeft,
            errors: ErrorSummary(errors), codeError: errors["code"], notice: notice)
    }
}
