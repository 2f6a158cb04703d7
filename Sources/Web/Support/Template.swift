/// The Mustache of `Views/`, parsed once at start and rendered from a typed value tree.
///
/// The subset the templates use: `{{name}}` (escaped at byte level), `{{{name}}}` and `{{& name}}`
/// (raw), dotted names and `{{.}}`, sections `{{#name}}` (lists repeat, `true` shows, a value
/// becomes the context), inverted sections `{{^name}}`, partials `{{>name}}`, inheritance
/// `{{<parent}}{{$block}}…{{/block}}{{/parent}}` and comments `{{! … }}`. Standalone tag lines
/// are removed as the Mustache spec says. Tests render strictly (see `TemplateLibrary`).
///
/// We render ourselves instead of with swift-mustache because its lookups go through `Mirror` and
/// dynamic casts on every `{{name}}` and every level of the context stack, which dominated the CPU
/// time of a page.
struct Template: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case variable(path: [String], escaped: Bool)
        case section(path: [String], inverted: Bool, body: [Node])
        case partial(String)
        case parent(String, blocks: [String: [Node]])
        case block(String, body: [Node])
    }

    let nodes: [Node]

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    init(_ source: String) throws {
        nodes = try Self.build(Self.standalone(Self.tokens(source)))
    }

    // MARK: Parsing

    enum Token {
        case text(String)
        case tag(sigil: Character?, name: String)

        var isStandaloneKind: Bool {
            if case .tag(let sigil?, _) = self { return "#^/>$<!".contains(sigil) }
            return false
        }
    }

    static func tokens(_ source: String) throws -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { tokens.append(.text(String(rest[..<open.lowerBound]))) }
            let triple = rest[open.upperBound...].hasPrefix("{")
            let afterOpen = triple ? rest.index(after: open.upperBound) : open.upperBound
            let closer = triple ? "}}}" : "}}"
            guard let close = rest[afterOpen...].range(of: closer) else {
                throw ParseError(description: "a tag is not closed: \(rest[open.lowerBound...].prefix(40))")
            }
            var inner = rest[afterOpen..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if triple {
                tokens.append(.tag(sigil: "{", name: inner))
            } else if let first = inner.first, "#^/>$<!&%".contains(first) {
                inner = String(inner.dropFirst()).trimmingCharacters(in: .whitespaces)
                tokens.append(.tag(sigil: first == "&" ? "{" : first, name: inner))
            } else {
                tokens.append(.tag(sigil: nil, name: inner))
            }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { tokens.append(.text(String(rest))) }
        return tokens
    }

    /// A section, partial, block or comment tag alone on its line takes the line with it. Decided
    /// on the original text, then cut, so that two standalone lines in a row both go. Lines are
    /// read by Unicode scalars: as Characters, a CRLF line end is one "\r\n" that is not "\n".
    static func standalone(_ tokens: [Token]) -> [Token] {
        func text(_ i: Int) -> String? {
            guard tokens.indices.contains(i), case .text(let t) = tokens[i] else { return nil }
            return t
        }
        func blank(_ s: Substring.UnicodeScalarView) -> Bool { s.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }
        var cutHead = Set<Int>()
        var cutTail = Set<Int>()  // text tokens losing their first / last line
        for i in tokens.indices where tokens[i].isStandaloneKind {
            let before: Bool
            if let t = text(i - 1) {
                let lastLine = t.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).last ?? Substring(t).unicodeScalars
                before = blank(lastLine) && (t.unicodeScalars.contains("\n") || i == 1)
            } else {
                before = i == 0
            }
            let after: Bool
            if let t = text(i + 1) {
                let firstLine = t.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).first ?? Substring(t).unicodeScalars
                after = blank(firstLine) && (t.unicodeScalars.contains("\n") || i + 2 == tokens.count)
            } else {
                after = i == tokens.count - 1
            }
            guard before && after else { continue }
            if text(i - 1) != nil { cutTail.insert(i - 1) }
            if text(i + 1) != nil { cutHead.insert(i + 1) }
        }
        return tokens.indices.map { i in
            guard let t = text(i), cutHead.contains(i) || cutTail.contains(i) else { return tokens[i] }
            let scalars = t.unicodeScalars
            let start = cutHead.contains(i) ? (scalars.firstIndex(of: "\n").map { scalars.index(after: $0) } ?? t.endIndex) : t.startIndex
            let end = cutTail.contains(i) ? (scalars.lastIndex(of: "\n").map { scalars.index(after: $0) } ?? t.startIndex) : t.endIndex
            return .text(start < end ? String(t[start..<end]) : "")
        }
    }

    static func build(_ tokens: [Token]) throws -> [Node] {
        var index = 0
        let nodes = try build(tokens, &index, closing: nil)
        return nodes
    }

    static func build(_ tokens: [Token], _ index: inout Int, closing: String?) throws -> [Node] {
        var nodes: [Node] = []
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token {
            case .text(let text):
                if !text.isEmpty { nodes.append(.text(text)) }
            case .tag(let sigil, let name):
                switch sigil {
                case nil: nodes.append(.variable(path: path(name), escaped: true))
                case "{": nodes.append(.variable(path: path(name), escaped: false))
                case "#", "^":
                    nodes.append(.section(path: path(name), inverted: sigil == "^", body: try build(tokens, &index, closing: name)))
                case "$": nodes.append(.block(name, body: try build(tokens, &index, closing: name)))
                case "<":
                    var blocks: [String: [Node]] = [:]
                    for case .block(let blockName, let body) in try build(tokens, &index, closing: name) { blocks[blockName] = body }
                    nodes.append(.parent(name, blocks: blocks))
                case ">": nodes.append(.partial(name))
                case "/":
                    guard name == closing else { throw ParseError(description: "{{/\(name)}} closes \(closing.map { "{{#\($0)}}" } ?? "nothing")") }
                    return nodes
                default: break  // comments and pragmas
                }
            }
        }
        if let closing { throw ParseError(description: "{{#\(closing)}} is not closed") }
        return nodes
    }

    static func path(_ name: String) -> [String] {
        name == "." ? [] : name.split(separator: ".").map { String($0) }
    }
}

/// What a template reads: built from a view model by `TemplateValue.from`.
enum TemplateValue: Sendable {
    case string(String)
    case bool(Bool)
    case list([TemplateValue])
    case object(TemplateFields)
    /// A key the model has but without a value (a nil Optional): renders as nothing, hides a
    /// section, shows an inverted one. Unlike a key the model lacks, it is never a strict-mode error.
    case null
}

/// An object's fields in the order they were written. A view model has a handful of fields, so a
/// linear search over their names is cheaper than hashing them into a dictionary (which, with
/// String's Unicode-aware hashing, was most of the cost of building a page's values).
struct TemplateFields: Sendable {
    private(set) var names: [String] = []
    private(set) var values: [TemplateValue] = []
    /// A dictionary's fields (a form's errors by field name): its keys are data, not names a
    /// template must match, so a name it lacks is absent rather than a mistake, even when strict.
    var isOpen = false

    init() {}

    init(minimumCapacity: Int) {
        names.reserveCapacity(minimumCapacity)
        values.reserveCapacity(minimumCapacity)
    }

    subscript(name: String) -> TemplateValue? {
        get {
            guard let i = names.firstIndex(of: name) else { return nil }
            return values[i]
        }
        set {
            if let i = names.firstIndex(of: name) {
                if let newValue {
                    values[i] = newValue
                } else {
                    names.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }
}

/// The templates by name ("meeting", "partials/pager"), and rendering.
///
/// Lenient (production) rendering follows Mustache: a name found nowhere renders as nothing. Strict
/// rendering (the tests) throws `TemplateLibrary.Missing` instead, naming the template and the
/// name, so a typo in a template or a key the model never had fails a test rather than leaving a
/// hole in a page. A nil Optional is not missing: the model encodes it as `.null`.
struct TemplateLibrary: Sendable {
    let templates: [String: Template]
    let strict: Bool
    /// The outermost context, under every model: the `optionalNames`, each `.null`.
    let base: TemplateValue

    /// `optionalNames` are names a template may ask of every model though only some models have
    /// them (the layout's "is this a form with errors?"): a model without one has it empty.
    init(templates: [String: Template], strict: Bool = false, optionalNames: [String] = []) {
        self.templates = templates
        self.strict = strict
        var base = TemplateFields()
        for name in optionalNames { base[name] = .null }
        self.base = .object(base)
    }

    /// A name the strict renderer found nowhere: in the context stack for a first or only part, or
    /// in the object a dotted name's earlier part found; or a partial or parent that does not exist.
    struct Missing: Error, CustomStringConvertible {
        /// The template the tag is written in (a partial's or a block's own, not the page's).
        let template: String
        /// The tag's name as written: `title`, `page.title`, `>partials/pager`.
        let key: String
        let problem: String
        var description: String { "template \(template), {{\(key)}}: \(problem)" }
    }

    /// A block's body and the template it is written in (for the strict renderer's errors).
    struct Block {
        let template: String
        let body: [Template.Node]
    }

    func render(_ name: String, _ value: TemplateValue) throws -> String? {
        guard let template = templates[name] else { return nil }
        var out = ""
        out.reserveCapacity(16_384)
        var stack = [base, value]
        try render(template.nodes, name, &stack, blocks: [:], into: &out)
        return out
    }

    /// Renders `nodes`, written in the template named `template`.
    func render(_ nodes: [Template.Node], _ template: String, _ stack: inout [TemplateValue], blocks: [String: Block], into out: inout String) throws
    {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .variable(let path, let escaped):
                switch try lookup(path, stack, template) {
                case .string(let s)?: escaped ? HTMLEscape.append(s, to: &out) : (out += s)
                case .bool(let b)?: out += b ? "true" : "false"
                default: break
                }
            case .section(let path, let inverted, let body):
                let value = try lookup(path, stack, template)
                if inverted {
                    switch value {
                    case nil, .null?, .bool(false)?: try render(body, template, &stack, blocks: blocks, into: &out)
                    case .list(let items)? where items.isEmpty: try render(body, template, &stack, blocks: blocks, into: &out)
                    default: break
                    }
                    continue
                }
                switch value {
                case nil, .null?, .bool(false)?: break
                case .bool(true)?: try render(body, template, &stack, blocks: blocks, into: &out)
                case .list(let items)?:
                    for item in items {
                        stack.append(item)
                        try render(body, template, &stack, blocks: blocks, into: &out)
                        stack.removeLast()
                    }
                case let value?:
                    stack.append(value)
                    try render(body, template, &stack, blocks: blocks, into: &out)
                    stack.removeLast()
                }
            case .partial(let name):
                if let partial = templates[name] {
                    try render(partial.nodes, name, &stack, blocks: blocks, into: &out)
                } else if strict {
                    throw Missing(template: template, key: ">" + name, problem: "no such template")
                }
            case .parent(let name, let overrides):
                // The caller's blocks win over the ones it passes on.
                if let parent = templates[name] {
                    let own = overrides.mapValues { Block(template: template, body: $0) }
                    try render(parent.nodes, name, &stack, blocks: own.merging(blocks) { _, outer in outer }, into: &out)
                } else if strict {
                    throw Missing(template: template, key: "<" + name, problem: "no such template")
                }
            case .block(let name, let body):
                if let block = blocks[name] {
                    try render(block.body, block.template, &stack, blocks: blocks, into: &out)
                } else {
                    try render(body, template, &stack, blocks: blocks, into: &out)
                }
            }
        }
    }

    /// The first part of a dotted name is looked up from the innermost context outwards; the rest
    /// inside what it found. An empty path is the innermost context (`{{.}}`). A nil result is a
    /// name found nowhere (an error when strict, unless a dictionary was asked); `.null` is a nil
    /// Optional, and so is anything below it.
    func lookup(_ path: [String], _ stack: [TemplateValue], _ template: String) throws -> TemplateValue? {
        guard let first = path.first else { return stack.last }
        var found: TemplateValue?
        var open = false
        for context in stack.reversed() {
            if case .object(let fields) = context {
                if let value = fields[first] {
                    found = value
                    break
                }
                open = open || fields.isOpen
            }
        }
        guard var value = found else {
            if strict && !open { throw Missing(template: template, key: path.joined(separator: "."), problem: "not in the model") }
            return nil
        }
        for (i, name) in path.enumerated().dropFirst() {
            switch value {
            case .object(let fields):
                if let next = fields[name] {
                    value = next
                } else if strict && !fields.isOpen {
                    throw Missing(template: template, key: path.joined(separator: "."), problem: "\(path[i - 1]) has no \(name)")
                } else {
                    return nil
                }
            case .null:
                return .null
            default:
                if strict { throw Missing(template: template, key: path.joined(separator: "."), problem: "\(path[i - 1]) is not an object") }
                return nil
            }
        }
        return value
    }
}
