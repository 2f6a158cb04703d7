import Database
import Domain
import Foundation

/// The confirmation before a meeting is published (now or at a planned time) or marked held: what
/// will happen, who will be told, and what on the agenda looks unfinished.
enum MeetingConfirmPage {
    static let template = "meeting_confirm"

    enum Kind { case publish, held }

    struct Values {
        var when = "nu"
        var date = ""
        var time = ""
    }

    struct Model: Encodable {
        let page: PageInfo
        let heading: String
        let meeting: BoardPage.MeetingRow
        let backURL: String
        let action: String
        let happens: [String]
        let told: [String]
        let hasTold: Bool
        let toldNote: String
        let unfinished: [String]
        let hasUnfinished: Bool
        let publish: Bool
        let canConfirm: Bool
        let refusal: String?
        let errors: ErrorSummary?
        let now: Bool
        let planned: Bool
        let date: String
        let time: String
        let dateError: String?
        let timeError: String?
        let plannedNote: String?
        let confirmLabel: String
    }

    static func build(
        _ kind: Kind, _ meeting: Meeting, _ cycle: MeetingCycleRepository.Cycle, members: [MeetingCycleRepository.Member], sendsMail: Bool,
        values: Values, errors: FormErrors, refusal: String?, viewer: Viewer
    ) -> Model {
        let id = meeting.id
        var happens: [String]
        var told: [String] = []
        var toldNote: String
        var unfinished = MeetingCycle.unfinished(cycle.items)
        var canConfirm: Bool
        switch kind {
        case .publish:
            happens = [
                "Dagsordenen bliver offentlig: alle kan læse mødets tid, sted og de offentlige punkter; fortrolige punkter vises som »N (Fortrolig)«.",
                "Bestyrelsens medlemmer kan læse alle punkter, også de fortrolige.",
                "Rettelser efter offentliggørelsen vises på dagsordenen som rettelser, og bestyrelsen får besked om dem.",
                "Vælger du et tidspunkt, offentliggøres mødet af sig selv på det tidspunkt – én gang. Indtil da kan du rette dagsordenen.",
            ]
            if cycle.items.isEmpty { unfinished.insert("Dagsordenen har ingen punkter.", at: 0) }
            told = members.map { $0.email.isEmpty ? "\($0.fullName) (ingen e-mailadresse)" : "\($0.fullName) <\($0.email)>" }
            toldNote =
                sendsMail
                ? "Bestyrelsens medlemmer får en e-mail med mødets tid, sted og et link (uden fortrolige oplysninger), når mødet offentliggøres."
                : "Der er ingen mailserver sat op, så der sendes ingen e-mail. Disse medlemmer ville ellers få besked:"
            canConfirm = cycle.status == .draft
        case .held:
            happens = [
                "Mødet står som afholdt for alle.",
                "Du kan registrere fremmøde og beslutninger og sende referatet til kommentering hos bestyrelsen.",
                "Mødet kan ikke gøres til kladde eller offentliggjort igen.",
            ]
            toldNote = "Ingen får besked, før referatet sendes til kommentering."
            for item in cycle.items where item.decision.trimmingWhitespace().isEmpty {
                unfinished.append("Punkt \(item.number) (\(item.title)): ingen beslutning registreret endnu")
            }
            canConfirm = MeetingCycle.mayMarkHeld(cycle.status, startsAt: cycle.startsAt, now: viewer.now)
        }
        var refusal = refusal
        if refusal == nil && !canConfirm {
            refusal =
                switch (kind, cycle.status) {
                case (.publish, _): "Mødet er allerede offentliggjort."
                case (.held, .published): "Mødet kan først markeres som afholdt på mødedagen, \(DanishFormat.longDate(meeting.startsAt))."
                case (.held, .draft): "Mødet skal offentliggøres, før det kan markeres som afholdt."
                case (.held, .held): "Mødet er allerede markeret som afholdt."
                }
        }
        let publish = kind == .publish
        return Model(
            page: PageInfo(
                title: (publish ? "Offentliggør mødet" : "Markér mødet som afholdt")
                    + " – \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))",
                viewer: viewer, path: SiteURL.meetings.path),
            heading: publish ? "Offentliggør mødet" : "Markér mødet som afholdt", meeting: BoardPage.row(meeting, now: viewer.now),
            backURL: SiteURL.meeting(.value(id)).path,
            action: publish ? SiteURL.meetingPublish(.value(id)).path : SiteURL.meetingHeld(.value(id)).path, happens: happens, told: told,
            hasTold: !told.isEmpty, toldNote: toldNote, unfinished: unfinished, hasUnfinished: !unfinished.isEmpty, publish: publish,
            canConfirm: canConfirm, refusal: refusal, errors: ErrorSummary(errors), now: values.when != "planlagt",
            planned: values.when == "planlagt", date: values.date, time: values.time, dateError: errors["dato"], timeError: errors["tid"],
            plannedNote: cycle.publishAt.map { "Mødet er planlagt til at blive offentliggjort \(DanishFormat.dateTime($0))." },
            confirmLabel: publish ? "Offentliggør" : "Markér som afholdt")
    }
}

/// The attendance form: each board member attended, sent apologies, or is not yet recorded; one
/// who attended may have left during an item.
enum AttendancePage {
    static let template = "meeting_attendance"

    struct Model: Encodable {
        struct Option: Encodable {
            let value: String
            let label: String
            let selected: Bool
        }
        struct Member: Encodable {
            let id: Int64
            let name: String
            let notRecorded: Bool
            let present: Bool
            let apologies: Bool
            let left: [Option]
            let error: String?
        }
        let page: PageInfo
        let meeting: BoardPage.MeetingRow
        let minutesURL: String
        let action: String
        let members: [Member]
        let hasMembers: Bool
        let errors: ErrorSummary?
        let refusal: String?
        let frozen: Bool
    }

    static func build(
        _ meeting: Meeting, _ cycle: MeetingCycleRepository.Cycle, typed: [MeetingCycleRepository.AttendanceEntry]?, errors: FormErrors,
        refusal: String?, viewer: Viewer
    ) -> Model {
        let members = cycle.attendance.map { row -> Model.Member in
            let entry = typed?.first { $0.userID == row.userID }
            let attendance = typed == nil ? row.attendance : entry?.attendance
            let left = typed == nil ? row.leftDuringItem : entry?.leftDuringItem
            return Model.Member(
                id: row.userID, name: row.fullName, notRecorded: attendance == nil, present: attendance == .present,
                apologies: attendance == .apologies,
                left: [Model.Option(value: "", label: "Blev hele mødet", selected: left == nil)]
                    + cycle.items.map { Model.Option(value: String($0.number), label: "Under punkt \($0.number)", selected: left == $0.number) },
                error: errors["l-\(row.userID)"])
        }
        return Model(
            page: PageInfo(
                title: "Fremmøde – \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))", viewer: viewer, path: SiteURL.meetings.path),
            meeting: BoardPage.row(meeting, now: viewer.now), minutesURL: SiteURL.minutes(.value(meeting.id)).path,
            action: SiteURL.meetingAttendance(.value(meeting.id)).path, members: members, hasMembers: !members.isEmpty,
            errors: ErrorSummary(errors),
            refusal: refusal
                ?? (cycle.minutesStatus.isFrozen
                    ? "Referatet er godkendt og kan ikke længere ændres."
                    : MeetingCycle.minutesOpen(cycle.status, startsAt: cycle.startsAt, now: viewer.now)
                        ? nil : "Fremmødet registreres på eller efter mødedagen."),
            frozen: cycle.minutesStatus.isFrozen)
    }
}

/// The confirmation of the minutes' approval, with the date of the approval.
enum MinutesApprovePage {
    static let template = "minutes_approve"

    struct Model: Encodable {
        let page: PageInfo
        let meeting: BoardPage.MeetingRow
        let minutesURL: String
        let action: String
        let date: String
        let dateError: String?
        let errors: ErrorSummary?
        let refusal: String?
        let canConfirm: Bool
        let comments: Int
    }

    static func build(
        _ meeting: Meeting, _ cycle: MeetingCycleRepository.Cycle, day: String, errors: FormErrors, refusal: String?, viewer: Viewer
    ) -> Model {
        let canConfirm = cycle.minutesStatus.canMove(to: .approved)
        return Model(
            page: PageInfo(
                title: "Godkend referatet – \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))", viewer: viewer, path: SiteURL.meetings.path),
            meeting: BoardPage.row(meeting, now: viewer.now), minutesURL: SiteURL.minutes(.value(meeting.id)).path,
            action: SiteURL.minutesApprove(.value(meeting.id)).path, date: day, dateError: errors["dato"], errors: ErrorSummary(errors),
            refusal: refusal
                ?? (canConfirm
                    ? nil
                    : cycle.minutesStatus == .approved ? "Referatet er allerede godkendt." : "Referatet skal sendes til kommentering først."),
            canConfirm: canConfirm, comments: cycle.comments.count)
    }
}

/// The minutes' own part of the minutes page: their state, the attendance, the approval, the
/// board members' comments and the secretariat's next steps.
struct MinutesCycleView: Encodable {
    struct Person: Encodable {
        let name: String
        let note: String?
    }
    struct CommentView: Encodable {
        let author: String
        let at: String
        let html: String
    }
    let status: String
    let approved: Bool
    let approvedText: String?
    /// Whether the reader sees the decisions and attendance: the public once approved, board
    /// members from the review on, the secretariat always.
    let showsContent: Bool
    let notYetPublic: String?
    let present: [Person]
    let apologies: [Person]
    let hasAttendance: Bool
    let comments: [CommentView]
    let showsComments: Bool
    let hasComments: Bool
    let mayComment: Bool
    let commentURL: String
    let secretariat: Bool
    let attendanceURL: String?
    let reviewURL: String?
    let approveURL: String?
    let notice: String?

    init(_ meeting: Meeting, _ cycle: MeetingCycleRepository.Cycle, viewer: Viewer, message: String?) {
        let roles = viewer.roles
        let isSecretariat = roles.contains(.boardSecretariat)
        let isMember = roles.contains(.boardMember)
        let open = MeetingCycle.minutesOpen(cycle.status, startsAt: cycle.startsAt, now: viewer.now)
        let id = meeting.id
        status = cycle.minutesStatus.danishName
        approved = cycle.minutesStatus == .approved
        approvedText = cycle.approvedOn.map {
            "Godkendt den \(DanishFormat.longDate($0))" + (cycle.approvedBy.isEmpty ? "" : " af \(cycle.approvedBy)")
        }
        showsContent = cycle.minutesStatus.showsDecisions(to: roles)
        notYetPublic =
            showsContent || !open
            ? nil : "Referatet er endnu ikke godkendt. Beslutningerne og fremmødet vises her, når bestyrelsen har godkendt referatet."
        present = cycle.attendance.filter { $0.attendance == .present }.map {
            Person(name: $0.fullName, note: $0.leftDuringItem.map { "forlod mødet under punkt \($0)" })
        }
        apologies = cycle.attendance.filter { $0.attendance == .apologies }.map { Person(name: $0.fullName, note: nil) }
        hasAttendance = !present.isEmpty || !apologies.isEmpty
        showsComments = isSecretariat || isMember
        comments =
            showsComments
            ? cycle.comments.map { CommentView(author: $0.author, at: DanishFormat.dateTime($0.at), html: RichText.html($0.body)) } : []
        hasComments = !comments.isEmpty
        mayComment = isMember && cycle.minutesStatus == .review
        commentURL = SiteURL.minutesComments(.value(id)).path
        secretariat = isSecretariat
        attendanceURL = isSecretariat && open && !approved ? SiteURL.meetingAttendance(.value(id)).path : nil
        reviewURL = isSecretariat && open && cycle.minutesStatus == .draft ? SiteURL.minutesReview(.value(id)).path : nil
        approveURL = isSecretariat && cycle.minutesStatus == .review ? SiteURL.minutesApprove(.value(id)).path : nil
        notice =
            switch message {
            case "fremmoede": "Fremmødet er gemt."
            case "kommentering": "Referatet er sendt til kommentering hos bestyrelsen."
            case "kommentar": "Din kommentar er gemt."
            case "kommentar-tom": "Skriv en kommentar (højst 5.000 tegn)."
            case "godkendt": "Referatet er godkendt og kan ikke længere ændres."
            case "afvist": "Det kunne ikke lade sig gøre i referatets nuværende tilstand."
            case "laast": "Referatet er godkendt, så beslutningerne kan ikke længere ændres."
            default: nil
            }
    }
}
