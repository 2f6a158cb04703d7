/// A project's expected costs rising after the intake (seed: when the expected costs, for a
/// cross-public project the regional share, rise above 10 mio. kr., the project must be assessed).
/// The project leader or the secretariat records the new figure on the case; above the threshold
/// the case becomes one that must be assessed, whatever became of the request, with the date and
/// who recorded it. Below the threshold the figure is recorded and the kind stays.
public enum CostRise {
    /// The field's label: for a cross-public project the figure is the regions' share.
    public static func label(_ kind: ProjectKind) -> String {
        kind == .faellesoffentlig ? "Nye forventede udgifter, regionernes andel (mio. kr.)" : "Nye forventede udgifter (mio. kr.)"
    }

    /// Whether the case is one where the figure may change what it is: a joint project that was
    /// submitted below the threshold (a single region's own project is assessed at the regions'
    /// wish, whatever it costs; a draft's figures are edited in the intake itself).
    public static func applies(kind: ProjectKind?, requirement: AssessmentRequirement?, state: CaseState) -> Bool {
        guard let kind, kind != .regional, state != .kladde else { return false }
        return requirement == .voluntary
    }

    /// The case's project leader and the secretariat record the figure.
    public static func mayRecord(_ user: User, _ c: CaseFacts) -> Bool {
        user.has(.secretariat) || CasePolicy.isProjectLeader(user, c)
    }

    /// The typed figure in mio. kr., or why it cannot be read (a figure of 10.000 or more is read
    /// as kroner by `KronerReading` before this, for the person to confirm).
    public static func parse(_ typed: String) -> Result<Double, CaseRefusal> {
        let t = typed.trimmingWhitespace()
        if t.isEmpty { return .failure(CaseRefusal("Skriv de nye forventede udgifter i mio. kr., fx 12,5.")) }
        guard t.count <= 40, let value = DanishFormat.parseNumber(t), value.isFinite else {
            return .failure(CaseRefusal("Udgifterne kunne ikke læses. Skriv et tal i mio. kr., fx 12,5."))
        }
        if value <= 0 { return .failure(CaseRefusal("Udgifterne skal være større end 0 mio. kr.")) }
        return .success(value)
    }

    /// What recording `millions` does to a case of `kind` and `scope` now in `state`.
    public struct Outcome: Sendable, Equatable {
        public let requirement: AssessmentRequirement
        public let state: CaseState
        /// The figure made the case one that must be assessed.
        public var madeMandatory: Bool { requirement == .mandatory }
    }

    public static func outcome(
        millions: Double, kind: ProjectKind, scope: ProjectScope?, state: CaseState, threshold: Double = CouncilRules.thresholdMillions
    ) -> Outcome {
        let byBudget = AssessmentRequirement.evaluate(
            kind: kind, budgetMillions: millions, regionalShareMillions: millions, threshold: threshold)
        let requirement = scope?.requirement(byBudget) ?? byBudget
        guard requirement == .mandatory else { return Outcome(requirement: .voluntary, state: state) }
        // Must be assessed: a request waiting for its decision, or one that was declined, goes to
        // the secretariat's planning as a submitted case over the threshold does; a case already
        // accepted keeps its place in the process.
        let next: CaseState = state == .afventerBeslutning || state == .afvist ? .planlaegning : state
        return Outcome(requirement: .mandatory, state: next)
    }

    /// The figure as recorded, to the hundredth: "9,99 mio. kr." (not rounded up to the threshold).
    public static func figure(_ millions: Double) -> String { DanishFormat.number(millions, decimals: 2) + " mio. kr." }

    /// The timeline's and audit log's detail: "14,2 mio. kr.; sagen skal nu risikovurderes".
    public static func detail(millions: Double, _ outcome: Outcome) -> String {
        figure(millions)
            + (outcome.madeMandatory ? "; over tærsklen: projektet skal nu risikovurderes" : "; under tærsklen: sagen er uændret")
    }
}
