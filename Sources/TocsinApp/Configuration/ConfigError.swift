/// One thing wrong in a configuration file, with the line it is on.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "line \($0): \(message)" } ?? message
    }
}

/// Why a configuration could not be used; `description` lists every problem, one per line.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(source: String, problems: [ConfigProblem])

    public var problems: [ConfigProblem] {
        switch self {
        case .unreadable(_, let reason): [ConfigProblem(line: nil, message: reason)]
        case .invalid(_, let problems): problems
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "Cannot read the configuration \(path): \(reason)"
        case .invalid(let source, let problems):
            (["The configuration \(source) has \(problems.count) problem\(problems.count == 1 ? "" : "s"):"]
                + problems.map { "  \(source): \($0)" }).joined(separator: "\n")
        }
    }
}
