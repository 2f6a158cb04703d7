/// Who may see and do what: one set of pure functions over the user, their roles and the object's
/// facts. Routes check `Capability` before their handler runs (the rule per route), handlers
/// call the object rules below (the rule per object), and the navigation shows a link exactly
/// when the reader has the capability of the page behind it, so the three cannot disagree.
public enum Capability: Sendable, CaseIterable, Hashable {
    /// The council's case list and case pages (each case then by `CasePolicy.maySee`).
    case readCases
    /// The council's projects and activities (a project leader's own only).
    case readProjects
    /// Register a project (indmelding), ask for a sparringsmøde or an assessment.
    case registerProjects
    /// The secretariat's requests page: the project leader's own requests, or all for the secretariat.
    case readRequests
    /// The secretariat's overview of cases, deadlines and follow-up.
    case readOverview
    /// Sparringsmøder: read (each meeting then by its appointees).
    case readSparring
    /// The secretariat's work: planning, sending letters, sparring, the council's pages and library,
    /// annual reports, deciding requests.
    case runCouncil
    /// Build the board's meetings, items, attachments and status notes; take a report to the board.
    case runBoard
    /// A board member's own reading aids: read marks and private notes.
    case readAsBoardMember
    /// Accounts, roles, the audit log, two-factor requirements.
    case administer

    /// The roles that have the capability.
    public var roles: Set<Role> {
        switch self {
        case .readCases: [.secretariat, .councilMember, .director, .admin, .projectLeader, .assessor]
        case .readProjects: [.secretariat, .councilMember, .director, .admin, .projectLeader, .assessor]
        case .registerProjects: [.projectLeader]
        case .readRequests: [.projectLeader, .secretariat]
        case .readOverview: [.secretariat, .councilMember, .admin]
        case .readSparring: [.secretariat, .councilMember, .admin, .projectLeader]
        case .runCouncil: [.secretariat]
        case .runBoard: [.boardSecretariat]
        case .readAsBoardMember: [.boardMember]
        case .administer: [.admin]
        }
    }
}

extension User {
    /// Whether the user holds a role with the capability.
    public func may(_ capability: Capability) -> Bool { !roles.isDisjoint(with: capability.roles) }
}

extension CaseState {
    /// The letter has gone to the project: it, the responsum and the follow-up are readable by the
    /// project and the directors from here on.
    public var letterSent: Bool { self == .brevSendt || self == .responsumModtaget || self == .afsluttet }

    /// The assessment has begun: the appointed see the letter being drafted and their observations.
    public var assessmentStarted: Bool { self == .vurdering || letterSent }
}

/// The facts about one case that decide who sees it.
public struct CaseFacts: Sendable, Equatable {
    public var state: CaseState
    /// The project's leader.
    public var leaderID: Int64?
    /// A request under the threshold that a director (or another body) decides.
    public var needsDecision: Bool
    /// The council members and assessors appointed to it.
    public var appointed: Set<Int64>
    /// The appointed council members who have declared their impartiality: the letter's signers.
    public var signers: Set<Int64>

    public init(state: CaseState, leaderID: Int64?, needsDecision: Bool, appointed: Set<Int64>, signers: Set<Int64>) {
        self.state = state
        self.leaderID = leaderID
        self.needsDecision = needsDecision
        self.appointed = appointed
        self.signers = signers
    }
}

/// The object rules of the council's cases.
public enum CasePolicy {
    /// The secretariat, council members and admins see every case; the appointed see theirs; a
    /// project leader sees their own project's; a director sees a case once it has something to
    /// decide (a submitted request) or to read (a sent letter). Anyone else: the case does not exist.
    public static func maySee(_ user: User, _ c: CaseFacts) -> Bool {
        let roles = user.roles
        return !roles.isDisjoint(with: [.secretariat, .councilMember, .admin])
            || c.appointed.contains(user.id)
            || (roles.contains(.projectLeader) && c.leaderID == user.id)
            || (roles.contains(.director) && directorSees(c))
    }

    /// What reaches Regionsdirektørkredsen: requests to decide, sent letters and responsa.
    public static func directorSees(_ c: CaseFacts) -> Bool {
        (c.needsDecision && c.state != .kladde) || c.state.letterSent
    }

    /// The project leader of the case, who registers, sends material, answers and evaluates.
    public static func isProjectLeader(_ user: User, _ c: CaseFacts) -> Bool {
        user.has(.projectLeader) && c.leaderID == user.id
    }

    /// A request under the threshold is decided while it waits for the decision: by a director in
    /// the system, or by the secretariat recording a decision taken at a meeting.
    public static func mayDecide(_ user: User, _ c: CaseFacts) -> Bool {
        (user.has(.director) || user.has(.secretariat)) && c.state == .afventerBeslutning
    }

    /// The letter, once the assessment has begun: the secretariat and the signers while it is
    /// written; after sending also the project leader and the directors.
    public static func mayReadLetter(_ user: User, _ c: CaseFacts) -> Bool {
        guard maySee(user, c), c.state.assessmentStarted else { return false }
        return user.has(.secretariat) || c.signers.contains(user.id)
            || (c.state.letterSent && (isProjectLeader(user, c) || user.has(.director)))
    }

    /// The letter is edited (and signed) only while the case is being assessed, by the secretariat
    /// and the signers.
    public static func mayEditLetter(_ user: User, _ c: CaseFacts) -> Bool {
        mayReadLetter(user, c) && c.state == .vurdering && (user.has(.secretariat) || c.signers.contains(user.id))
    }
}

/// Who may read what on the board's agendas.
public enum BoardAccess {
    /// Board members and the board secretariat read the whole agenda, confidential items included.
    public static func mayReadConfidential(_ roles: Set<Role>) -> Bool {
        roles.contains(.boardMember) || roles.contains(.boardSecretariat)
    }

    /// A draft meeting is the board secretariat's alone until it is published.
    public static func mayReadDraft(_ roles: Set<Role>) -> Bool {
        roles.contains(.boardSecretariat)
    }

    /// The one rule for an agenda item: a public item is anyone's; a confidential item is read by
    /// those whose roles may read confidential items, unless the board secretariat has excluded the
    /// reader from that item (inhabilitet): they read it as the public does, "N (Fortrolig)".
    /// The repositories' SQL (`BoardRepository.visibleItemCondition`) says the same in PostgreSQL.
    public static func mayRead(confidential: Bool, reader: ItemReader, excludedUserIDs: Set<Int64>) -> Bool {
        guard confidential else { return true }
        guard reader.mayReadConfidential else { return false }
        guard let id = reader.userID else { return true }
        return !excludedUserIDs.contains(id)
    }

    /// Who the board secretariat may exclude from an item: board members (the secretariat prepares
    /// the agenda and cannot be excluded from it), and only from a confidential item: a public item
    /// is read by everyone anyway.
    public static func mayBeExcluded(_ roles: Set<Role>) -> Bool {
        roles.contains(.boardMember) && !roles.contains(.boardSecretariat)
    }

    /// Marking exclusions is the board secretariat's.
    public static func mayManageExclusions(_ roles: Set<Role>) -> Bool {
        roles.contains(.boardSecretariat)
    }
}

/// Who reads agenda items: whether their roles let them read confidential items at all, and who
/// they are, so that an exclusion from one item (inhabilitet) applies to them. Every query over
/// agenda items and their attachments takes one of these (see `BoardAccess.mayRead`).
public struct ItemReader: Sendable, Hashable {
    public let userID: Int64?
    public let mayReadConfidential: Bool

    public init(userID: Int64?, mayReadConfidential: Bool) {
        self.userID = userID
        self.mayReadConfidential = mayReadConfidential
    }

    /// The logged-in user (nil: the public).
    public init(user: User?) {
        self.init(userID: user?.id, mayReadConfidential: BoardAccess.mayReadConfidential(user?.roles ?? []))
    }

    /// The public: confidential items are withheld.
    public static let anonymous = ItemReader(userID: nil, mayReadConfidential: false)
    /// The system itself, e.g. the board secretariat's editor or a check that the item exists:
    /// nobody is excluded.
    public static let system = ItemReader(userID: nil, mayReadConfidential: true)
}

/// Who works in the council's part of the portal.
public enum CouncilAccess {
    /// Roles that see every project of the council (a project leader sees only their own).
    public static func seesAllProjects(_ roles: Set<Role>) -> Bool {
        !roles.isDisjoint(with: [.secretariat, .councilMember, .director, .admin])
    }

    public static func usesCouncil(_ roles: Set<Role>) -> Bool {
        !roles.isDisjoint(with: Capability.readProjects.roles)
    }
}
