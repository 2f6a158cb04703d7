import Database
import Domain
import Foundation

/// The council's front page (`/it-raadet`): what it is, who is assessed, its members, and the
/// secretariat's contact details (a text the secretariat edits).
enum CouncilAboutPage {
    static let template = "council_about"
    static let contactKey = "council_contact"
    static let defaultContact = "Rådssekretariatet, Danske Regioner\nDampfærgevej 22, 2100 København Ø"

    struct Model: Encodable {
        struct Member: Encodable {
            let name: String
            let title: String
            let chair: Bool
            /// "1.7.2025–30.6.2027", when recorded.
            let term: String?
            /// The term's dates are the demo's invention.
            let invented: Bool
        }
        let page: PageInfo
        let whoIsAssessed: [String]
        let regional: [Member]
        let external: [Member]
        let assessorRange: String
        /// Who appoints the members (Regionsdirektørkredsen), from the data.
        let appointedBy: String
        let termYears: Int
        /// For the secretariat: the members whose term ends within three months, and a composition
        /// that is not three regional and three external.
        let termsEndingSoon: [String]
        let hasTermsEndingSoon: Bool
        let compositionProblem: String?
        let contactHTML: String
        let canEditContact: Bool
        let canRequest: Bool
        let urls = URLs()

        struct URLs: Encodable {
            let model = SiteURL.councilModel.path
            let library = SiteURL.library.path
            let reports = SiteURL.reports.path
            let requestSparring = SiteURL.newRequest.path(query: [("type", "sparring")])
            let contact = SiteURL.councilContact.path
        }
    }

    static func query(_ pool: ConnectionPool) async throws -> (members: [CouncilMember], contact: String) {
        let members = try await CouncilRepository(pool: pool).members()
        return (members, try await LibraryRepository(pool: pool).text(contactKey).body)
    }

    static func build(members: [CouncilMember], contact: String, parameters p: CouncilParameters, viewer: Viewer) -> Model {
        func short(_ d: DateComponents) -> String { "\(d.day!).\(d.month!).\(d.year!)" }
        func member(_ m: CouncilMember) -> Model.Member {
            let term = m.termStart.flatMap { s in m.termEnd.map { "\(short(s))–\(short($0))" } }
            return .init(name: m.fullName, title: m.title, chair: m.isChair, term: term, invented: term != nil && m.termInvented)
        }
        let today = DanishFormat.calendar.dateComponents([.year, .month, .day], from: viewer.now)
        let secretariat = viewer.user?.has(.secretariat) ?? false
        let endingSoon =
            secretariat
            ? members.compactMap { m in
                m.termEnd.flatMap { CouncilTerm.endsSoon($0, today: today) ? "\(m.fullName): perioden udløber \(short($0))" : nil }
            } : []
        return Model(
            page: PageInfo(
                title: "Regionernes It-råd", description: "Hvad Regionernes It-råd er, hvem der risikovurderes, og hvem rådet består af.",
                viewer: viewer, path: SiteURL.council.path),
            whoIsAssessed: CouncilProcess.whoIsAssessed(p), regional: members.filter(\.isRegional).map(member),
            external: members.filter { !$0.isRegional }.map(member),
            assessorRange: "\(p.assessorRange.lowerBound)–\(p.assessorRange.upperBound)",
            appointedBy: members.first?.appointedBy ?? CouncilTerm.appointingBody, termYears: CouncilTerm.years,
            termsEndingSoon: endingSoon, hasTermsEndingSoon: !endingSoon.isEmpty,
            compositionProblem: secretariat
                ? CouncilTerm.compositionProblem(
                    regional: members.filter(\.isRegional).count, external: members.filter { !$0.isRegional }.count) : nil,
            contactHTML: RichText.html(contact.isEmpty ? defaultContact : contact),
            canEditContact: viewer.user?.has(.secretariat) ?? false, canRequest: viewer.user?.has(.projectLeader) ?? false)
    }
}
