import Domain
import Foundation

/// New expected costs recorded on a case (issue 18, point 1; sql/023): each figure with its date
/// and who recorded it; a figure above the threshold makes the case one that must be assessed.
extension CaseRepository {
    public struct CostChange: Sendable, Equatable {
        public let millions: Double
        public let recordedAt: Date
        public let recordedBy: String
        public let madeMandatory: Bool
    }

    /// The case's recorded figures, oldest first.
    public func costChanges(caseID: Int64) async throws -> [CostChange] {
        try await pool.run(Self.costChangesQuery(caseID: caseID))
    }

    static func costChangesQuery(caseID: Int64) -> Query<[CostChange]> {
        Query(
            """
            SELECT millions::text AS millions, recorded_at, recorded_by_name, made_mandatory
            FROM case_cost_changes WHERE case_id = $1 ORDER BY recorded_at, id
            """, [caseID]
        ) { result in
            try result.rows.map {
                CostChange(
                    millions: Double(try $0.decode("millions", as: String.self)) ?? 0, recordedAt: try $0.decode("recorded_at"),
                    recordedBy: try $0.decode("recorded_by_name"), madeMandatory: try $0.decode("made_mandatory"))
            }
        }
    }

    /// Records the figure if the case is still in `expected` state and below the threshold, and
    /// applies `outcome` (decided by `CostRise.outcome` on that state). Nil when the case does not
    /// exist; a refusal when it has moved on meanwhile.
    public func recordCost(
        caseID: Int64, millions: Double, expected: CaseState, outcome: CostRise.Outcome, userID: Int64, name: String,
        audit: AuditRepository.Entry, notify: [MailDraft] = []
    ) async throws -> Result<CostRise.Outcome, CaseRefusal>? {
        try await pool.transaction { conn -> Result<CostRise.Outcome, CaseRefusal>? in
            guard let row = try conn.query("SELECT state, requirement FROM assessment_cases WHERE id = $1 FOR UPDATE", [caseID]).first else {
                return nil
            }
            let state: String = try row.decode("state")
            let requirement: String? = try row.decode("requirement")
            guard state == expected.rawValue, requirement == "voluntary" else {
                return .failure(CaseRefusal("Sagen er ændret, mens du skrev. Se sagen igen, før du registrerer udgifterne."))
            }
            try conn.query(
                """
                INSERT INTO case_cost_changes (case_id, millions, recorded_by, recorded_by_name, made_mandatory)
                VALUES ($1, $2::numeric, $3, $4, $5)
                """, [caseID, String(millions), userID, name, outcome.madeMandatory])
            if outcome.madeMandatory {
                try conn.query(
                    """
                    UPDATE assessment_cases SET requirement = 'mandatory', state = $2, version = version + 1, updated_at = now()
                    WHERE id = $1
                    """, [caseID, outcome.state.rawValue])
            }
            try AuditRepository.append(audit, on: conn)
            try Outbox.enqueue(notify, on: conn)
            return .success(outcome)
        }
    }
}
