import Foundation

/// The council's process as the public reads it, written from the same values the application
/// enforces (`CouncilParameters`), so the description and the rules cannot drift apart.
public enum CouncilProcess {
    public struct Step: Sendable, Equatable {
        public let title: String
        public let text: String
    }

    /// Who must be assessed and who may ask (seed 003).
    public static func whoIsAssessed(_ p: CouncilParameters) -> [String] {
        [
            "Alle fællesregionale it- og digitaliseringsprojekter med et budget over \(p.threshold) skal risikovurderes.",
            "Fællesoffentlige it-projekter, hvor den regionale del udgør mere end \(p.threshold), skal risikovurderes.",
            "Projekter under beløbsgrænsen kan bede om en risikovurdering, hvis det er hensigtsmæssigt af andre årsager (\(RequestReason.examples)). Det beror på en konkret vurdering hos fx \(DecidingBody.examples).",
            "It-rådet kan vurdere projekter i de enkelte regioner, hvis regionerne eller regionsdirektørerne ønsker dette.",
        ]
    }

    /// The steps of a risk assessment, from intake to evaluation.
    public static func steps(_ p: CouncilParameters) -> [Step] {
        let range = "\(p.assessorRange.lowerBound)–\(p.assessorRange.upperBound)"
        return [
            Step(
                title: "Indmelding",
                text:
                    "Projektlederen indmelder projektet i Rådsportalen: navn, formål, projektledende region(er), budget, fase i RSI's projektmodel, styregruppe og ønsket tidspunkt. Indmeldingen bør ske senest \(p.noticeMonths) måneder før det ønskede tidspunkt; senere indmelding er mulig, men markeres for rådssekretariatet."
            ),
            Step(
                title: "Planlægning",
                text:
                    "Rådssekretariatet planlægger risikovurderingen og udpeger som regel \(p.usualCouncilMembers) rådsmedlemmer og et vurderingsteam på \(range) regionale eksperter. Ingen, der sidder eller har siddet i projektets styregruppe eller har en anden interesse i projektet, kan deltage (habilitet); hver udpeget afgiver en habilitetserklæring. Rådsmedlemmer udpeges personligt."
            ),
            Step(
                title: "Materiale",
                text:
                    "Projektet sender sin projektinitieringsdokumentation (PID) og sine governancedokumenter. Vurderingen løber over ca. \(p.assessmentWorkingDays) arbejdsdage fra materialet er modtaget. \(p.workingDaysRule)"
            ),
            Step(
                title: "Vurdering og dialogmøde",
                text:
                    "Vurderingsteamet gennemgår materialet og noterer sine observationer. It-rådet holder et dialogmøde med projektlederen, styregruppeformanden og andre relevante."
            ),
            Step(
                title: "Anbefalingsbrev",
                text:
                    "It-rådet skriver et anbefalingsbrev med en generel vurdering, en risikoprofil (\(RiskProfile.allCases.map(\.danishName).joined(separator: ", "))) og konkrete anbefalinger inden for fire fokusområder: \(FocusArea.allCases.map(\.danishName).joined(separator: ", ")). Profilen foreslås ud fra projektets kompleksitet og kritiske risici; rådet kan vælge en anden med en skriftlig begrundelse."
            ),
            Step(
                title: "Godkendelse",
                text:
                    "Hvert udpeget rådsmedlem godkender brevet. Ændres brevet efter en godkendelse, bortfalder alle godkendelser. Kun et brev, som alle har godkendt, kan sendes."
            ),
            Step(
                title: "Afsendelse",
                text:
                    "Brevet sendes til projektet og til orientering til Regionsdirektørkredsen og RSI-kredsen, med en frist for projektets responsum."
            ),
            Step(
                title: "Responsum",
                text:
                    "Projektet svarer på hver anbefaling: om og hvordan den indarbejdes, med en planlagt handling og dato. Anbefalingerne følges derefter op."
            ),
            Step(
                title: "Evaluering",
                text:
                    "Efter risikovurderingen evaluerer projektet forløbet og værdien. It-rådet måler sig selv på svarene og beretter om dem i årsrapporten."
            ),
        ]
    }
}
