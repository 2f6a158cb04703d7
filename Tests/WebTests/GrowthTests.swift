import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// No page runs one query per row: each main page sends the same number of SQL statements with the
/// demo data and with ten times more meetings, items, projects, cases and recommendations.
final class GrowthTests: XCTestCase {
    static let pages: [(user: String?, path: String)] = [
        (nil, "/"), (nil, "/bestyrelse/moeder"), (nil, "/bestyrelse/moeder/1"), (nil, "/bestyrelse/moeder/1/punkter/2"),
        (nil, "/bestyrelse/soeg?q=regioner"), (nil, "/aarsrapporter"), (nil, "/it-raadet"), (nil, "/it-raadet/materialer"), (nil, "/sitemap.xml"),
        ("bestyrelse", "/"), ("bestyrelse", "/bestyrelse/moeder/1"), ("bestyrelse", "/bestyrelse/moeder/1/punkter/3"),
        ("sekretariat", "/"), ("sekretariat", "/raadet/sager"), ("sekretariat", "/raadet/sager/1"), ("sekretariat", "/raadet/sager/1/brev"),
        ("sekretariat", "/aarsrapporter/1"), ("sekretariat", "/raadet/overblik"), ("sekretariat", "/raadet/projekter"),
        ("sekretariat", "/raadet/sparring"), ("sekretariat", "/raadet/anmodninger"), ("raadsmedlem1", "/"), ("projektleder", "/"),
    ]

    /// Statements each page sends, per page (the session lookup included).
    static func counts(_ app: TestApp) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for user in Set(pages.map(\.user)) {
            let measured = try await app.run { browser -> [String: Int] in
                if let user { try await browser.login(user) }
                var counts: [String: Int] = [:]
                for page in pages where page.user == user {
                    try await browser.get(page.path)  // warm: prepared statements, touched sessions
                    let before = app.pool.statementsSent
                    let response = try await browser.get(page.path)
                    XCTAssertEqual(response.status, .ok, "\(user ?? "anonym") \(page.path)")
                    counts["\(user ?? "anonym") \(page.path)"] = app.pool.statementsSent - before
                }
                return counts
            }
            result.merge(measured) { $1 }
        }
        return result
    }

    func testPagesSendTheSameNumberOfStatementsWhenTheDataGrowsTenfold() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let small = try await Self.counts(app)
        // Ten times the data: 20 more published meetings of 12 items, 90 projects with sent letters,
        // 600 recommendations, sparring meetings and requests.
        try await app.pool.query(
            """
            INSERT INTO meetings (id, title, starts_at, place, status)
            SELECT 100 + g, 'Bestyrelsesmøde', timestamptz '2023-01-10 09:00+01' + g * interval '20 days', 'virtuelt', 'published'
            FROM generate_series(1, 20) g
            """)
        try await app.pool.query(
            """
            INSERT INTO agenda_items (meeting_id, number, confidential, title, case_number, resume)
            SELECT 100 + m, n, n % 4 = 0, 'Punkt ' || n || ' om regionerne', 'EMN-2023-' || lpad((m * 100 + n)::text, 5, '0'), 'Resumé om regionerne'
            FROM generate_series(1, 20) m, generate_series(1, 12) n
            """)
        try await app.pool.query(
            """
            INSERT INTO projects (id, name, kind, leading_bodies, budget_mio, rsi_phase, risk_profile)
            SELECT 1000 + g, 'Vækstprojekt ' || g, 'faellesregional', ARRAY['Region Midtjylland'], 20 + g, 'Analyse', 'B' FROM generate_series(1, 90) g
            """)
        try await app.pool.query(
            """
            INSERT INTO assessment_cases (id, project_id, state, requirement, submitted_at)
            SELECT 1000 + g, 1000 + g, 'afsluttet', 'mandatory', timestamptz '2021-02-01 10:00+01' + g * interval '3 days' FROM generate_series(1, 90) g
            """)
        try await app.pool.query(
            """
            INSERT INTO case_letters (case_id, general_statement, final_profile, sent_at, responsum_due)
            SELECT 1000 + g, 'Vurdering', 'B', timestamptz '2021-03-01 10:00+01' + g * interval '3 days', date '2021-06-01' FROM generate_series(1, 90) g
            """)
        try await app.pool.query(
            """
            INSERT INTO recommendations (case_id, position, focus_area, sub_theme, body, follow_up)
            SELECT 1000 + g, p, (ARRAY['projekttilrettelaeggelse','governance','forretning','teknik'])[1 + p % 4], 'Tidsplan', 'Anbefaling ' || p, 'gennemfoert'
            FROM generate_series(1, 90) g, generate_series(1, 7) p
            """)
        try await app.pool.query(
            """
            INSERT INTO council_activities (project_id, kind, month_done, case_id)
            SELECT 1000 + g, 'risikovurdering', date '2021-03-01' + (g % 9) * interval '1 month', 1000 + g FROM generate_series(1, 90) g
            """)
        try await app.pool.query(
            """
            INSERT INTO council_activities (project_id, kind, planned_on, topic, expected_year, expected_quarters)
            SELECT 1000 + g, 'sparringsmoede', date '2099-03-01', 'Emne', 2099, '{1}' FROM generate_series(1, 30) g
            """)
        try await app.pool.query(
            """
            INSERT INTO project_requests (kind, project_id, project_name, requested_by, timing, challenge)
            SELECT 'sparring', 1000 + g, 'Vækstprojekt ' || g, (SELECT id FROM users WHERE username = 'projektleder'), 'foer', 'Udfordring'
            FROM generate_series(1, 30) g
            """)
        let large = try await Self.counts(app)
        for (page, count) in small.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(large[page], count, "\(page): \(count) statements with the demo data, \(large[page] ?? -1) with ten times more")
        }
        // And each page is a handful of statements, not dozens (and the counter does count).
        for (page, count) in large {
            XCTAssertLessThanOrEqual(count, 20, page)
            XCTAssertGreaterThan(count, 0, page)
        }
        print("growth: statements per page " + small.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
    }
}
