import Foundation

/// A status note follows a running matter across meetings in dated versions of sections.
public enum SectionState: String, CaseIterable, Sendable {
    case iGang = "i_gang"
    case afventer
    case afsluttet

    public var danishName: String {
        switch self {
        case .iGang: "I gang"
        case .afventer: "Afventer"
        case .afsluttet: "Afsluttet"
        }
    }
}

public struct StatusSection: Sendable, Equatable {
    public var heading: String
    public var body: String
    public var state: SectionState
    /// Links to the legal basis (e.g. retsinformation.dk), one per entry.
    public var legalRefs: [String]

    /// Limits of what one section may hold (the body shares the agenda texts' limit).
    public static let maxHeadingLength = 300
    public static let maxLegalRefs = 50
    public static let maxLegalRefLength = 2_000

    public init(heading: String, body: String, state: SectionState, legalRefs: [String] = []) {
        self.heading = heading
        self.body = body
        self.state = state
        self.legalRefs = legalRefs
    }
}

/// What happened to a section since the previous version.
public enum SectionChange: Sendable, Equatable {
    case unchanged
    case new
    /// Text and/or state changed; `previousState` is set when the state moved.
    case changed(textChanged: Bool, previousState: SectionState?)
    case removed
}

public enum StatusNoteDiff {
    /// Compares section by section, matched by heading (case and spacing ignored). Sections of the
    /// current version come in their order; sections that disappeared follow, marked removed.
    /// Without a previous version everything is new.
    public static func compare(previous: [StatusSection]?, current: [StatusSection]) -> [(section: StatusSection, change: SectionChange)] {
        guard let previous else { return current.map { ($0, .new) } }
        func key(_ s: StatusSection) -> String {
            s.heading.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        var old: [String: StatusSection] = [:]
        for s in previous where old[key(s)] == nil { old[key(s)] = s }
        var out: [(StatusSection, SectionChange)] = []
        var seen = Set<String>()
        for s in current {
            let k = key(s)
            seen.insert(k)
            guard let before = old[k] else {
                out.append((s, .new))
                continue
            }
            let textChanged = before.body.trimmingWhitespace() != s.body.trimmingWhitespace() || before.legalRefs != s.legalRefs
            let stateChanged = before.state != s.state
            out.append(
                (s, textChanged || stateChanged ? .changed(textChanged: textChanged, previousState: stateChanged ? before.state : nil) : .unchanged))
        }
        for s in previous where !seen.contains(key(s)) {
            seen.insert(key(s))
            out.append((s, .removed))
        }
        return out
    }
}
