import TocsinCore
import Yams

/// `executives:` and `archive_after:`: who is pointed at the executive thread instead of the war room, and how
/// long a resolved incident's channel stays open.
extension ConfigurationLoader {
    /// User ids (`U0…`) or user-group handles (`@exec-team`), each once, as `responders` are written.
    static func readExecutives(_ node: Node?, _ reader: inout YAMLReader) -> [ResponderRef] {
        var executives: [ResponderRef] = []
        for (text, item) in reader.strings(node, path: "executives") {
            let ref = ResponderRef(parsing: text)
            let valid: Bool = switch ref {
            case .user(let id): !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
            case .group(let handle): !handle.isEmpty && !handle.contains(" ") && !handle.contains("@")
            }
            guard valid else {
                reader.problem("`executives` lists `\(text)`; give a user id like U0CTO or a user group like \"@exec-team\"", at: item)
                continue
            }
            if !executives.contains(ref) { executives.append(ref) }
        }
        return executives
    }

    /// A duration from `1s` to a year; absent, channels are never archived.
    static func readArchiveAfter(_ node: Node?, _ reader: inout YAMLReader) -> ConfigDuration? {
        reader.duration(node, path: "archive_after")
    }
}
