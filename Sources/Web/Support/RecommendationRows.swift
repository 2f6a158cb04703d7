import Database
import Domain

/// The recommendation rows of a form (a letter's, or a sparring meeting's immediate ones): each row
/// a focus area with sub-theme and a text. An emptied row is dropped; that is how one is removed.
enum RecommendationRows {
    struct Option: Encodable {
        let value: String
        let name: String
        let selected: Bool
    }
    struct Group: Encodable {
        let label: String
        let options: [Option]
    }
    struct Row: Encodable {
        let index: Int
        let groups: [Group]
        /// A sub-theme besides the seed's examples, as written.
        let other: String
        let body: String
    }

    /// The rows to show: the saved (or typed) ones and two empty rows for new recommendations. The
    /// seed's sub-themes are examples ("fx"): each focus area also offers "andet undertema", written
    /// in the row's own field.
    static func rows(_ recommendations: [LetterRepository.Recommendation]) -> [Row] {
        let values =
            recommendations.map { r -> (String, String, String) in
                if r.subTheme.isEmpty { return ("", "", r.body) }
                if r.focusArea.subThemes.contains(r.subTheme) { return (r.focusArea.rawValue + "|" + r.subTheme, "", r.body) }
                return (r.focusArea.rawValue + "|", r.subTheme, r.body)
            } + [("", "", ""), ("", "", "")]
        return values.enumerated().map { i, row in
            Row(
                index: i,
                groups: FocusArea.allCases.map { area in
                    Group(
                        label: area.danishName,
                        options: area.subThemes.map {
                            Option(value: area.rawValue + "|" + $0, name: $0, selected: row.0 == area.rawValue + "|" + $0)
                        } + [Option(value: area.rawValue + "|", name: "Andet undertema (skriv det herunder)", selected: row.0 == area.rawValue + "|")]
                    )
                }, other: row.1, body: row.2)
        }
    }

    /// The rows a form sent, with an error per row whose focus area or sub-theme is missing.
    static func read(_ form: FormData, into errors: inout FormErrors) -> [LetterRepository.Recommendation] {
        var result: [LetterRepository.Recommendation] = []
        for i in 0..<200 where form.has("rec_body_\(i)") {
            let body = form["rec_body_\(i)"]
            if body.trimmingWhitespace().isEmpty { continue }
            let parts = form["rec_theme_\(i)"].split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let area = FocusArea(rawValue: parts[0]), parts[1].isEmpty || area.subThemes.contains(parts[1]) else {
                errors.add("rec_theme_\(i)", "Vælg fokusområde og undertema for anbefaling \(i + 1).")
                result.append(.init(focusArea: .governance, subTheme: "", body: body))
                continue
            }
            // "Andet undertema": the one written in the row's field, as long as it is one line.
            let subTheme = parts[1].isEmpty ? form["rec_other_\(i)"].trimmingWhitespace() : parts[1]
            if subTheme.isEmpty {
                errors.add("rec_theme_\(i)", "Skriv undertemaet for anbefaling \(i + 1), eller vælg et af eksemplerne.")
            } else if let p = SuggestedText.problem(subTheme, what: "Undertemaet for anbefaling \(i + 1)") {
                errors.add("rec_theme_\(i)", p)
            }
            result.append(.init(focusArea: area, subTheme: subTheme, body: body))
        }
        return result
    }
}
