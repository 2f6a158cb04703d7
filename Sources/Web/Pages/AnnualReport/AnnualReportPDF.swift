import Domain
import Foundation

/// The annual report as a PDF (`/aarsrapporter/{id}/pdf`, and the attachment of an accepted board
/// proposal): the document's sections, tables and figures in the report's order.
enum AnnualReportPDF {
    static func render(_ d: AnnualReport.Document) -> [UInt8] {
        let f = d.figures
        var pdf = SimplePDF(footer: "Regionernes It-råd \u{2013} Årsrapport \(d.span)")
        pdf.title(d.title)
        if !d.foreword.isEmpty {
            pdf.heading("Forord")
            pdf.paragraph(d.foreword)
        }
        pdf.heading("Tabel 1: It-rådets aktiviteter \(d.span)")
        pdf.row(["Projekt", "Projektledende", "Aktivitet", "Gennemført"], widths: [0.34, 0.24, 0.26, 0.16], bold: true)
        for a in f.activities { pdf.row([a.project, a.leadingBodies, a.activity, a.when], widths: [0.34, 0.24, 0.26, 0.16]) }
        if !f.expected.isEmpty {
            pdf.space()
            pdf.row(["Forventede aktiviteter i \(f.expectedYear)", "", "", ""], widths: [0.34, 0.24, 0.26, 0.16], bold: true)
            for a in f.expected { pdf.row([a.project, a.leadingBodies, a.activity, a.when], widths: [0.34, 0.24, 0.26, 0.16]) }
        }
        pdf.heading("Risikoprofiler")
        for p in f.profiles { pdf.row([p.profile, String(p.count)], widths: [0.5, 0.5]) }
        if !d.themes.isEmpty {
            pdf.heading("Generelle observationer")
            for (i, t) in d.themes.enumerated() {
                pdf.heading("\(i + 1). \(t.title)")
                pdf.paragraph(t.body)
            }
        }
        pdf.heading("Figur 2: Anbefalinger fordelt på fokusområder (\(f.recommendationCount) i alt)")
        for a in f.figure2 { pdf.row([a.area, "\(a.count)", "\(a.percent) %"], widths: [0.6, 0.2, 0.2]) }
        pdf.heading("Figur 3: Anbefalinger til de enkelte projekter")
        pdf.row(["Projekt"] + f.areas, widths: [0.28, 0.18, 0.18, 0.18, 0.18], bold: true)
        for p in f.figure3 {
            pdf.row(
                [p.project] + zip(p.counts, p.percents).map { p.total == 0 ? "–" : "\($0.0) (\($0.1) %)" }, widths: [0.28, 0.18, 0.18, 0.18, 0.18])
        }
        pdf.heading("Evaluering: proces og værdi for projekterne")
        for e in f.evaluations { pdf.row([e.question, e.average, "\(e.answers) svar"], widths: [0.7, 0.15, 0.15]) }
        for s in d.stories {
            pdf.heading(s.title)
            pdf.paragraph(s.body)
        }
        pdf.heading("It-rådets medlemmer")
        for m in f.members { pdf.row([m.name + (m.chair ? " (formand)" : ""), m.title], widths: [0.4, 0.6]) }
        return pdf.render()
    }
}
