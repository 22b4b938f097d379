import Yams
import TocsinCore

typealias ConfigDurationValue = ConfigDuration

/// Walks a composed YAML tree, collecting every problem with its line instead of stopping at the first.
///
/// Codable decoding stops at the first error and cannot report unknown keys; strict configuration
/// needs both, so the loaders read nodes through this.
struct YAMLReader {
    private(set) var problems: [ConfigProblem] = []

    mutating func problem(_ message: String, at node: Node?) {
        problems.append(ConfigProblem(line: node?.mark?.line, message: message))
    }

    /// The mapping's entries by key, reporting keys outside `allowed` and keys given twice.
    mutating func mapping(_ node: Node?, path: String, allowed: Set<String>) -> [String: Node] {
        guard let node else { return [:] }
        guard case .mapping(let mapping) = node else {
            problem("`\(path)` must be a mapping of keys to values", at: node)
            return [:]
        }
        var entries: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let fullKey = path.isEmpty ? key : "\(path).\(key)"
            if !allowed.contains(key) {
                problem("unknown key `\(fullKey)`; expected one of: \(allowed.sorted().joined(separator: ", "))", at: keyNode)
            } else if entries[key] != nil {
                problem("`\(fullKey)` is given twice", at: keyNode)
            } else {
                entries[key] = value
            }
        }
        return entries
    }

    /// A mapping whose keys are free-form (e.g. severity names), in file order.
    mutating func pairs(_ node: Node?, path: String) -> [(key: String, keyNode: Node, value: Node)] {
        guard let node else { return [] }
        guard case .mapping(let mapping) = node else {
            problem("`\(path)` must be a mapping", at: node)
            return []
        }
        return mapping.map { (key: $0.key.string ?? "", keyNode: $0.key, value: $0.value) }
    }

    mutating func sequence(_ node: Node?, path: String) -> [Node] {
        guard let node else { return [] }
        if case .scalar(let scalar) = node, scalar.string.isEmpty { return [] }
        guard case .sequence(let sequence) = node else {
            problem("`\(path)` must be a list", at: node)
            return []
        }
        return Array(sequence)
    }

    mutating func string(_ node: Node?, path: String, required: Bool = false, parent: Node? = nil) -> String? {
        guard let node else {
            if required { problem("`\(path)` is required", at: parent) }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            problem("`\(path)` must be a single value", at: node)
            return nil
        }
        if required && scalar.string.isEmpty {
            problem("`\(path)` must not be empty", at: node)
            return nil
        }
        return scalar.string
    }

    /// A whole number within `range`; anything else is a problem naming the range.
    mutating func int(_ node: Node?, path: String, in range: ClosedRange<Int>, required: Bool = false, parent: Node? = nil) -> Int? {
        guard let text = string(node, path: path, required: required, parent: parent) else { return nil }
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            problem("`\(path)` must be a whole number, not `\(text)`", at: node)
            return nil
        }
        guard let value = Int(text), range.contains(value) else {
            problem("`\(path)` must be between \(range.lowerBound) and \(range.upperBound), not \(text)", at: node)
            return nil
        }
        return value
    }

    mutating func duration(_ node: Node?, path: String, required: Bool = false, parent: Node? = nil) -> ConfigDurationValue? {
        guard let text = string(node, path: path, required: required, parent: parent) else { return nil }
        switch ConfigDurationValue.parse(text) {
        case .success(let value):
            return value
        case .failure(.malformed):
            problem("`\(path)` must be a duration like 90s, 15m or 2h, not `\(text)`", at: node)
        case .failure(.tooLong):
            problem("`\(path)` must be at most \(ConfigDurationValue.maximum) (a year), not `\(text)`", at: node)
        }
        return nil
    }

    mutating func strings(_ node: Node?, path: String) -> [(String, Node)] {
        sequence(node, path: path).compactMap { item in string(item, path: "\(path)[]").map { ($0, item) } }
    }
}
