import XCTest

@testable import Web

/// The Mustache subset `Views/` uses, rendered by our own `Template`.
final class TemplateTests: XCTestCase {
    func render(_ templates: [String: String], _ name: String, _ model: some Encodable) throws -> String {
        let library = TemplateLibrary(templates: try templates.mapValues { try Template($0) })
        return try XCTUnwrap(library.render(name, TemplateValue.from(model)))
    }

    struct Page: Encodable {
        struct Row: Encodable { let title: String; let done: Bool; let note: String? }
        let title: String
        let rows: [Row]
        let empty: [Row]
        let html: String
        let count: Int
        let owner: String?
    }

    let page = Page(title: "Ærø & <Møn>", rows: [.init(title: "Et \"punkt\"", done: true, note: nil), .init(title: "To", done: false, note: "n'te")],
                    empty: [], html: "<b>fed</b>", count: 3, owner: nil)

    func testVariablesAreEscapedAndTripleBracesAreNot() throws {
        XCTAssertEqual(try render(["t": "{{title}}|{{{html}}}|{{count}}|{{owner}}|{{missing}}"], "t", page),
                       "Ærø &amp; &lt;Møn&gt;|<b>fed</b>|3||")
    }

    func testSectionsListsBooleansOptionalsAndTheStack() throws {
        let t = "{{#rows}}[{{title}}{{#done}} ok{{/done}}{{^done}} åben{{/done}}{{#note}} ({{.}}){{/note}} af {{title}}]{{/rows}}"
        XCTAssertEqual(try render(["t": t], "t", page), "[Et &quot;punkt&quot; ok af Et &quot;punkt&quot;][To åben (n&#39;te) af To]")
        XCTAssertEqual(try render(["t": "{{#empty}}x{{/empty}}{{^empty}}ingen{{/empty}}{{^owner}}-{{/owner}}"], "t", page), "ingen-")
        // A name not in the innermost context is found further out.
        XCTAssertEqual(try render(["t": "{{#rows}}{{count}}{{/rows}}"], "t", page), "33")
    }

    /// A form's field errors are a dictionary by field name: `{{#e.kind}}` must find them.
    func testDictionariesAreObjectsAndNumbersAreText() throws {
        struct Form: Encodable { let e: [String: String]; let amount: Double; let id: Int64; let tags: Set<String> }
        let form = Form(e: ["kind": "Vælg en type"], amount: 12.5, id: 7, tags: ["a"])
        XCTAssertEqual(try render(["t": "{{#e.kind}}<p>{{e.kind}}</p>{{/e.kind}}{{^e.name}}-{{/e.name}}|{{amount}}|{{id}}|{{#tags}}{{.}}{{/tags}}"], "t", form),
                       "<p>Vælg en type</p>-|12.5|7|a")
    }

    func testDottedNamesDoNotClimbAfterTheFirstPart() throws {
        struct Outer: Encodable { let inner: Inner; let title: String }
        struct Inner: Encodable { let name: String }
        XCTAssertEqual(try render(["t": "{{inner.name}}|{{inner.title}}|{{#inner}}{{title}}{{/inner}}"], "t", Outer(inner: .init(name: "n"), title: "T")),
                       "n||T")
    }

    func testInheritancePartialsAndStandaloneLines() throws {
        let templates = [
            "layout": "<main>\n  {{$content}}standard{{/content}}\n</main>\n{{>foot}}",
            "foot": "<footer>{{title}}</footer>\n",
            "page": "{{<layout}}{{$content}}\n{{#rows}}\n<p>{{title}}</p>\n{{/rows}}\n{{/content}}{{/layout}}",
        ]
        XCTAssertEqual(try render(templates, "page", page),
                       "<main>\n  \n<p>Et &quot;punkt&quot;</p>\n<p>To</p>\n\n</main>\n<footer>Ærø &amp; &lt;Møn&gt;</footer>\n")
        XCTAssertEqual(try render(["layout": templates["layout"]!, "foot": templates["foot"]!, "bare": "{{<layout}}{{/layout}}"], "bare", page),
                       "<main>\n  standard\n</main>\n<footer>Ærø &amp; &lt;Møn&gt;</footer>\n")
    }

    func testAnUnclosedSectionIsAnError() {
        XCTAssertThrowsError(try Template("{{#a}}x"))
        XCTAssertThrowsError(try Template("{{#a}}x{{/b}}"))
        XCTAssertThrowsError(try Template("{{a"))
    }
}
