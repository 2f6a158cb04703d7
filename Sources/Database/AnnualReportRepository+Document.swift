import Domain

extension AnnualReportRepository.Page {
    /// The report as a document: a published report is its snapshot; a draft is computed from the
    /// data read with it. The publish step freezes this, and so does DemoSeed for the demo's report.
    public var document: AnnualReport.Document {
        let r = report
        if let snapshot = r.snapshot { return snapshot }
        let figures = AnnualReport.compute(
            .init(fromYear: r.fromYear, toYear: r.toYear, activities: activities, assessments: assessments, members: members))
        return AnnualReport.Document(
            title: r.title, fromYear: r.fromYear, toYear: r.toYear, foreword: r.foreword,
            themes: r.themes.filter { !$0.title.isEmpty || !$0.body.isEmpty },
            stories: r.stories.filter { !$0.title.isEmpty || !$0.body.isEmpty }, figures: figures)
    }
}
