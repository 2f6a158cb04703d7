/// The life of an assessment case, as an explicit state machine. An invalid transition is refused
/// with a Danish message and changes nothing.
public enum CaseState: String, CaseIterable, Sendable {
    case kladde
    case afventerBeslutning = "afventer_beslutning"
    case afvist
    case planlaegning
    case afventerMateriale = "afventer_materiale"
    case vurdering
    case brevSendt = "brev_sendt"
    case responsumModtaget = "responsum_modtaget"
    case afsluttet

    public var danishName: String {
        switch self {
        case .kladde: "Kladde"
        case .afventerBeslutning: "Afventer beslutning"
        case .afvist: "Afvist"
        case .planlaegning: "Planlægning"
        case .afventerMateriale: "Afventer materiale"
        case .vurdering: "Vurdering"
        case .brevSendt: "Anbefalingsbrev sendt"
        case .responsumModtaget: "Responsum modtaget"
        case .afsluttet: "Afsluttet"
        }
    }

    /// Whose move it is.
    public var nextActor: Role? {
        switch self {
        case .kladde, .afventerMateriale, .brevSendt, .responsumModtaget: .projectLeader
        case .afventerBeslutning: .director
        case .planlaegning: .secretariat
        case .vurdering: .councilMember
        case .afvist, .afsluttet: nil
        }
    }
}

public enum CaseEvent: Sendable, Equatable {
    case submit(AssessmentRequirement)
    case decide(accepted: Bool)
    case planned
    case materialReceived
    case letterSent(LetterSignOff)
    case responsumSubmitted
    case evaluationSubmitted
}

public struct CaseRefusal: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public enum AssessmentCase {
    /// The state after `event`, or a refusal that says why in Danish.
    public static func apply(_ event: CaseEvent, to state: CaseState) throws(CaseRefusal) -> CaseState {
        switch (state, event) {
        case (.kladde, .submit(let requirement)):
            return requirement == .mandatory ? .planlaegning : .afventerBeslutning
        case (.afventerBeslutning, .decide(let accepted)):
            return accepted ? .planlaegning : .afvist
        case (.planlaegning, .planned):
            return .afventerMateriale
        case (.afventerMateriale, .materialReceived):
            return .vurdering
        case (.vurdering, .letterSent(let signOff)):
            do { try signOff.checkSendable() } catch { throw CaseRefusal(error.description) }
            return .brevSendt
        case (.brevSendt, .responsumSubmitted):
            return .responsumModtaget
        case (.responsumModtaget, .evaluationSubmitted):
            return .afsluttet
        case (_, .responsumSubmitted) where state == .responsumModtaget || state == .afsluttet:
            throw CaseRefusal("Responsum er allerede indsendt; der kan kun indsendes ét.")
        case (_, .letterSent):
            throw CaseRefusal("Anbefalingsbrevet kan kun sendes, mens sagen er under vurdering (nu: \(state.danishName)).")
        default:
            throw CaseRefusal("Handlingen er ikke mulig, når sagen har status »\(state.danishName)«.")
        }
    }
}
