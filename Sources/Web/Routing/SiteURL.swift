import Foundation

/// A path parameter: `.key` where a route is registered (it becomes the router's `:name`),
/// `.value(x)` where a page links to one object.
public enum Parameter<Value: Sendable & Hashable & LosslessStringConvertible>: Sendable, Hashable {
    case key
    case value(Value)

    fileprivate func segment(_ name: String) -> String {
        switch self {
        case .key: ":" + name
        case .value(let value): String(value)
        }
    }
}

/// Every path of the site, as SwiftPackageIndex-Server's `SiteURL` does it: a case per path,
/// carrying its parameters. The same case gives the router its pattern (`SiteURL.caseDetail(.key)`
/// → `/raadet/sager/:id`) and a page its link (`SiteURL.caseDetail(.value(7)).path` →
/// `/raadet/sager/7`), so a link can only point at a route that exists, and a removed or renamed
/// route fails to compile wherever it was linked. Routes are added only through `SiteRouter`,
/// which takes a `SiteURL`.
public enum SiteURL: Sendable, Hashable {
    // The site and signing in
    case home
    case healthz
    case metrics
    case sitemap
    case robots
    case favicon
    case accessibility
    case privacyPolicy
    case login
    case loginCode
    case loginSSO
    case loginSSOCallback
    case logout
    case account
    case accountPassword
    case accountTOTP
    case accountTOTPStart
    case accountTOTPActivate
    case accountTOTPDisable
    case accountReminders
    case accountSessionsEnd
    case accountTOTPRecoveryCodes
    case passwordForgot
    case passwordReset(_ token: Parameter<String>)
    case accountRequest
    case accountRequests
    case accountRequestDecision(_ id: Parameter<Int64>)

    // The board
    case meetings
    case newMeeting
    case meeting(_ id: Parameter<Int64>)
    case meetingEdit(_ id: Parameter<Int64>)
    case meetingStatus(_ id: Parameter<Int64>)
    case meetingPack(_ id: Parameter<Int64>)
    case meetingBook(_ id: Parameter<Int64>)
    case minutes(_ id: Parameter<Int64>)
    case meetingPublish(_ id: Parameter<Int64>)
    case meetingHeld(_ id: Parameter<Int64>)
    case meetingAttendance(_ id: Parameter<Int64>)
    case minutesReview(_ id: Parameter<Int64>)
    case minutesComments(_ id: Parameter<Int64>)
    case minutesApprove(_ id: Parameter<Int64>)
    case meetingItems(_ id: Parameter<Int64>)
    case newAgendaItem(_ meeting: Parameter<Int64>)
    case agendaItem(meeting: Parameter<Int64>, number: Parameter<Int>)
    case agendaItemRead(meeting: Parameter<Int64>, number: Parameter<Int>)
    case agendaItemNote(meeting: Parameter<Int64>, number: Parameter<Int>)
    case itemEdit(_ item: Parameter<Int64>)
    case itemDelete(_ item: Parameter<Int64>)
    case itemDecision(_ item: Parameter<Int64>)
    case itemAttachments(_ item: Parameter<Int64>)
    case itemSubtopics(_ item: Parameter<Int64>)
    case itemMove(_ item: Parameter<Int64>)
    case itemExclusions(_ item: Parameter<Int64>)
    case myNotes
    case myCalendar
    case myCalendarRenew
    case personalCalendar(_ token: Parameter<String>)
    case itemExclusionRemove(_ item: Parameter<Int64>, member: Parameter<Int64>)
    case attachment(_ id: Parameter<Int64>)
    case attachmentDelete(_ id: Parameter<Int64>)
    case subtopicDelete(_ id: Parameter<Int64>)
    case boardProposal(_ id: Parameter<Int64>)
    case search
    case calendar
    case statusNotes
    case statusNoteVersions(_ note: Parameter<Int64>)
    case statusNoteVersion(_ version: Parameter<Int64>)

    // The council's process
    case projects
    case cases
    case intake
    case overview
    case evaluationQuestionnaire
    case caseDetail(_ id: Parameter<Int64>)
    case caseIntake(_ id: Parameter<Int64>)
    case caseDecision(_ id: Parameter<Int64>)
    case casePlanning(_ id: Parameter<Int64>)
    case caseDeclaration(_ id: Parameter<Int64>)
    case caseMaterial(_ id: Parameter<Int64>)
    case caseMaterialSend(_ id: Parameter<Int64>)
    case caseAssessment(_ id: Parameter<Int64>)
    case caseObservations(_ id: Parameter<Int64>)
    case caseDialogue(_ id: Parameter<Int64>)
    case caseLetter(_ id: Parameter<Int64>)
    case caseLetterPDF(_ id: Parameter<Int64>)
    case caseArchive(_ id: Parameter<Int64>)
    case caseNumber(_ id: Parameter<Int64>)
    case caseCosts(_ id: Parameter<Int64>)
    case caseLetterEdit(_ id: Parameter<Int64>)
    case caseLetterApprove(_ id: Parameter<Int64>)
    case caseLetterSend(_ id: Parameter<Int64>)
    case caseResponsum(_ id: Parameter<Int64>)
    case caseFollowUp(_ id: Parameter<Int64>)
    case caseEvaluation(_ id: Parameter<Int64>)
    case caseRevisit(_ id: Parameter<Int64>)
    case caseFile(_ id: Parameter<Int64>)
    case sparring
    case newSparring
    case sparringMeeting(_ id: Parameter<Int64>)
    case sparringMinutes(_ id: Parameter<Int64>)
    case requests
    case newRequest
    case request(_ id: Parameter<Int64>)
    case requestDecision(_ id: Parameter<Int64>)
    case requestMaterial(_ id: Parameter<Int64>)
    case requestFile(_ id: Parameter<Int64>)

    // The council's public pages and material library
    case council
    case councilModel
    case councilContact
    case library
    case newLibraryDocument
    case libraryDocument(_ id: Parameter<Int64>)
    case libraryDocumentFile(_ id: Parameter<Int64>)
    case libraryFile(_ id: Parameter<Int64>)

    // Annual reports
    case reports
    case newReport
    case report(_ id: Parameter<Int64>)
    case reportEdit(_ id: Parameter<Int64>)
    case reportPublish(_ id: Parameter<Int64>)
    case reportPDF(_ id: Parameter<Int64>)
    case reportCSV(_ id: Parameter<Int64>, table: Parameter<String>)
    case reportBoard(_ id: Parameter<Int64>)

    // Administration
    case adminUsers
    case adminNewUser
    case adminUser(_ id: Parameter<Int64>)
    case adminUserPassword(_ id: Parameter<Int64>)
    case adminUserTOTPReset(_ id: Parameter<Int64>)
    case adminAudit
    case adminTOTP
    case adminOutbox
    case adminOutboxRetry(_ id: Parameter<Int64>)
    case adminUserPrivacy(_ id: Parameter<Int64>)
    case adminUserPrivacyJSON(_ id: Parameter<Int64>)
    case adminUserPrivacyPDF(_ id: Parameter<Int64>)
    case adminUserErase(_ id: Parameter<Int64>)
    case adminRoleMapping

    /// The link (with `.value` parameters) or the router's pattern (with `.key` parameters).
    public var path: String {
        switch self {
        case .home: "/"
        case .healthz: "/healthz"
        case .metrics: "/metrics"
        case .sitemap: "/sitemap.xml"
        case .robots: "/robots.txt"
        case .favicon: "/favicon.ico"
        case .accessibility: "/tilgaengelighedserklaering"
        case .privacyPolicy: "/privatlivspolitik"
        case .login: "/login"
        case .loginCode: "/login/kode"
        case .loginSSO: "/login/sso"
        case .loginSSOCallback: "/login/sso/retur"
        case .logout: "/logout"
        case .account: "/konto"
        case .accountPassword: "/konto/adgangskode"
        case .accountTOTP: "/konto/totrin"
        case .accountTOTPStart: "/konto/totrin/start"
        case .accountTOTPActivate: "/konto/totrin/aktiver"
        case .accountTOTPDisable: "/konto/totrin/slaa-fra"
        case .accountReminders: "/konto/paamindelser"
        case .accountSessionsEnd: "/konto/sessioner/log-ud"
        case .accountTOTPRecoveryCodes: "/konto/totrin/gendannelseskoder"
        case .passwordForgot: "/glemt-adgangskode"
        case .passwordReset(let token): "/ny-adgangskode/" + token.segment("token")
        case .accountRequest: "/bliv-bruger"
        case .accountRequests: "/raadet/kontoanmodninger"
        case .accountRequestDecision(let id): "/raadet/kontoanmodninger/" + id.segment("id")

        case .meetings: "/bestyrelse/moeder"
        case .newMeeting: "/bestyrelse/moeder/ny"
        case .meeting(let id): "/bestyrelse/moeder/" + id.segment("id")
        case .meetingEdit(let id): "/bestyrelse/moeder/" + id.segment("id") + "/rediger"
        case .meetingStatus(let id): "/bestyrelse/moeder/" + id.segment("id") + "/status"
        case .meetingPack(let id): "/bestyrelse/moeder/" + id.segment("id") + "/pakke"
        case .meetingBook(let id): "/bestyrelse/moeder/" + id.segment("id") + "/moedebog.pdf"
        case .minutes(let id): "/bestyrelse/moeder/" + id.segment("id") + "/referat"
        case .meetingPublish(let id): "/bestyrelse/moeder/" + id.segment("id") + "/offentliggoer"
        case .meetingHeld(let id): "/bestyrelse/moeder/" + id.segment("id") + "/afholdt"
        case .meetingAttendance(let id): "/bestyrelse/moeder/" + id.segment("id") + "/fremmoede"
        case .minutesReview(let id): "/bestyrelse/moeder/" + id.segment("id") + "/referat/kommentering"
        case .minutesComments(let id): "/bestyrelse/moeder/" + id.segment("id") + "/referat/kommentarer"
        case .minutesApprove(let id): "/bestyrelse/moeder/" + id.segment("id") + "/referat/godkend"
        case .meetingItems(let id): "/bestyrelse/moeder/" + id.segment("id") + "/punkter"
        case .newAgendaItem(let id): "/bestyrelse/moeder/" + id.segment("id") + "/punkter/ny"
        case .agendaItem(let m, let n): "/bestyrelse/moeder/" + m.segment("id") + "/punkter/" + n.segment("number")
        case .agendaItemRead(let m, let n): "/bestyrelse/moeder/" + m.segment("id") + "/punkter/" + n.segment("number") + "/laest"
        case .agendaItemNote(let m, let n): "/bestyrelse/moeder/" + m.segment("id") + "/punkter/" + n.segment("number") + "/note"
        case .itemEdit(let item): "/bestyrelse/punkter/" + item.segment("item") + "/rediger"
        case .itemDelete(let item): "/bestyrelse/punkter/" + item.segment("item") + "/slet"
        case .itemDecision(let item): "/bestyrelse/punkter/" + item.segment("item") + "/beslutning"
        case .itemAttachments(let item): "/bestyrelse/punkter/" + item.segment("item") + "/bilag"
        case .itemSubtopics(let item): "/bestyrelse/punkter/" + item.segment("item") + "/emner"
        case .itemMove(let item): "/bestyrelse/punkter/" + item.segment("item") + "/flyt"
        case .itemExclusions(let item): "/bestyrelse/punkter/" + item.segment("item") + "/inhabilitet"
        case .myNotes: "/bestyrelse/mine-noter"
        case .myCalendar: "/bestyrelse/min-kalender"
        case .myCalendarRenew: "/bestyrelse/min-kalender/forny"
        case .personalCalendar(let token): "/bestyrelse/kalender/" + token.segment("token") + "/moeder.ics"
        case .itemExclusionRemove(let item, let member):
            "/bestyrelse/punkter/" + item.segment("item") + "/inhabilitet/" + member.segment("member") + "/ophaev"
        case .attachment(let id): "/bestyrelse/bilag/" + id.segment("id")
        case .attachmentDelete(let id): "/bestyrelse/bilag/" + id.segment("id") + "/slet"
        case .subtopicDelete(let id): "/bestyrelse/emner/" + id.segment("id") + "/slet"
        case .boardProposal(let id): "/bestyrelse/forslag/" + id.segment("id")
        case .search: "/bestyrelse/soeg"
        case .calendar: "/bestyrelse/kalender.ics"
        case .statusNotes: "/bestyrelse/statusnotater"
        case .statusNoteVersions(let id): "/bestyrelse/statusnotater/" + id.segment("id") + "/versioner"
        case .statusNoteVersion(let version): "/bestyrelse/statusnotater/versioner/" + version.segment("version")

        case .projects: "/raadet/projekter"
        case .cases: "/raadet/sager"
        case .intake: "/raadet/indmelding"
        case .overview: "/raadet/overblik"
        case .evaluationQuestionnaire: "/raadet/evalueringsskema"
        case .caseDetail(let id): "/raadet/sager/" + id.segment("id")
        case .caseIntake(let id): "/raadet/sager/" + id.segment("id") + "/indmelding"
        case .caseDecision(let id): "/raadet/sager/" + id.segment("id") + "/beslutning"
        case .casePlanning(let id): "/raadet/sager/" + id.segment("id") + "/planlaegning"
        case .caseDeclaration(let id): "/raadet/sager/" + id.segment("id") + "/erklaering"
        case .caseMaterial(let id): "/raadet/sager/" + id.segment("id") + "/materiale"
        case .caseMaterialSend(let id): "/raadet/sager/" + id.segment("id") + "/materiale/send"
        case .caseAssessment(let id): "/raadet/sager/" + id.segment("id") + "/vurdering"
        case .caseObservations(let id): "/raadet/sager/" + id.segment("id") + "/observationer"
        case .caseDialogue(let id): "/raadet/sager/" + id.segment("id") + "/dialogmoede"
        case .caseLetter(let id): "/raadet/sager/" + id.segment("id") + "/brev"
        case .caseLetterPDF(let id): "/raadet/sager/" + id.segment("id") + "/brev/pdf"
        case .caseArchive(let id): "/raadet/sager/" + id.segment("id") + "/arkivpakke"
        case .caseNumber(let id): "/raadet/sager/" + id.segment("id") + "/sagsnummer"
        case .caseCosts(let id): "/raadet/sager/" + id.segment("id") + "/udgifter"
        case .caseLetterEdit(let id): "/raadet/sager/" + id.segment("id") + "/brev/rediger"
        case .caseLetterApprove(let id): "/raadet/sager/" + id.segment("id") + "/brev/godkend"
        case .caseLetterSend(let id): "/raadet/sager/" + id.segment("id") + "/brev/send"
        case .caseResponsum(let id): "/raadet/sager/" + id.segment("id") + "/responsum"
        case .caseFollowUp(let id): "/raadet/sager/" + id.segment("id") + "/opfoelgning"
        case .caseEvaluation(let id): "/raadet/sager/" + id.segment("id") + "/evaluering"
        case .caseRevisit(let id): "/raadet/sager/" + id.segment("id") + "/genbesoeg"
        case .caseFile(let id): "/raadet/filer/" + id.segment("id")
        case .sparring: "/raadet/sparring"
        case .newSparring: "/raadet/sparring/ny"
        case .sparringMeeting(let id): "/raadet/sparring/" + id.segment("id")
        case .sparringMinutes(let id): "/raadet/sparring/" + id.segment("id") + "/referat"
        case .requests: "/raadet/anmodninger"
        case .newRequest: "/raadet/anmodninger/ny"
        case .request(let id): "/raadet/anmodninger/" + id.segment("id")
        case .requestDecision(let id): "/raadet/anmodninger/" + id.segment("id") + "/beslutning"
        case .requestMaterial(let id): "/raadet/anmodninger/" + id.segment("id") + "/materiale"
        case .requestFile(let id): "/raadet/anmodninger/filer/" + id.segment("id")

        case .council: "/it-raadet"
        case .councilModel: "/it-raadet/risikovurdering"
        case .councilContact: "/it-raadet/kontakt"
        case .library: "/it-raadet/materialer"
        case .newLibraryDocument: "/it-raadet/materialer/ny"
        case .libraryDocument(let id): "/it-raadet/materialer/" + id.segment("id")
        case .libraryDocumentFile(let id): "/it-raadet/materialer/" + id.segment("id") + "/fil"
        case .libraryFile(let id): "/it-raadet/filer/" + id.segment("id")

        case .reports: "/aarsrapporter"
        case .newReport: "/aarsrapporter/ny"
        case .report(let id): "/aarsrapporter/" + id.segment("id")
        case .reportEdit(let id): "/aarsrapporter/" + id.segment("id") + "/rediger"
        case .reportPublish(let id): "/aarsrapporter/" + id.segment("id") + "/offentliggoer"
        case .reportPDF(let id): "/aarsrapporter/" + id.segment("id") + "/pdf"
        case .reportCSV(let id, let table): "/aarsrapporter/" + id.segment("id") + "/csv/" + table.segment("table")
        case .reportBoard(let id): "/aarsrapporter/" + id.segment("id") + "/bestyrelse"

        case .adminUsers: "/admin/brugere"
        case .adminNewUser: "/admin/brugere/ny"
        case .adminUser(let id): "/admin/brugere/" + id.segment("id")
        case .adminUserPassword(let id): "/admin/brugere/" + id.segment("id") + "/adgangskode"
        case .adminUserTOTPReset(let id): "/admin/brugere/" + id.segment("id") + "/totrin-nulstil"
        case .adminAudit: "/admin/log"
        case .adminTOTP: "/admin/totrin"
        case .adminOutbox: "/admin/udbakke"
        case .adminOutboxRetry(let id): "/admin/udbakke/" + id.segment("id") + "/proev-igen"
        case .adminUserPrivacy(let id): "/admin/brugere/" + id.segment("id") + "/persondata"
        case .adminUserPrivacyJSON(let id): "/admin/brugere/" + id.segment("id") + "/persondata/json"
        case .adminUserPrivacyPDF(let id): "/admin/brugere/" + id.segment("id") + "/persondata/pdf"
        case .adminUserErase(let id): "/admin/brugere/" + id.segment("id") + "/slet-persondata"
        case .adminRoleMapping: "/admin/sso-roller"
        }
    }

    /// The link with a query string (`?q=…`), each value percent-encoded.
    public func path(query: [(String, String)]) -> String {
        let pairs = query.map { Self.encode($0.0) + "=" + Self.encode($0.1) }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    /// The link to an element of the page (`#id`).
    public func path(fragment: String) -> String { path + "#" + fragment }

    private static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? ""
    }

    /// What a user whose role requires two-factor sign-in may reach before setting it up.
    static func allowedBeforeTOTP(_ path: String) -> Bool {
        let totp = SiteURL.accountTOTP.path
        return path == totp || path.hasPrefix(totp + "/") || path == SiteURL.logout.path
    }

    /// A `next` target after login must be a local path, never another site.
    public static func safeLocalPath(_ candidate: String) -> String? {
        // Only plain path characters: no control characters (a tab is dropped by browsers, so
        // "/\t/evil" would become "//evil"), no backslash, and never a second leading slash.
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._~%?=&-#")
        guard candidate.hasPrefix("/"), !candidate.hasPrefix("//"), candidate.count < 500,
            candidate.allSatisfy({ allowed.contains($0) })
        else { return nil }
        return candidate
    }
}

extension CharacterSet {
    /// Unreserved characters only: `&`, `=`, `+` and `#` in a value are encoded.
    fileprivate static let urlQueryValueAllowed = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
