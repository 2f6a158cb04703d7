/// The Mustache of `Views/`, parsed once at start and rendered from a typed value tree.
///
/// The subset the templates use: `{{name}}` (escaped at byte level), `{{{name}}}` (raw), dotted
/// names and `{{.}}`, sections `{{#name}}` (lists repeat, `true` shows, a value becomes the
/// context), inverted sections `{{^name}}`, partials `{{>name}}`, and inheritance
/// `{{<parent}}{{$block}}…{{/block}}{{/parent}}`. Standalone tag lines are removed as the
/// Mustache spec says. We render ourselves instead of with swift-mustache because its lookups go
/// through `Mirror` and dynamic casts on every `{{name}}` and every level of the context stack:
/// that was more than half of a page's CPU time (see the #8 note).
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
    /// on the original text, then cut, so that two standalone lines in a row both go.
    static func standalone(_ tokens: [Token]) -> [Token] {
        func text(_ i: Int) -> String? {
            guard tokens.indices.contains(i), case .text(let t) = tokens[i] else { return nil }
            return t
        }
        func blank(_ s: Substring) -> Bool { s.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }
        var cutHead = Set<Int>(), cutTail = Set<Int>()   // text tokens losing their first / last line
        for i in tokens.indices where tokens[i].isStandaloneKind {
            let before: Bool
            if let t = text(i - 1) {
                let lastLine = t.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
                before = blank(lastLine) && (t.contains("\n") || i == 1)
            } else {
                before = i == 0
            }
            let after: Bool
            if let t = text(i + 1) {
                let firstLine = t.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
                after = blank(firstLine) && (t.contains("\n") || i + 2 == tokens.count)
            } else {
                after = i == tokens.count - 1
            }
            guard before && after else { continue }
            if text(i - 1) != nil { cutTail.insert(i - 1) }
            if text(i + 1) != nil { cutHead.insert(i + 1) }
        }
        return tokens.indices.map { i in
            guard let t = text(i), cutHead.contains(i) || cutTail.contains(i) else { return tokens[i] }
            let start = cutHead.contains(i) ? (t.firstIndex(of: "\n").map { t.index(after: $0) } ?? t.endIndex) : t.startIndex
            let end = cutTail.contains(i) ? (t.lastIndex(of: "\n").map { t.index(after: $0) } ?? t.startIndex) : t.endIndex
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
                default: break   // comments and pragmas
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
}

/// An object's fields in the order they were written. A view model has a handful of fields, so a
/// linear search over their names is cheaper than hashing them into a dictionary (which, with
/// String's Unicode-aware hashing, was most of the cost of building a page's values).
struct TemplateFields: Sendable {
    private(set) var names: [String] = []
    private(set) var values: [TemplateValue] = []

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
                if let newValue { values[i] = newValue } else { names.remove(at: i); values.remove(at: i) }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }
}

/// The templates by name ("meeting", "partials/pager"), and rendering.
struct TemplateLibrary: Sendable {
    let templates: [String: Template]

    func render(_ name: String, _ value: TemplateValue) -> String? {
        guard let template = templates[name] else { return nil }
        var out = ""
        out.reserveCapacity(16_384)
        var stack = [value]
        render(template.nodes, &stack, blocks: [:], into: &out)
        return out
    }

    func render(_ nodes: [Template.Node], _ stack: inout [TemplateValue], blocks: [String: [Template.Node]], into out: inout String) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .variable(let path, let escaped):
                switch lookup(path, stack) {
                case .string(let s)?: escaped ? HTMLEscape.append(s, to: &out) : (out += s)
                case .bool(let b)?: out += b ? "true" : "false"
                default: break
                }
            case .section(let path, let inverted, let body):
                let value = lookup(path, stack)
                if inverted {
                    switch value {
                    case nil, .bool(false)?: render(body, &stack, blocks: blocks, into: &out)
                    case .list(let items)? where items.isEmpty: render(body, &stack, blocks: blocks, into: &out)
                    default: break
                    }
                    continue
                }
                switch value {
                case nil, .bool(false)?: break
                case .bool(true)?: render(body, &stack, blocks: blocks, into: &out)
                case .list(let items)?:
                    for item in items {
                        stack.append(item)
                        render(body, &stack, blocks: blocks, into: &out)
                        stack.removeLast()
                    }
                case let value?:
                    stack.append(value)
                    render(body, &stack, blocks: blocks, into: &out)
                    stack.removeLast()
                }
            case .partial(let name):
                if let partial = templates[name] { render(partial.nodes, &stack, blocks: blocks, into: &out) }
            case .parent(let name, let overrides):
                // The caller's blocks win over the ones it passes on.
                if let parent = templates[name] {
                    render(parent.nodes, &stack, blocks: overrides.merging(blocks) { _, outer in outer }, into: &out)
                }
            case .block(let name, let body):
                render(blocks[name] ?? body, &stack, blocks: blocks, into: &out)
            }
        }
    }

    /// The first part of a dotted name is looked up from the innermost context outwards; the rest
    /// inside what it found. An empty path is the innermost context (`{{.}}`).
    func lookup(_ path: [String], _ stack: [TemplateValue]) -> TemplateValue? {
        guard let first = path.first else { return stack.last }
        var found: TemplateValue?
        for context in stack.reversed() {
            if case .object(let fields) = context, let value = fields[first] {
                found = value
                break
            }
        }
        for name in path.dropFirst() {
            guard case .object(let fields)? = found else { return nil }
            found = fields[name]
        }
        return found
    }
}
