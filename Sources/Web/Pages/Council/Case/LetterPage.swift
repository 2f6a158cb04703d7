import Database
import Domain
import Foundation

/// The recommendation letter (`/raadet/sager/{id}/brev`): its statement, criteria, risk profile and
/// recommendations (with the responsum and follow-up, once given), who has signed, and what the
/// reader may do with it. The handler has checked that the reader may read it (`letterAccess`).
enum LetterPage {
    static let template = "letter"

    /// What the letter says, for every reader alike: the page shows it with its controls and the
    /// PDF shows it alone, both through `letter_document.mustache`.
    struct Content: Encodable {
        struct Addressee: Encodable {
            let name: String
            let role: String
            /// The name is the demo's (marked "opdigtet demo-navn").
            var invented = false
        }
        struct Criterion: Encodable {
            let name: String
            let ticked: Bool
            let comment: String
        }
        struct Rec: Encodable {
            let id: Int64
            let number: Int
            let theme: String
            let html: String
            let answer: String?
            let action: String?
            let actionDate: String?
            let followUp: String
            let followUpOptions: [FollowOption]
        }
        struct FollowOption: Encodable {
            let value: String
            let name: String
            let selected: Bool
        }
        /// The recommendations of one focus area, in the letter's numbering.
        struct Area: Encodable {
            let area: String
            let recommendations: [Rec]
        }
        struct Signature: Encodable {
            let name: String
            let date: String
        }
        let project: String
        let caseNumber: String?
        let caseNumberInvented: Bool
        /// What of the case the demo invented (printed after the marker, on the page and in the PDF), nil when nothing is.
        let invented: String?
        let addressees: [Addressee]
        let sent: String?
        let sentDate: String?
        let responsumDue: String?
        let statementHTML: String
        let complexity: [Criterion]
        let risks: [Criterion]
        let proposed: String
        let final: String?
        let reason: String?
        let areas: [Area]
        let signatures: [Signature]
    }

    struct Model: Encodable {
        struct Signer: Encodable {
            let name: String
            let signed: Bool
        }
        let page: PageInfo
        let caseID: Int64
        let urls: CaseURLs
        let letter: Content
        let signers: [Signer]
        let canEdit: Bool
        let canSign: Bool
        let canSend: Bool
        let canAnswer: Bool
        let canFollowUp: Bool
        let version: Int
        let error: String?
        let notice: String?
        /// For a council member asked to sign again after an edit voided their sign-off: what changed since they signed.
        let changes: Changes?
        /// The send form's deadline as typed, and its refusal (next to the field, linked from the summary).
        let typedDue: String
        let dueError: String?
        let errors: ErrorSummary?
    }

    /// The PDF's model (`letter_pdf.mustache`): the document's title and the letter.
    struct PDFModel: Encodable {
        let document: DocumentInfo
        let letter: Content
    }

    struct Rows {
        let letter: LetterRepository.Letter
        let answered: [LetterRepository.Answered]
        let signOff: LetterSignOff
        let parties: DocumentRepository.LetterParties
    }

    static func query(_ letters: LetterRepository, _ documents: DocumentRepository, caseID: Int64) async throws -> Rows {
        let letter = try await letters.letter(caseID: caseID)
        let answered = try await letters.answers(caseID: caseID)
        let parties = try await documents.letterParties(caseID: caseID)
        return Rows(letter: letter, answered: answered, signOff: try await letters.signOff(caseID: caseID), parties: parties)
    }

    /// The notice for `?besked=…` after a form sent the reader back to the letter.
    static func notice(_ message: String?) -> String? {
        switch message {
        case "gemt": "Brevet er gemt."
        case "annulleret": "Brevet er gemt. Ændringen har annulleret alle godkendelser: rådsmedlemmerne skal godkende igen."
        case "godkendt": "Din godkendelse er registreret."
        case "sendt": "Brevet er sendt til projektet og til orientering til Regionsdirektørkredsen og RSI-kredsen."
        case "responsum": "Responsum er indsendt. Det kan nu ses af rådssekretariatet, Regionsdirektørkredsen og RSI-kredsen."
        default: nil
        }
    }

    /// What the letter says (the same for every reader who may read it).
    static func content(_ c: CaseRepository.Summary, _ rows: Rows) -> Content {
        let (l, parties) = (rows.letter, rows.parties)
        var addressees: [Content.Addressee] = []
        if let chair = parties.steeringChair, !chair.isEmpty {
            addressees.append(.init(name: chair, role: "formand for projektets styregruppe", invented: parties.steeringChairInvented))
        }
        if let leader = parties.projectLeader, !leader.isEmpty { addressees.append(.init(name: leader, role: "projektleder")) }
        // A responsum saved as a draft is the project's own until it is submitted.
        let submitted = c.state != .brevSendt
        let recs = rows.answered.map { a in
            let answer = submitted ? a.answer : nil
            return (
                a.focusArea,
                Content.Rec(
                    id: a.id, number: a.number, theme: a.subTheme, html: RichText.html(a.body), answer: answer?.danishName,
                    action: answer == nil ? nil : a.action, actionDate: answer == nil ? nil : a.actionDate.map(DanishFormat.longDate),
                    followUp: a.followUp.danishName,
                    followUpOptions: FollowUpStatus.allCases.map { .init(value: $0.rawValue, name: $0.danishName, selected: $0 == a.followUp) })
            )
        }
        return Content(
            project: c.projectName, caseNumber: parties.caseNumber, caseNumberInvented: parties.caseNumberInvented, invented: c.invented,
            addressees: addressees,
            sent: l.sentAt.map(DanishFormat.dateTime), sentDate: l.sentAt.map(DanishFormat.longDate),
            responsumDue: l.responsumDue.map(DanishFormat.longDate), statementHTML: RichText.html(l.generalStatement),
            complexity: ComplexityCriterion.allCases.map {
                .init(name: $0.danishName, ticked: l.complexity.contains($0), comment: l.comments["k:" + $0.rawValue] ?? "")
            },
            risks: RiskCriterion.allCases.map {
                .init(name: $0.danishName, ticked: l.risks.contains($0), comment: l.comments["r:" + $0.rawValue] ?? "")
            },
            proposed: l.proposedProfile.danishName, final: l.finalProfile?.danishName,
            reason: l.profileReason.isEmpty ? nil : l.profileReason,
            areas: FocusArea.allCases.compactMap { area in
                let these = recs.filter { $0.0 == area }.map(\.1)
                return these.isEmpty ? nil : Content.Area(area: area.danishName, recommendations: these)
            },
            signatures: parties.signatures.map { .init(name: $0.name, date: DanishFormat.longDate($0.signedAt)) })
    }

    struct Changes: Encodable {
        struct Line: Encodable {
            let text: String
            let removed: Bool
        }
        let since: String
        let lines: [Line]
    }

    /// The letter as the lines a council member signs off: kept when they sign, compared when they are asked again.
    static func signedLines(_ l: LetterRepository.Letter) -> [String] {
        var lines = ["Samlet vurdering: " + l.generalStatement]
        lines += ComplexityCriterion.allCases.filter { l.complexity.contains($0) }.map {
            "Kompleksitet: \($0.danishName). \(l.comments["k:" + $0.rawValue] ?? "")"
        }
        lines += RiskCriterion.allCases.filter { l.risks.contains($0) }.map { "Risiko: \($0.danishName). \(l.comments["r:" + $0.rawValue] ?? "")" }
        lines.append("Risikoprofil: \(l.finalProfile?.rawValue ?? "–"). \(l.profileReason)")
        lines += l.recommendations.enumerated().map {
            "Anbefaling \($0.offset + 1) (\($0.element.focusArea.danishName) – \($0.element.subTheme)): \($0.element.body)"
        }
        return lines.map { $0.trimmingWhitespace() }
    }

    static func build(
        _ c: CaseRepository.Summary, appointments: [CaseRepository.Appointment], _ rows: Rows, viewer: Viewer,
        message: String?, error: String?, signedBefore: (body: String, at: Date)? = nil, send: (typed: String, error: String?) = ("", nil)
    ) -> Model {
        var sendErrors = FormErrors()
        if let e = send.error { sendErrors.add("responsum_due", e) }
        let user = viewer.councilUser
        let facts = c.facts(appointments)
        let (l, signOff) = (rows.letter, rows.signOff)
        let isOwner = user.has(.projectLeader) && c.leaderID == user.id
        let complete = l.version > 0 && l.finalProfile != nil && !l.recommendations.isEmpty
        return Model(
            page: PageInfo(title: "Anbefalingsbrev – \(c.projectName)", viewer: viewer, path: SiteURL.cases.path), caseID: c.id, urls: CaseURLs(c.id),
            letter: content(c, rows),
            signers: appointments.filter { $0.role == .councilMember }.map { .init(name: $0.name, signed: signOff.signed.contains($0.userID)) },
            canEdit: CasePolicy.mayEditLetter(user, facts),
            canSign: facts.signers.contains(user.id) && c.state == .vurdering && complete && !signOff.signed.contains(user.id),
            canSend: user.has(.secretariat) && c.state == .vurdering && signOff.isComplete,
            canAnswer: isOwner && c.state == .brevSendt, canFollowUp: isOwner && c.state.letterSent && c.state != .brevSendt,
            version: l.version, error: error, notice: notice(message),
            changes: changes(
                l, signedBefore: signedBefore, asked: facts.signers.contains(user.id) && c.state == .vurdering && !signOff.signed.contains(user.id)),
            typedDue: send.typed, dueError: send.error, errors: ErrorSummary(sendErrors))
    }

    static func changes(_ l: LetterRepository.Letter, signedBefore: (body: String, at: Date)?, asked: Bool) -> Changes? {
        guard asked, let signedBefore else { return nil }
        let lines = LineDiff.changes(from: signedBefore.body.components(separatedBy: "\n"), to: signedLines(l)).compactMap {
            change -> Changes.Line? in
            switch change {
            case .kept: nil
            case .removed(let text): .init(text: text, removed: true)
            case .added(let text): .init(text: text, removed: false)
            }
        }
        return lines.isEmpty ? nil : Changes(since: DanishFormat.dateTime(signedBefore.at), lines: lines)
    }

    /// The sent letter as a PDF: the same content, in the document layout.
    static func pdf(_ c: CaseRepository.Summary, _ rows: Rows) -> PDFModel {
        PDFModel(
            document: DocumentInfo(
                title: "Anbefalingsbrev – \(c.projectName)", description: "Regionernes It-råds anbefalingsbrev til \(c.projectName)"),
            letter: content(c, rows))
    }
}

/// The letter's form (`/raadet/sager/{id}/brev/rediger`), for the secretariat and the declared
/// council appointees: the saved letter, or what was typed with its errors (nothing typed is lost).
enum LetterFormPage {
    static let template = "letter_form"

    struct Model: Encodable {
        struct Check: Encodable {
            let code: String
            let name: String
            let ticked: Bool
            let comment: String
        }
        struct Option: Encodable {
            let value: String
            let name: String
            let selected: Bool
        }
        let page: PageInfo
        let caseID: Int64
        let urls: CaseURLs
        let version: Int
        let statement: String
        let complexity: [Check]
        let risks: [Check]
        let profiles: [Option]
        let proposed: String
        let reason: String
        let rows: [RecommendationRows.Row]
        let errors: ErrorSummary?
        let signedWarning: Bool
    }

    /// How many council members have signed the letter as it is (an edit voids their sign-offs).
    static func query(_ letters: LetterRepository, caseID: Int64) async throws -> Int {
        try await letters.signOff(caseID: caseID).signed.count
    }

    /// - Parameter l: the saved letter, or the one typed.
    static func build(caseID: Int64, _ l: LetterRepository.Letter, signed: Int, errors: FormErrors, viewer: Viewer) -> Model {
        Model(
            page: PageInfo(title: "Skriv anbefalingsbrevet", viewer: viewer, path: SiteURL.cases.path), caseID: caseID, urls: CaseURLs(caseID),
            version: l.version, statement: l.generalStatement,
            complexity: ComplexityCriterion.allCases.map {
                .init(code: "k:" + $0.rawValue, name: $0.danishName, ticked: l.complexity.contains($0), comment: l.comments["k:" + $0.rawValue] ?? "")
            },
            risks: RiskCriterion.allCases.map {
                .init(code: "r:" + $0.rawValue, name: $0.danishName, ticked: l.risks.contains($0), comment: l.comments["r:" + $0.rawValue] ?? "")
            },
            profiles: RiskProfile.allCases.map { .init(value: $0.rawValue, name: $0.danishName, selected: l.finalProfile == $0) },
            proposed: l.proposedProfile.danishName, reason: l.profileReason,
            rows: RecommendationRows.rows(l.recommendations), errors: ErrorSummary(errors), signedWarning: signed > 0)
    }
}
