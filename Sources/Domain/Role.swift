/// The roles of DESIGN.md. A person may hold several.
public enum Role: String, CaseIterable, Sendable, Codable, Comparable {
    case projectLeader = "project_leader"
    case secretariat = "secretariat"
    case councilMember = "council_member"
    case assessor = "assessor"
    case boardSecretariat = "board_secretariat"
    case boardMember = "board_member"
    case director = "director"
    case admin = "admin"

    /// The Danish name shown in the interface.
    public var danishName: String {
        switch self {
        case .projectLeader: "Projektleder"
        case .secretariat: "Rådssekretariatet"
        case .councilMember: "Rådsmedlem"
        case .assessor: "Vurderer (vurderingsteam)"
        case .boardSecretariat: "Bestyrelsessekretariatet"
        case .boardMember: "Bestyrelsesmedlem"
        case .director: "Regionsdirektørkredsen / RSI-kredsen"
        case .admin: "Administrator"
        }
    }

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Parses the stored codes, ignoring unknown ones.
    public static func set(from codes: [String]) -> Set<Role> {
        Set(codes.compactMap(Role.init(rawValue:)))
    }
}

/// Who may read what on the board's agendas.
public enum BoardAccess {
    /// Board members and the board secretariat read the whole agenda, confidential items included.
    public static func mayReadConfidential(_ roles: Set<Role>) -> Bool {
        roles.contains(.boardMember) || roles.contains(.boardSecretariat)
    }
}

/// Who works in the council's part of the portal.
public enum CouncilAccess {
    /// Roles that see every project of the council (a project leader sees only their own).
    public static func seesAllProjects(_ roles: Set<Role>) -> Bool {
        !roles.isDisjoint(with: [.secretariat, .councilMember, .director, .admin])
    }

    public static func usesCouncil(_ roles: Set<Role>) -> Bool {
        seesAllProjects(roles) || roles.contains(.projectLeader) || roles.contains(.assessor)
    }
}
