import Foundation

/// Incident channel names that Slack accepts: lowercase `[a-z0-9_-]`, at most 80 characters.
///
/// The shape is `<prefix>-<number>-<service>-<title slug>`; on a collision a suffix `-2`, `-3`, …
/// is added, shortening the slug so the name still fits.
public enum ChannelName {
    public static let maxLength = 80

    /// The name for an incident; `attempt` 1 is the plain name, 2 and up add `-<attempt>`. A drill's name says
    /// so after its number (`inc-12-drill-checkout-…`), so the channel list tells it from a real incident.
    public static func forIncident(prefix: String, number: Int, service: String?, title: String, attempt: Int = 1, isDrill: Bool = false) -> String {
        let head = ([slug(prefix), String(number)] + (isDrill ? ["drill"] : []) + (service.map { [slug($0)] } ?? [])).filter { !$0.isEmpty }.joined(separator: "-")
        let room = maxLength - head.count - 1
        let titleSlug = room > 0 ? truncate(slug(title), to: room) : ""
        return variant(of: titleSlug.isEmpty ? head : head + "-" + titleSlug, attempt: attempt)
    }

    /// The name to try after `attempt - 1` collisions: the base cut to make room for `-<attempt>`.
    public static func variant(of base: String, attempt: Int) -> String {
        guard attempt > 1 else { return String(base.prefix(maxLength)) }
        let suffix = "-\(attempt)"
        var cut = String(base.prefix(maxLength - suffix.count))
        while cut.hasSuffix("-") { cut.removeLast() }
        return cut + suffix
    }

    /// Lowercases, folds accents (`é` → `e`), and turns every run of other characters into one `-`.
    ///
    /// ASCII text has no accents or wide forms to fold, and is lowercased below: it skips `folding`, which goes
    /// through ICU and keeps its locale data resident (footprint benchmark, issue #11).
    public static func slug(_ text: String) -> String {
        let folded = text.utf8.allSatisfy { $0 < 0x80 }
            ? text
            : text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var result = ""
        var pendingDash = false
        for scalar in folded.lowercased().unicodeScalars {
            let isAllowed = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
            if isAllowed {
                if pendingDash && !result.isEmpty { result.append("-") }
                pendingDash = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return result
    }

    /// Cuts at a word boundary (`-`) when one is near enough, never leaving a trailing dash.
    static func truncate(_ slug: String, to length: Int) -> String {
        guard slug.count > length else { return slug }
        var cut = String(slug.prefix(length))
        if let lastDash = cut.lastIndex(of: "-"), cut.distance(from: cut.startIndex, to: lastDash) >= length / 2 {
            cut = String(cut[..<lastDash])
        }
        while cut.hasSuffix("-") { cut.removeLast() }
        return cut
    }

    /// Whether Slack would accept the name as it is.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.count <= maxLength
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
            && name.unicodeScalars.contains { $0 != "-" && $0 != "_" }
    }
}
