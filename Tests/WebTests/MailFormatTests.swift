import Foundation
import XCTest

@testable import Web

/// The message as relays and spam filters read it: the headers they require, subjects as RFC 2047
/// encoded-words of at most 75 characters, lines within 78.
final class MailFormatTests: XCTestCase {
    static let longSubject =
        "Påmindelse: anbefalingsbrevet til Fællesregionalt udbud af Præhospital Patientjournal (ÆØÅ æøå „citat“ → ≥) venter på din godkendelse"

    func message(subject: String = longSubject, body: String = "Hej") -> MailMessage {
        MailMessage(
            messageID: "<0c9d4f5e-1@regioner.dk>", to: "projektleder@region.dk", subject: subject, body: body,
            date: Date(timeIntervalSince1970: 1_741_078_800))
    }

    func testEveryHeaderARelayAndASpamFilterLookFor() {
        let text = MailFormat.render(message(), from: "raadsportal@regioner.dk")
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        for name in [
            "From: ", "To: <projektleder@region.dk>", "Subject: ", "Date: Tue, 4 Mar 2025 09:00:00 +0000", "Message-ID: <0c9d4f5e-1@regioner.dk>",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 7bit", "Auto-Submitted: auto-generated",
        ] {
            XCTAssertTrue(head.contains("\r\n" + name) || head.hasPrefix(name), name)
        }
        XCTAssertTrue(head.hasPrefix("From: =?UTF-8?B?UsOlZHNwb3J0YWxlbg==?= <raadsportal@regioner.dk>"))
        XCTAssertFalse(text.contains("\n\n"), "CRLF line ends only")
    }

    func testSubjectsAreFoldedIntoShortEncodedWordsThatDecodeBack() {
        let header = MailFormat.header("Subject", Self.longSubject)
        let lines = header.components(separatedBy: "\r\n")
        XCTAssertGreaterThan(lines.count, 2)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 78 }, lines.map { "\($0.count)" }.joined(separator: ","))
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        let words = header.dropFirst("Subject: ".count).components(separatedBy: "\r\n ")
        XCTAssertTrue(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        // Each word holds whole characters: each decodes as UTF-8 on its own.
        let decoded = words.map { word -> String in
            let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!
            XCTAssertNotNil(String(data: data, encoding: .utf8), "a character split across words")
            return String(decoding: data, as: UTF8.self)
        }
        XCTAssertEqual(decoded.joined(), Self.longSubject)
        // Plain ASCII stays readable, folded at spaces.
        let plain = MailFormat.header("Subject", String(repeating: "Dagsorden ", count: 12).trimmingCharacters(in: .whitespaces))
        XCTAssertFalse(plain.contains("=?"))
        XCTAssertTrue(plain.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
    }

    func testBodiesAreQuotedPrintableWhenTheyNeedIt() {
        XCTAssertEqual(MailFormat.body("Hej\nSe sagen: https://x.dk/1").encoding, "7bit")
        let url = "https://raadsportal.regioner.dk/raadet/sager/12?besked=" + String(repeating: "x", count: 80)
        let text =
            "Anbefalingsbrevet til »Præhospital Patientjournal« venter på din godkendelse. Linjen er lang, så den brydes.\n\(url)\n.punktum = lig med "
        let (encoding, body) = MailFormat.body(text)
        XCTAssertEqual(encoding, "quoted-printable")
        XCTAssertTrue(body.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        XCTAssertTrue(body.hasSuffix("=20"), "a space at the end of a line is encoded")
        XCTAssertEqual(Self.decodeQP(body), text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    func testDotsAtTheStartOfALineAreStuffed() {
        XCTAssertEqual(SMTPMailer.dotStuffed("a\r\n.b\r\n..c"), "a\r\n..b\r\n...c")
    }

    func testRelayURLs() {
        let plain = SMTPRelay(url: "smtp://mail.region.dk")!
        XCTAssertEqual([plain.port, plain.security == .startTLS ? 1 : 0], [25, 1])
        XCTAssertNil(plain.username)
        let auth = SMTPRelay(url: "smtp://raad%40region.dk:hemmelig%2Fkode@mail.region.dk:587")!
        XCTAssertEqual(auth.username, "raad@region.dk")
        XCTAssertEqual(auth.password, "hemmelig/kode")
        XCTAssertEqual(auth.port, 587)
        XCTAssertEqual(auth.redacted, "smtp://raad@region.dk:***@mail.region.dk:587")
        let tls = SMTPRelay(url: "smtps://u:p@mail.region.dk")!
        XCTAssertEqual(tls.security, .implicitTLS)
        XCTAssertEqual(tls.port, 465)
        for bad in ["mail.region.dk", "http://mail.region.dk", "smtp://", "smtp://u@mail.region.dk", "smtp://mail.region.dk/x"] {
            XCTAssertNil(SMTPRelay(url: bad), bad)
        }
        XCTAssertNil(SMTPMailer.sniName("127.0.0.1"))
        XCTAssertEqual(SMTPMailer.sniName("localhost"), "localhost")
    }

    func testTheSenderMustBeConfiguredWithARelay() throws {
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["SMTP_URL": "smtp://127.0.0.1:2525"])) { error in
            XCTAssertTrue("\(error)".hasPrefix("MAIL_FROM must be set when SMTP_URL is"), "\(error)")
        }
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["SMTP_URL": "smtp://u:geheim@127.0.0.1:2525"])) { error in
            XCTAssertFalse("\(error)".contains("geheim"), "the password never shows")
        }
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["MAIL_FROM": "raadsportalen"]))
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["MAIL_RETRY_SCHEDULE": "hurtigt"]))
        let c = try AppConfig.fromEnvironment([
            "SMTP_URL": "smtp://127.0.0.1:2525", "MAIL_FROM": "raadsportal@regioner.dk", "MAIL_RETRY_SCHEDULE": "1s,2s",
        ])
        XCTAssertEqual(c.mailRetrySchedule.delays, [1, 2])
        XCTAssertEqual(AppConfig().mailRetrySchedule, .mail)
        XCTAssertEqual(AppConfig().mailFrom, "", "no made-up default sender")
    }

    static func decodeQP(_ s: String) -> String {
        var bytes: [UInt8] = []
        let chars = Array(s.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var i = 0
        while i < chars.count {
            if chars[i] == UInt8(ascii: "="), let b = UInt8(String(decoding: chars[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                bytes.append(b)
                i += 3
            } else {
                bytes.append(chars[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
