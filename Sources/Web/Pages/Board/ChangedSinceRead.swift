import Database
import Domain
import Foundation

/// "Ændret siden du læste det": what a correction changed in an item since the board member marked
/// it read, word by word for each text and each status-note section. Added and removed words are
/// <ins> and <del> with their words spelled out for screen readers and in print, not colour alone.
struct ChangedSinceRead: Encodable {
    struct Part: Encodable {
        let text: String
        let added: Bool
        let removed: Bool
    }
    struct Field: Encodable {
        let label: String
        let parts: [Part]
    }
    let readAt: String
    let fields: [Field]

    init?(readAt: Date, then: ItemText, now: ItemText) {
        var fields: [Field] = []
        func add(_ label: String, _ a: String, _ b: String) {
            let parts = WordDiff.parts(from: a, to: b)
            guard WordDiff.changed(parts) else { return }
            fields.append(.init(label: label, parts: parts.map { .init(text: $0.text, added: $0.kind == .added, removed: $0.kind == .removed) }))
        }
        add("Titel", then.title, now.title)
        add("Resumé", then.resume, now.resume)
        add("Indstilling", then.indstilling, now.indstilling)
        add("Sagsfremstilling", then.sagsfremstilling, now.sagsfremstilling)
        add("Økonomi", then.oekonomi, now.oekonomi)
        add("Bemærkninger", then.bemaerkninger, now.bemaerkninger)
        add("Kommunikation", then.kommunikation, now.kommunikation)
        add("Beslutning", then.decision, now.decision)
        // Status-note sections by heading: changed, added and removed ones.
        let old = Dictionary(then.sections.map { ($0.heading, $0.body) }, uniquingKeysWith: { a, b in a + "\n" + b })
        var seen = Set<String>()
        for s in now.sections where !seen.contains(s.heading) {
            seen.insert(s.heading)
            add(
                "Statusnotat: \(s.heading)", old[s.heading] ?? "", now.sections.filter { $0.heading == s.heading }.map(\.body).joined(separator: "\n")
            )
        }
        for s in then.sections where !seen.contains(s.heading) {
            seen.insert(s.heading)
            add("Statusnotat: \(s.heading) (afsnittet er fjernet)", old[s.heading] ?? "", "")
        }
        guard !fields.isEmpty else { return nil }
        self.readAt = "\(DanishFormat.longDate(readAt)) kl. \(DanishFormat.time(readAt))"
        self.fields = fields
    }
}
