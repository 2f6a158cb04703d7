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
        case .director: "Direktør"
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
