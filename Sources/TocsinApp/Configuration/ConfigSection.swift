import TocsinCore
import Yams

/// A mapping in the configuration file that an adapter owns and gives meaning to (Slack: `slack.rate_limits`),
/// read with the loader's strictness: unknown keys and bad values become problems with their lines.
///
/// The loader accepts the mapping's key and leaves its contents to the adapter, so the core and app layers
/// do not know the adapter's settings; the adapter reads them through this, without a YAML library of its own.
public struct ConfigSection {
    private var reader = YAMLReader()
    private let entries: [String: Node]
    private let path: String

    fileprivate init(node: Node?, path: String, allowed: Set<String>) {
        self.path = path
        entries = reader.mapping(node, path: path, allowed: allowed)
    }

    /// The whole number under `key`, when it is given and within `range`; otherwise nil (and a problem when
    /// it is given but wrong).
    public mutating func int(_ key: String, in range: ClosedRange<Int>) -> Int? {
        reader.int(entries[key], path: "\(path).\(key)", in: range)
    }

    fileprivate var problems: [ConfigProblem] { reader.problems }
}

extension ConfigurationLoader {
    /// Reads the mapping at `keys` (e.g. `["slack", "rate_limits"]`) of the configuration `yaml` with `read`.
    /// An absent mapping reads as empty; problems outside it (YAML syntax, a parent that is not a mapping)
    /// are the loader's to report, so only those inside it are thrown.
    public static func readSection<Value>(
        _ yaml: String, source: String = "tocsin.yml", keys: [String], allowed: Set<String>, _ read: (inout ConfigSection) -> Value
    ) throws(ConfigError) -> Value {
        var node = try? Yams.compose(yaml: yaml)
        for key in keys {
            guard case .mapping(let mapping)? = node else {
                node = nil
                break
            }
            node = mapping.first { $0.key.string == key }?.value
        }
        var section = ConfigSection(node: node, path: keys.joined(separator: "."), allowed: allowed)
        let value = read(&section)
        guard section.problems.isEmpty else { throw .invalid(source: source, problems: section.problems) }
        return value
    }
}
