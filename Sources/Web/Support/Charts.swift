import Domain

/// The annual report's charts as inline SVG, drawn on the server (no JavaScript): a bar chart of
/// the recommendations per focus area (Figur 2) and stacked bars per project (Figur 3). The four
/// fills differ in lightness so they stay apart in greyscale print; every segment has a dark
/// outline (3:1 against white); labels are dark on light fills and white on dark ones. Each chart
/// has a title and a description, and the page shows the same numbers as a table beside it.
enum Charts {
    static let fills = ["#0b3b60", "#36699a", "#a6c8e4", "#f2f2f2"]
    static let labelColours = ["#ffffff", "#ffffff", "#1a1a1a", "#1a1a1a"]
    static let ink = "#1a1a1a"

    static func e(_ s: String) -> String { HTMLEscape.escape(s) }

    /// A right-aligned label at (x, y); a long one is split over two lines at the space nearest its middle.
    /// `inherited`: without the anchor, size and colour, which a surrounding <g> gives.
    static func label(_ text: String, x: Double, y: Double, size: Int, inherited: Bool = false) -> String {
        let look = inherited ? "" : " text-anchor=\"end\" font-size=\"\(size)\" fill=\"\(ink)\""
        let open = "<text x=\"\(Int(x))\" y=\"\(Int(y))\"\(look)>"
        guard text.count > 30 else { return open + e(text) + "</text>" }
        let spaces = text.indices.filter { text[$0] == " " }
        let middle = text.index(text.startIndex, offsetBy: text.count / 2)
        guard let cut = spaces.min(by: { abs(text.distance(from: $0, to: middle)) < abs(text.distance(from: $1, to: middle)) }) else {
            return open + e(text) + "</text>"
        }
        let first = String(text[..<cut])
        let second = String(text[text.index(after: cut)...])
        return open + "<tspan x=\"\(Int(x))\" dy=\"-0.55em\">\(e(first))</tspan><tspan x=\"\(Int(x))\" dy=\"1.15em\">\(e(second))</tspan></text>"
    }

    /// Figur 2: one bar per focus area, its length the percentage.
    static func areaBars(id: String, title: String, rows: [AnnualReport.AreaCount]) -> String {
        let labelWidth = 250.0
        let barWidth = 330.0
        let rowHeight = 34.0
        let top = 10.0
        let height = top + Double(rows.count) * rowHeight + 10
        let description = rows.map { "\($0.area): \($0.percent) % (\($0.count))" }.joined(separator: "; ")
        var svg = """
            <svg class="chart" role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(Int(labelWidth + barWidth + 90)) \(Int(height))" \
            width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(e(title))</title><desc id="\(id)-desc">\(e(description))</desc>
            """
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            let w = max(barWidth * Double(row.percent) / 100, row.count > 0 ? 1 : 0)
            svg += """
                \(label(row.area, x: labelWidth - 8, y: y + 20, size: 13))\
                <rect x="\(Int(labelWidth))" y="\(Int(y + 4))" width="\(oneDecimal(w))" height="24" fill="\(fills[i % 4])" stroke="\(ink)" stroke-width="1"/>\
                <text x="\(oneDecimal(labelWidth + w + 6))" y="\(Int(y + 20))" font-size="13" font-weight="600" fill="\(ink)">\(row.percent) %</text>
                """
        }
        return svg + "</svg>"
    }

    /// Figur 3 in parts of at most `rowsPerPart` projects, each a chart of its own with its legend
    /// and a title that numbers it ("Figur 3 (del 2 af 22): …"): an SVG is one box on paper, and in
    /// the PDF the whole chart of a year with hundreds of projects ran off its page after some 25.
    static func projectStacks(id: String, title: String, areas: [String], rows: [AnnualReport.ProjectRow], rowsPerPart: Int) -> String {
        guard rows.count > rowsPerPart else { return projectStacks(id: id, title: title, areas: areas, rows: rows) }
        let parts = stride(from: 0, to: rows.count, by: rowsPerPart).map { Array(rows[$0..<min($0 + rowsPerPart, rows.count)]) }
        let (figure, rest) = title.firstIndex(of: ":").map { (String(title[..<$0]), String(title[$0...])) } ?? (title, "")
        return parts.enumerated().map { n, part in
            projectStacks(id: "\(id)-\(n + 1)", title: "\(figure) (del \(n + 1) af \(parts.count))\(rest)", areas: areas, rows: part, grouped: true)
        }.joined(separator: "\n")
    }

    /// Figur 3: one stacked bar per project, its segments the focus areas' shares of its recommendations.
    /// `grouped` (the printed parts): the marks of each kind in a <g> that gives their shared look
    /// once (the same picture, a third less SVG): WeasyPrint parses and draws the benchmark's 22
    /// parts in about 0.9 s less.
    static func projectStacks(id: String, title: String, areas: [String], rows: [AnnualReport.ProjectRow], grouped: Bool = false) -> String {
        let labelWidth = 250.0
        let barWidth = 380.0
        let rowHeight = 36.0
        let legendHeight = 22.0 * Double(areas.count) + 16
        let height = Double(rows.count) * rowHeight + legendHeight + 10
        let description = rows.map { row in
            row.total == 0
                ? "\(row.project): ingen anbefalinger"
                : "\(row.project): " + zip(areas, row.percents).map { "\($0.0) \($0.1) %" }.joined(separator: ", ")
        }.joined(separator: "; ")
        var svg = """
            <svg class="chart" role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(Int(labelWidth + barWidth + 20)) \(Int(height))" \
            width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(e(title))</title><desc id="\(id)-desc">\(e(description))</desc>
            """
        // The marks by kind: drawn in order (ungrouped), or each kind in its <g> (grouped).
        let looks = [
            "text-anchor=\"end\" font-size=\"12\" fill=\"\(ink)\"", "font-size=\"12\" fill=\"\(ink)\"",
            "stroke=\"\(ink)\" stroke-width=\"1\"", "text-anchor=\"middle\" font-size=\"11\" font-weight=\"600\"",
        ]
        let (labels, texts, bars, shares) = (0, 1, 2, 3)
        var kinds = ["", "", "", ""]
        func add(_ kind: Int, _ mark: String) {
            if grouped { kinds[kind] += mark } else { svg += mark }
        }
        func look(_ kind: Int) -> String { grouped ? "" : " " + looks[kind] }
        for (i, row) in rows.enumerated() {
            let y = 6 + Double(i) * rowHeight
            add(labels, label(row.project, x: labelWidth - 8, y: y + 19, size: 12, inherited: grouped))
            if row.total == 0 {
                add(texts, "<text x=\"\(Int(labelWidth))\" y=\"\(Int(y + 19))\"\(look(texts))>Ingen anbefalinger</text>")
                continue
            }
            var x = labelWidth
            for (a, percent) in row.percents.enumerated() where percent > 0 {
                let w = barWidth * Double(percent) / 100
                add(
                    bars,
                    "<rect x=\"\(oneDecimal(x))\" y=\"\(Int(y + 4))\" width=\"\(oneDecimal(w))\" height=\"24\" fill=\"\(fills[a % 4])\"\(look(bars))/>"
                )
                if w >= 34 {
                    add(
                        shares,
                        "<text x=\"\(oneDecimal(x + w / 2))\" y=\"\(Int(y + 20))\"\(look(shares)) fill=\"\(labelColours[a % 4])\">\(percent) %</text>"
                    )
                }
                x += w
            }
        }
        // The legend, one line per focus area.
        let legendTop = Double(rows.count) * rowHeight + 16
        for (a, area) in areas.enumerated() {
            let x = labelWidth
            let y = legendTop + Double(a) * 22
            add(bars, "<rect x=\"\(Int(x))\" y=\"\(Int(y))\" width=\"16\" height=\"16\" fill=\"\(fills[a % 4])\"\(look(bars))/>")
            add(texts, "<text x=\"\(Int(x + 22))\" y=\"\(Int(y + 13))\"\(look(texts))>\(e(area))</text>")
        }
        if grouped {
            // Bars before the shares written on them.
            for kind in [labels, texts, bars, shares] where !kinds[kind].isEmpty { svg += "<g \(looks[kind])>" + kinds[kind] + "</g>" }
        }
        return svg + "</svg>"
    }
}

/// `value` with one decimal and a point, as SVG wants it (Foundation's String(format:) is slow).
func oneDecimal(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    let sign = tenths < 0 ? "-" : ""
    return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
}
