import Database
import Domain
import Foundation

/// The public privacy notice (`/privatlivspolitik`): what the portal stores about people, why and
/// for how long, with the retention periods this instance is configured with.
enum PrivacyPolicyPage {
    static let template = "privacy"

    struct Model: Encodable {
        let page: PageInfo
        let sessionsDays: Int
        let loginAttemptsDays: Int
        let auditYears: Int
        let mailDays: Int
        let keepsMail: Bool
        let accessibilityURL = SiteURL.accessibility.path
    }

    static func build(viewer: Viewer, policy: RetentionPolicy) -> Model {
        Model(
            page: PageInfo(
                title: "Privatlivspolitik", description: "Hvilke personoplysninger Rådsportalen gemmer, hvorfor og hvor længe",
                viewer: viewer, path: SiteURL.privacyPolicy.path),
            sessionsDays: policy.sessionsDays, loginAttemptsDays: policy.loginAttemptsDays, auditYears: policy.auditPseudonymiseYears,
            mailDays: policy.mailDays, keepsMail: policy.mailDays == 0)
    }
}

/// What the portal holds about one person, read out (GDPR art. 15): sections of rows, each row a
/// list of fields. The same data makes the JSON file, the admin's page and the PDF.
struct PersonalData {
    struct Field: Encodable {
        let name: String
        let value: String
    }
    struct Row: Encodable { let fields: [Field] }
    struct Section: Encodable {
        let key: String
        let title: String
        let count: Int
        let empty: Bool
        let rows: [Row]
    }

    let userID: Int64
    let sections: [Section]
    /// The parsed rows per section key, for the JSON file.
    let raw: [(key: String, title: String, rows: [Any])]

    init(userID: Int64, _ sections: [PrivacyRepository.Section]) throws {
        self.userID = userID
        var built: [Section] = []
        var raw: [(String, String, [Any])] = []
        for s in sections {
            let rows = (try JSONSerialization.jsonObject(with: Data(s.json.utf8)) as? [Any]) ?? []
            raw.append((s.key, s.title, rows))
            let shown = rows.compactMap { $0 as? [String: Any] }.map { object in
                Row(fields: object.keys.sorted().map { Field(name: $0, value: Self.text(object[$0])) })
            }
            built.append(Section(key: s.key, title: s.title, count: rows.count, empty: rows.isEmpty, rows: shown))
        }
        self.sections = built
        self.raw = raw
    }

    static func text(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "–"
        case let s as String: return s
        case let a as [Any]: return a.map { text($0) }.joined(separator: ", ")
        case let n as NSNumber: return n.stringValue
        case let o?:
            if let data = try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]) { return String(decoding: data, as: UTF8.self) }
            return String(describing: o)
        }
    }

    var name: String {
        let account = raw.first { $0.key == "konto" }?.rows.first as? [String: Any]
        return (account?["full_name"] as? String) ?? "bruger \(userID)"
    }

    /// The JSON file: when it was made, by which portal, and every section with its rows.
    func json(made: Date) throws -> [UInt8] {
        var out: [String: Any] = [
            "udtraek": [
                "portal": "Rådsportalen", "bruger_id": userID, "dannet": ISO8601DateFormatter().string(from: made),
                "grundlag": "Databeskyttelsesforordningen artikel 15",
            ]
        ]
        var sections: [String: Any] = [:]
        for s in raw { sections[s.key] = ["titel": s.title, "antal": s.rows.count, "raekker": s.rows] }
        out["sektioner"] = sections
        return Array(try JSONSerialization.data(withJSONObject: out, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
    }

    struct PDFModel: Encodable {
        let document: DocumentInfo
        let name: String
        let made: String
        let userID: Int64
        let sections: [Section]
    }

    func pdf(made: Date) -> PDFModel {
        PDFModel(
            document: DocumentInfo(title: "Personoplysninger om \(name)", description: "Udtræk efter artikel 15 fra Rådsportalen"),
            name: name, made: DanishFormat.longDate(made), userID: userID, sections: sections)
    }
}

/// The admin's page about one person's data: what there is, the export, the erasure.
enum PersonalDataPage {
    static let template = "admin_privacy"

    struct Model: Encodable {
        let page: PageInfo
        let name: String
        let erased: String?
        let sections: [PersonalData.Section]
        let jsonURL: String
        let pdfURL: String
        let eraseURL: String
        let userURL: String
        let message: String?
    }

    static func build(_ data: PersonalData, erasedAt: Date?, viewer: Viewer, message: String?) -> Model {
        let id = data.userID
        return Model(
            page: PageInfo(title: "Personoplysninger – \(data.name)", viewer: viewer, path: SiteURL.adminUserPrivacy(.value(id)).path),
            name: data.name, erased: erasedAt.map(DanishFormat.longDate), sections: data.sections,
            jsonURL: SiteURL.adminUserPrivacyJSON(.value(id)).path, pdfURL: SiteURL.adminUserPrivacyPDF(.value(id)).path,
            eraseURL: SiteURL.adminUserErase(.value(id)).path, userURL: SiteURL.adminUser(.value(id)).path,
            message: message == "slettet" ? "Personoplysningerne er slettet. Det, der ses herunder, er det, der er tilbage." : nil)
    }
}

/// "Slet personoplysninger?": what will and will not change, before the irreversible erasure.
enum ErasePage {
    static let template = "admin_erase"

    struct Model: Encodable {
        let page: PageInfo
        let name: String
        let changes: [String]
        let keeps: [String]
        let blockers: [String]
        let blocked: Bool
        let action: String
        let cancel: String
    }

    static func build(userID: Int64, name: String, blockers: [String], viewer: Viewer) -> Model {
        Model(
            page: PageInfo(title: "Slet personoplysninger om \(name)?", viewer: viewer, path: SiteURL.adminUserErase(.value(userID)).path),
            name: name, changes: ErasureScope.changes, keeps: ErasureScope.keeps, blockers: blockers, blocked: !blockers.isEmpty,
            action: SiteURL.adminUserErase(.value(userID)).path, cancel: SiteURL.adminUserPrivacy(.value(userID)).path)
    }
}
