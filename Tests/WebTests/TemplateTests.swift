import TestSupport
import XCTest

@testable import Web

/// The Mustache subset `Views/` uses, rendered by our own `Template`: one or more tests per feature
/// its doc comment claims, each asserting the exact output, then the strict mode the web tests use.
final class TemplateTests: XCTestCase {
    func render(_ templates: [String: String], _ name: String = "t", _ model: some Encodable, strict: Bool = false) throws -> String {
        let library = TemplateLibrary(templates: try templates.mapValues { try Template($0) }, strict: strict)
        let out = try library.render(name, TemplateValue.from(model))
        return try XCTUnwrap(out, "no template \(name)")
    }

    func render(_ template: String, _ model: some Encodable, strict: Bool = false) throws -> String {
        try render(["t": template], "t", model, strict: strict)
    }

    /// The name a strict render reports as missing, or nil when it rendered.
    func missing(_ templates: [String: String], _ name: String = "t", _ model: some Encodable) -> TemplateLibrary.Missing? {
        do {
            _ = try render(templates, name, model, strict: true)
            return nil
        } catch {
            return error as? TemplateLibrary.Missing
        }
    }

    struct Page: Encodable {
        struct Row: Encodable {
            let title: String
            let done: Bool
            let note: String?
        }
        let title: String
        let rows: [Row]
        let empty: [Row]
        let html: String
        let count: Int
        let owner: String?
        let yes: Bool
        let no: Bool
        let tags: [String]
        let inner: Inner
    }

    struct Inner: Encodable {
        let name: String
        let deeper: Deeper?
    }
    struct Deeper: Encodable { let leaf: String }

    let page = Page(
        title: "Ærø & <Møn>",
        rows: [.init(title: "Et \"punkt\"", done: true, note: nil), .init(title: "To", done: false, note: "n'te")],
        empty: [], html: "<b>fed</b>", count: 3, owner: nil, yes: true, no: false, tags: ["a", "<b>"],
        inner: Inner(name: "indre", deeper: Deeper(leaf: "blad")))

    // MARK: Variables

    func testAVariableIsEscaped() throws {
        struct M: Encodable { let x: String }
        XCTAssertEqual(
            try render("[{{x}}]", M(x: #"<a href="u">Tom & 'Jerry'</a>"#)),
            "[&lt;a href=&quot;u&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;]")
        XCTAssertEqual(try render("{{ title }}", page), "Ærø &amp; &lt;Møn&gt;")
    }

    func testTripleBracesAndAmpersandAreRaw() throws {
        XCTAssertEqual(try render("{{{html}}}|{{& html}}|{{&html}}|{{html}}", page), "<b>fed</b>|<b>fed</b>|<b>fed</b>|&lt;b&gt;fed&lt;/b&gt;")
    }

    func testNumbersAndBooleansAreText() throws {
        struct M: Encodable {
            let n: Int
            let big: Int64
            let d: Double
            let dec: Decimal
            let b: Bool
            let u: UInt8
        }
        XCTAssertEqual(
            try render(
                "{{n}}|{{big}}|{{d}}|{{dec}}|{{b}}|{{u}}", M(n: -3, big: 9_000_000_000, d: 12.5, dec: Decimal(string: "1.25")!, b: true, u: 7)),
            "-3|9000000000|12.5|1.25|true|7")
    }

    func testANilOptionalAndAListRenderAsNothing() throws {
        XCTAssertEqual(try render("[{{owner}}][{{rows}}][{{inner}}]", page), "[][][]")
    }

    func testDottedNames() throws {
        XCTAssertEqual(try render("{{inner.name}}|{{inner.deeper.leaf}}|{{#inner.deeper}}{{leaf}}{{/inner.deeper}}", page), "indre|blad|blad")
    }

    func testDottedNamesDoNotClimbAfterTheFirstPart() throws {
        // `title` is in the outer context, not in `inner`: the dotted name finds nothing; the
        // section's lookup climbs.
        XCTAssertEqual(try render("{{inner.title}}|{{#inner}}{{title}}{{/inner}}", page), "|Ærø &amp; &lt;Møn&gt;")
    }

    func testDotIsTheCurrentContext() throws {
        XCTAssertEqual(try render("{{#tags}}({{.}}){{/tags}}|{{#tags}}({{{.}}}){{/tags}}", page), "(a)(&lt;b&gt;)|(a)(<b>)")
    }

    // MARK: Sections

    func testASectionOverAListRepeatsWithEachItemAsContext() throws {
        XCTAssertEqual(try render("{{#rows}}[{{title}}]{{/rows}}", page), "[Et &quot;punkt&quot;][To]")
    }

    func testTrueShowsASection() throws {
        XCTAssertEqual(try render("a{{#yes}}b{{/yes}}c", page), "abc")
    }

    func testFalseEmptyNilAndMissingHideASection() throws {
        XCTAssertEqual(try render("a{{#no}}1{{/no}}{{#empty}}2{{/empty}}{{#owner}}3{{/owner}}{{#nothing}}4{{/nothing}}b", page), "ab")
    }

    func testAnObjectBecomesTheContext() throws {
        XCTAssertEqual(try render("{{#inner}}{{name}}{{#deeper}}/{{leaf}}{{/deeper}}{{/inner}}", page), "indre/blad")
    }

    func testANonEmptyStringBecomesTheContext() throws {
        XCTAssertEqual(try render("{{#rows}}{{#note}}({{.}}){{/note}}{{/rows}}", page), "(n&#39;te)")
    }

    func testLookupsFallBackToTheOuterContext() throws {
        XCTAssertEqual(try render("{{#rows}}{{count}}{{/rows}}|{{#inner}}{{#deeper}}{{name}}:{{count}}{{/deeper}}{{/inner}}", page), "33|indre:3")
    }

    func testSectionsInsideSections() throws {
        let t = "{{#rows}}[{{title}}{{#done}} ok{{/done}}{{^done}} åben{{/done}}{{#note}} ({{.}}){{/note}} af {{title}}]{{/rows}}"
        XCTAssertEqual(try render(t, page), "[Et &quot;punkt&quot; ok af Et &quot;punkt&quot;][To åben (n&#39;te) af To]")
    }

    /// A form's field errors are a dictionary by field name: `{{#e.kind}}` must find them.
    func testDictionariesAreObjects() throws {
        struct Form: Encodable {
            let e: [String: String]
            let tags: Set<String>
        }
        let form = Form(e: ["kind": "Vælg en type"], tags: ["a"])
        XCTAssertEqual(
            try render("{{#e.kind}}<p>{{e.kind}}</p>{{/e.kind}}{{^e.name}}-{{/e.name}}|{{#tags}}{{.}}{{/tags}}", form),
            "<p>Vælg en type</p>-|a")
    }

    // MARK: Inverted sections

    func testAnInvertedSectionShowsForFalseEmptyNilAndMissing() throws {
        XCTAssertEqual(try render("{{^no}}1{{/no}}{{^empty}}2{{/empty}}{{^owner}}3{{/owner}}{{^nothing}}4{{/nothing}}", page), "1234")
    }

    func testAnInvertedSectionHidesForTrueAListAnObjectAndText() throws {
        XCTAssertEqual(try render("a{{^yes}}1{{/yes}}{{^rows}}2{{/rows}}{{^inner}}3{{/inner}}{{^title}}4{{/title}}b", page), "ab")
    }

    func testAnInvertedSectionKeepsTheContext() throws {
        XCTAssertEqual(try render("{{#rows}}{{^done}}{{title}}{{/done}}{{/rows}}", page), "To")
    }

    // MARK: Partials

    func testAPartialRendersInTheCurrentContext() throws {
        let templates = ["t": "<ul>{{#rows}}{{>partials/row}}{{/rows}}</ul>{{> partials/row}}", "partials/row": "<li>{{title}}</li>"]
        XCTAssertEqual(try render(templates, "t", page), "<ul><li>Et &quot;punkt&quot;</li><li>To</li></ul><li>Ærø &amp; &lt;Møn&gt;</li>")
    }

    func testAPartialCanIncludeAPartial() throws {
        let templates = ["t": "[{{>a}}]", "a": "a{{>b}}a", "b": "{{count}}"]
        XCTAssertEqual(try render(templates, "t", page), "[a3a]")
    }

    func testAMissingPartialIsNothingWhenLenient() throws {
        XCTAssertEqual(try render("a{{>nowhere}}b", page), "ab")
    }

    // MARK: Inheritance

    let layout = "<title>{{$title}}Standard{{/title}}</title>\n<main>\n{{$content}}Intet indhold{{/content}}\n</main>\n"

    func testAChildOverridesTheBlocksOfItsParent() throws {
        let templates = ["layout": layout, "t": "{{<layout}}{{$content}}<p>{{count}}</p>{{/content}}{{/layout}}"]
        XCTAssertEqual(try render(templates, "t", page), "<title>Standard</title>\n<main>\n<p>3</p>\n</main>\n")
    }

    func testBlocksNotOverriddenKeepTheParentsDefault() throws {
        let templates = ["layout": layout, "t": "{{<layout}}{{/layout}}"]
        XCTAssertEqual(try render(templates, "t", page), "<title>Standard</title>\n<main>\nIntet indhold\n</main>\n")
    }

    func testTextOutsideBlocksInAParentTagIsIgnored() throws {
        let templates = ["layout": layout, "t": "{{<layout}}ignoreret{{$title}}T{{/title}}også ignoreret{{/layout}}"]
        XCTAssertEqual(try render(templates, "t", page), "<title>T</title>\n<main>\nIntet indhold\n</main>\n")
    }

    func testTheOutermostOverrideWinsThroughTwoLevels() throws {
        let templates = [
            "layout": layout,
            "section": "{{<layout}}{{$title}}Sektion{{/title}}{{$content}}[{{$inner}}sektion{{/inner}}]{{/content}}{{/layout}}",
            "t": "{{<section}}{{$title}}Side{{/title}}{{$inner}}side{{/inner}}{{/section}}",
        ]
        XCTAssertEqual(try render(templates, "t", page), "<title>Side</title>\n<main>\n[side]\n</main>\n")
        XCTAssertEqual(try render(templates, "section", page), "<title>Sektion</title>\n<main>\n[sektion]\n</main>\n")
    }

    func testInheritancePartialsAndStandaloneLinesTogether() throws {
        let templates = [
            "layout": "<main>\n  {{$content}}standard{{/content}}\n</main>\n{{>foot}}",
            "foot": "<footer>{{title}}</footer>\n",
            "page": "{{<layout}}{{$content}}\n{{#rows}}\n<p>{{title}}</p>\n{{/rows}}\n{{/content}}{{/layout}}",
        ]
        XCTAssertEqual(
            try render(templates, "page", page),
            "<main>\n  \n<p>Et &quot;punkt&quot;</p>\n<p>To</p>\n\n</main>\n<footer>Ærø &amp; &lt;Møn&gt;</footer>\n")
    }

    // MARK: Comments

    func testCommentsRenderAsNothing() throws {
        XCTAssertEqual(try render("a{{! en kommentar }}b{{!\nover\nflere linjer\n}}c", page), "abc")
    }

    func testAStandaloneCommentTakesItsLine() throws {
        XCTAssertEqual(try render("a\n  {{! kommentar }}\nb\n", page), "a\nb\n")
    }

    // MARK: Standalone lines

    func testStandaloneSectionTagsTakeTheirLines() throws {
        XCTAssertEqual(
            try render("<ul>\n  {{#tags}}\n  <li>{{.}}</li>\n  {{/tags}}\n</ul>\n", page), "<ul>\n  <li>a</li>\n  <li>&lt;b&gt;</li>\n</ul>\n")
        XCTAssertEqual(try render("a\n{{^no}}\nb\n{{/no}}\nc", page), "a\nb\nc")
    }

    func testStandaloneLinesEndingInCRLF() throws {
        XCTAssertEqual(try render("a\r\n{{#yes}}\r\nb\r\n{{/yes}}\r\nc", page), "a\r\nb\r\nc")
    }

    func testStandaloneTagsOnTheFirstAndLastLine() throws {
        XCTAssertEqual(try render("{{#yes}}\nb\n{{/yes}}", page), "b\n")
    }

    func testStandalonePartialAndBlockLines() throws {
        let templates = ["p": "P\n", "t": "a\n  {{>p}}\nb\n"]
        XCTAssertEqual(try render(templates, "t", page), "a\nP\nb\n")
        let inheritance = [
            "layout": "<main>\n{{$content}}\n{{/content}}\n</main>\n", "t": "{{<layout}}\n{{$content}}\nx\n{{/content}}\n{{/layout}}\n",
        ]
        XCTAssertEqual(try render(inheritance, "t", page), "<main>\nx\n</main>\n")
    }

    func testTagsWithTextBesideThemAreNotStandalone() throws {
        XCTAssertEqual(try render("a {{#yes}}b{{/yes}} c\n", page), "a b c\n")
        XCTAssertEqual(try render("  {{#yes}}b\n{{/yes}}\n", page), "  b\n")
    }

    func testAVariableAloneOnItsLineKeepsTheLine() throws {
        XCTAssertEqual(try render("a\n  {{count}}\nb", page), "a\n  3\nb")
        XCTAssertEqual(try render("a\n{{owner}}\nb", page), "a\n\nb")
    }

    // MARK: Parse errors

    func parseError(_ source: String) -> String? {
        do {
            _ = try Template(source)
            return nil
        } catch {
            return (error as? Template.ParseError)?.description
        }
    }

    func testAnUnclosedTagIsAnError() {
        XCTAssertEqual(parseError("a {{b"), "a tag is not closed: {{b")
        XCTAssertEqual(parseError("a {{{b}} c"), "a tag is not closed: {{{b}} c")
    }

    func testAnUnclosedSectionIsAnError() {
        XCTAssertEqual(parseError("{{#a}}x"), "{{#a}} is not closed")
        XCTAssertEqual(parseError("{{^a}}x"), "{{#a}} is not closed")
        XCTAssertEqual(parseError("{{<layout}}{{$content}}x{{/content}}"), "{{#layout}} is not closed")
    }

    func testAMismatchedSectionIsAnError() {
        XCTAssertEqual(parseError("{{#a}}x{{/b}}"), "{{/b}} closes {{#a}}")
        XCTAssertEqual(parseError("{{#a}}{{#b}}x{{/a}}{{/b}}"), "{{/a}} closes {{#b}}")
        XCTAssertEqual(parseError("x{{/a}}"), "{{/a}} closes nothing")
    }

    func testAWellFormedTemplateParses() {
        XCTAssertNil(parseError("{{#a}}{{^b}}{{c}}{{/b}}{{/a}}{{! x }}{{>p}}{{<l}}{{$b}}{{/b}}{{/l}}"))
    }

    // MARK: Encoding the model

    /// A nil Optional is present but empty, whichever way it was encoded: left out by
    /// `encodeIfPresent`, written with `encodeNil`, or an Optional given to `encode`.
    func testANilOptionalIsNullHowEverItIsEncoded() throws {
        struct Custom: Encodable {
            enum CodingKeys: String, CodingKey { case a, b, c }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encodeIfPresent(String?.none, forKey: .a)
                try c.encodeNil(forKey: .b)
                try c.encode(Inner?.none, forKey: .c)
            }
        }
        let t = "{{#a}}A{{/a}}{{#b}}B{{/b}}{{#c}}C{{/c}}|{{^a}}a{{/a}}{{^b}}b{{/b}}{{^c}}c{{/c}}|{{a}}{{b}}{{c}}{{c.name}}"
        XCTAssertEqual(try render(t, Custom(), strict: true), "|abc|")
    }

    /// A name the inner context has, even as nil, is that context's: the lookup does not go on
    /// outwards (as in Mustache, where a key present with a null value ends the search).
    func testANilOptionalHidesTheSameNameFurtherOut() throws {
        struct Outer: Encodable {
            let note: String
            let rows: [Page.Row]
        }
        let outer = Outer(note: "ydre", rows: [.init(title: "a", done: true, note: nil), .init(title: "b", done: true, note: "indre")])
        XCTAssertEqual(try render("{{#rows}}[{{note}}]{{/rows}}", outer, strict: true), "[][indre]")
    }

    // MARK: Strict mode

    func testAMissingNameIsEmptyWhenLenient() throws {
        XCTAssertEqual(try render("[{{missing}}][{{#missing}}x{{/missing}}][{{inner.missing}}][{{owner.name}}]", page), "[][][][]")
    }

    func testStrictModeRendersWhatIsThere() throws {
        let t =
            "{{title}}|{{{html}}}|{{#rows}}{{title}}{{note}}{{count}}{{/rows}}|{{^owner}}-{{/owner}}{{owner}}|{{inner.deeper.leaf}}|{{#tags}}{{.}}{{/tags}}"
        XCTAssertEqual(try render(t, page, strict: true), "Ærø &amp; &lt;Møn&gt;|<b>fed</b>|Et &quot;punkt&quot;3Ton&#39;te3|-|blad|a&lt;b&gt;")
    }

    func testStrictModeThrowsForAMissingVariable() {
        let error = missing(["t": "a{{titel}}b"], "t", page)
        XCTAssertEqual(error?.template, "t")
        XCTAssertEqual(error?.key, "titel")
        XCTAssertEqual(error?.description, "template t, {{titel}}: not in the model")
    }

    func testStrictModeThrowsForAMissingSectionOrInvertedSection() {
        XCTAssertEqual(missing(["t": "{{#shown}}x{{/shown}}"], "t", page)?.description, "template t, {{shown}}: not in the model")
        XCTAssertEqual(missing(["t": "{{^hidden}}x{{/hidden}}"], "t", page)?.description, "template t, {{hidden}}: not in the model")
        XCTAssertEqual(missing(["t": "{{{raw}}}"], "t", page)?.description, "template t, {{raw}}: not in the model")
    }

    func testStrictModeThrowsForAMissingNameInsideASection() {
        XCTAssertEqual(missing(["t": "{{#rows}}{{titel}}{{/rows}}"], "t", page)?.description, "template t, {{titel}}: not in the model")
    }

    func testStrictModeThrowsForAMissingPartOfADottedName() {
        XCTAssertEqual(missing(["t": "{{inner.nme}}"], "t", page)?.description, "template t, {{inner.nme}}: inner has no nme")
        XCTAssertEqual(
            missing(["t": "{{inner.deeper.leaf.x}}"], "t", page)?.description,
            "template t, {{inner.deeper.leaf.x}}: leaf is not an object")
    }

    func testStrictModeAcceptsNamesBelowANilOptional() throws {
        struct M: Encodable { let deeper: Deeper? }
        XCTAssertEqual(try render("[{{deeper.leaf}}{{#deeper.leaf}}x{{/deeper.leaf}}]", M(deeper: nil), strict: true), "[]")
    }

    func testStrictModeAcceptsAKeyADictionaryLacks() throws {
        struct Form: Encodable { let e: [String: String] }
        XCTAssertEqual(try render("{{#e.kind}}x{{/e.kind}}{{^e.name}}-{{/e.name}}{{e.other}}", Form(e: [:]), strict: true), "-")
        XCTAssertEqual(missing(["t": "{{#f.kind}}x{{/f.kind}}"], "t", Form(e: [:]))?.description, "template t, {{f.kind}}: not in the model")
    }

    func testStrictModeNamesThePartialTheNameIsIn() {
        let templates = ["t": "{{#rows}}{{>partials/row}}{{/rows}}", "partials/row": "<li>{{titel}}</li>"]
        XCTAssertEqual(missing(templates, "t", page)?.template, "partials/row")
    }

    func testStrictModeNamesTheTemplateABlockIsWrittenIn() {
        let templates = [
            "layout": "<title>{{$title}}{{title}}{{/title}}</title>{{$content}}{{/content}}{{footer}}",
            "t": "{{<layout}}{{$content}}{{contnet}}{{/content}}{{/layout}}",
        ]
        XCTAssertEqual(missing(templates, "t", page)?.description, "template t, {{contnet}}: not in the model")
        let layoutTypo = ["layout": templates["layout"]!, "t": "{{<layout}}{{$content}}{{count}}{{/content}}{{/layout}}"]
        XCTAssertEqual(missing(layoutTypo, "t", page)?.description, "template layout, {{footer}}: not in the model")
    }

    func testStrictModeThrowsForAMissingPartialOrParent() {
        XCTAssertEqual(missing(["t": "{{>nowhere}}"], "t", page)?.description, "template t, {{>nowhere}}: no such template")
        XCTAssertEqual(missing(["t": "{{<nowhere}}{{/nowhere}}"], "t", page)?.description, "template t, {{<nowhere}}: no such template")
    }

    /// The layout asks every page whether it has errors; pages that are not forms lack the name.
    func testOptionalNamesAreEmptyNotMissing() throws {
        let library = TemplateLibrary(
            templates: ["t": try Template("{{#errors}}Fejl: {{/errors}}{{title}}")], strict: true, optionalNames: ["errors"])
        XCTAssertEqual(try library.render("t", TemplateValue.from(page)), "Ærø &amp; &lt;Møn&gt;")
        struct Form: Encodable {
            let errors: [String]
            let title: String
        }
        XCTAssertEqual(try library.render("t", TemplateValue.from(Form(errors: ["x"], title: "T"))), "Fejl: T")
        let other = TemplateLibrary(templates: ["t": try Template("{{#error}}x{{/error}}")], strict: true, optionalNames: ["errors"])
        XCTAssertThrowsError(try other.render("t", TemplateValue.from(page)))
    }

    func testTheLayoutsOptionalNamesAreTheOnesItAsks() throws {
        let layout = try String(contentsOfFile: TestDatabase.packageRoot + "/Views/layout.mustache", encoding: .utf8)
        for name in Views.layoutOptional {
            XCTAssertTrue(layout.contains("{{#\(name)}}"), name)
        }
    }

    func testStrictModeDoesNotLookInSectionsThatAreNotRendered() throws {
        XCTAssertEqual(try render("{{#no}}{{missing}}{{/no}}{{#empty}}{{missing}}{{/empty}}{{^yes}}{{missing}}{{/yes}}ok", page, strict: true), "ok")
    }
}
