/// What changed in a text word by word: shown to a board member when an item they marked read has
/// been corrected since, for the item's texts and its status note's sections. Words are compared
/// with the whitespace after them; the common beginning and end are set aside first, so a
/// correction in a long text costs only its own length.
public enum WordDiff {
    public enum Kind: String, Sendable, Equatable { case kept, added, removed }

    public struct Part: Sendable, Equatable {
        public let kind: Kind
        public let text: String
        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// Beyond this many differing words on either side the middle is shown as removed and added whole.
    public static let limit = 1500

    /// The words of `text` and the runs of whitespace between them, in turn.
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var inSpace = false
        for ch in text {
            if !current.isEmpty, ch.isWhitespace != inSpace {
                out.append(current)
                current = ""
            }
            inSpace = ch.isWhitespace
            current.append(ch)
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// The parts of `new` against `old`, consecutive parts of one kind joined.
    public static func parts(from old: String, to new: String) -> [Part] {
        let (a, b) = (words(old), words(new))
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let midA = Array(a[prefix..<(a.count - suffix)])
        let midB = Array(b[prefix..<(b.count - suffix)])
        var raw: [Part] = a[..<prefix].map { Part(.kept, $0) }
        if midA.count > limit || midB.count > limit {
            raw += midA.map { Part(.removed, $0) } + midB.map { Part(.added, $0) }
        } else {
            raw += LineDiff.changes(from: midA, to: midB).map {
                switch $0 {
                case .kept(let w): Part(.kept, w)
                case .added(let w): Part(.added, w)
                case .removed(let w): Part(.removed, w)
                }
            }
        }
        raw += a[(a.count - suffix)...].map { Part(.kept, $0) }
        // Within each run of changes, what was removed comes before what was added.
        var ordered: [Part] = []
        var removed: [Part] = []
        var added: [Part] = []
        for p in raw + [Part(.kept, "")] {
            switch p.kind {
            case .removed: removed.append(p)
            case .added: added.append(p)
            case .kept:
                ordered += removed + added + (p.text.isEmpty ? [] : [p])
                removed = []
                added = []
            }
        }
        var out: [Part] = []
        for p in ordered {
            if let last = out.last, last.kind == p.kind {
                out[out.count - 1] = Part(p.kind, last.text + p.text)
            } else {
                out.append(p)
            }
        }
        return out
    }

    /// Whether anything changed.
    public static func changed(_ parts: [Part]) -> Bool { parts.contains { $0.kind != .kept } }
}
