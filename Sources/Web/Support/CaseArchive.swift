import Crypto
import Database
import Domain
import Foundation

/// A closed case as one archive package for the authority's case-management system (a zip):
/// `brev.pdf` and `responsum.pdf` (PDF/A-2u, from the documents engine), `materiale/…` as uploaded,
/// `metadata.xml` (valid against `schemas/arkivpakke.xsd`, which the package carries too) and the
/// same as `metadata.json`: the case's EMN number, dates, parties, steps and the SHA-256 of every
/// other file in the package.
struct CaseArchive {
    struct File {
        let path: String
        let kind: String
        let contentType: String
        let bytes: [UInt8]
        var sha256: String { DocumentEngine.hex(SHA256.hash(data: bytes)) }
    }

    static let schemaPath = "schemas/arkivpakke.xsd"
    static let namespace = "urn:raadsportal:arkivpakke:1"

    let facts: CaseArchiveRepository.Facts
    let files: [File]
    let made: Date

    /// The package's file name: the case number where it has one.
    var filename: String { "arkivpakke-\(facts.caseNumber ?? "sag-\(facts.caseID)").zip" }

    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // XML 1.0 has no other control characters than tab, newline and carriage return.
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            default: if c.value >= 0x20 { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    func xml() -> String {
        let f = facts
        var x = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        x += #"<arkivpakke xmlns="\#(Self.namespace)" version="1">"# + "\n"
        x += "  <dannet>\(Self.iso(made))</dannet>\n"
        x += "  <sag>\n    <id>\(f.caseID)</id>\n"
        if let number = f.caseNumber { x += "    <emnenummer opdigtet=\"\(f.numberInvented)\">\(Self.escape(number))</emnenummer>\n" }
        x +=
            "    <titel>\(Self.escape(f.projectName))</titel>\n    <art>\(Self.escape(f.kind))</art>\n    <tilstand>\(Self.escape(f.state))</tilstand>\n"
        x += "    <datoer>\n      <oprettet>\(Self.iso(f.createdAt))</oprettet>\n"
        for (name, date) in [
            ("indsendt", f.submittedAt), ("besluttet", f.decidedAt), ("brevSendt", f.letterSentAt), ("responsumModtaget", f.responsumSubmittedAt),
        ] {
            if let date { x += "      <\(name)>\(Self.iso(date))</\(name)>\n" }
        }
        x += "    </datoer>\n  </sag>\n  <parter>\n"
        for p in f.parties { x += "    <part rolle=\"\(Self.escape(p.role))\">\(Self.escape(p.name))</part>\n" }
        x += "  </parter>\n  <forloeb>\n"
        for s in f.steps {
            x += "    <trin tidspunkt=\"\(Self.iso(s.at))\">\n      <handling>\(Self.escape(s.action))</handling>\n"
            x += "      <aktoer>\(Self.escape(s.actor))</aktoer>\n      <detalje>\(Self.escape(s.detail))</detalje>\n    </trin>\n"
        }
        x += "  </forloeb>\n  <filer>\n"
        for file in files {
            x += "    <fil sti=\"\(Self.escape(file.path))\" art=\"\(file.kind)\" mimetype=\"\(Self.escape(file.contentType))\" "
            x += "bytes=\"\(file.bytes.count)\" sha256=\"\(file.sha256)\"/>\n"
        }
        x += "  </filer>\n</arkivpakke>\n"
        return x
    }

    func json() throws -> [UInt8] {
        let f = facts
        var dates: [String: Any] = ["oprettet": Self.iso(f.createdAt)]
        for (name, date) in [
            ("indsendt", f.submittedAt), ("besluttet", f.decidedAt), ("brevSendt", f.letterSentAt), ("responsumModtaget", f.responsumSubmittedAt),
        ] {
            if let date { dates[name] = Self.iso(date) }
        }
        var sag: [String: Any] = ["id": f.caseID, "titel": f.projectName, "art": f.kind, "tilstand": f.state, "datoer": dates]
        if let number = f.caseNumber { sag["emnenummer"] = ["vaerdi": number, "opdigtet": f.numberInvented] }
        let object: [String: Any] = [
            "skema": Self.namespace, "dannet": Self.iso(made), "sag": sag,
            "parter": f.parties.map { ["rolle": $0.role, "navn": $0.name] },
            "forloeb": f.steps.map { ["tidspunkt": Self.iso($0.at), "handling": $0.action, "aktoer": $0.actor, "detalje": $0.detail] },
            "filer": files.map { ["sti": $0.path, "art": $0.kind, "mimetype": $0.contentType, "bytes": $0.bytes.count, "sha256": $0.sha256] },
        ]
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
    }

    /// The zip: the files (the schema among them), then the two metadata files, which name and
    /// checksum every other file.
    func zip() throws -> [UInt8] {
        var zip = ZipWriter(modified: made)
        for file in files { zip.add(path: file.path, bytes: file.bytes) }
        zip.add(path: "metadata.xml", bytes: Array(xml().utf8))
        zip.add(path: "metadata.json", bytes: try json())
        return zip.finish()
    }

    /// A material file's name inside the package: numbered (two uploads may share a name) and
    /// without path separators or control characters.
    static func materialPath(_ n: Int, _ filename: String) -> String {
        let clean = String(filename.unicodeScalars.filter { $0.value >= 0x20 && !"/\\:*?\"<>|".unicodeScalars.contains($0) }.map(Character.init))
        return String(format: "materiale/%02d-", n) + (clean.isEmpty ? "fil" : String(clean.prefix(120)))
    }
}
