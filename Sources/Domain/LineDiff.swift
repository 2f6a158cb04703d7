/// What changed between two texts, line by line (the longest common subsequence): shown to a council
/// member whose sign-off an edit voided, so they re-read only what changed since they signed.
public enum LineDiff {
    public enum Change: Sendable, Equatable {
        case kept(String)
        case removed(String)
        case added(String)
    }

    public static func changes(from old: [String], to new: [String]) -> [Change] {
        let (n, m) = (old.count, new.count)
        // lcs[i][j]: the common length of old[i...] and new[j...]
        var lcs = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = old[i] == new[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [Change] = []
        var (i, j) = (0, 0)
        while i < n || j < m {
            if i < n, j < m, old[i] == new[j] {
                out.append(.kept(old[i]))
                i += 1
                j += 1
            } else if j < m, i == n || lcs[i][j + 1] >= lcs[i + 1][j] {
                out.append(.added(new[j]))
                j += 1
            } else {
                out.append(.removed(old[i]))
                i += 1
            }
        }
        return out
    }
}
