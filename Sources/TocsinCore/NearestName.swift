/// The name a mistyped word was most likely meant to be, for "did you mean `status`?" hints: only a name
/// close enough that suggesting it helps (a slip of one or two keys, or the start of a longer name), never
/// a guess between far-off names.
public enum NearestName {
    /// Words longer than this get no suggestion: no subcommand is that long, and the distance table stays small.
    static let longestWord = 32

    /// The one name in `names` closest to `word` (case is ignored), or nil when none is close or two are
    /// equally close.
    public static func suggestion(for word: String, among names: [String]) -> String? {
        let typed = Array(word.lowercased())
        guard !typed.isEmpty, typed.count <= longestWord else { return nil }
        var best: (name: String, distance: Int)?
        var tied = false
        for name in names {
            let candidate = Array(name.lowercased())
            guard candidate != typed else { return nil }
            let distance = distance(typed, candidate)
            guard distance <= allowedDistance(typed.count) else { continue }
            if let current = best, distance >= current.distance {
                if distance == current.distance { tied = true }
                continue
            }
            best = (name, distance)
            tied = false
        }
        if let best, !tied { return best.name }
        let prefixed = names.filter { typed.count >= 3 && $0.lowercased().hasPrefix(String(typed)) }
        return prefixed.count == 1 ? prefixed.first : nil
    }

    /// One slip in a short word, two in a longer one.
    static func allowedDistance(_ length: Int) -> Int {
        length <= 4 ? 1 : 2
    }

    /// Edits (insert, delete, replace, swap of two neighbours) that turn `a` into `b`: the optimal string
    /// alignment distance, so `stauts` is one swap from `status`.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, before[j - 2] + 1)
                }
                current[j] = value
            }
            before = previous
            previous = current
        }
        return previous[b.count]
    }
}
