import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging

/// How the bot writes its log lines: text for people at a terminal, JSON for a log pipeline.
enum LogFormat: String, CaseIterable, ExpressibleByArgument {
    case text
    case json
}

/// Writes each log record to stderr as one JSON object on one line (timestamp, level, label, message,
/// then every metadata key), so a log pipeline parses lines without guessing at text.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error { merged["error"] = merged["error"] ?? "\(error)" }
        var line = "{\"timestamp\":\(JSONText.string(Self.timestamp())),\"level\":\(JSONText.string(event.level.rawValue)),"
        line += "\"label\":\(JSONText.string(label)),\"message\":\(JSONText.string(event.message.description))"
        for key in merged.keys.sorted() where !["timestamp", "level", "label", "message"].contains(key) {
            if let value = merged[key] { line += ",\(JSONText.string(key)):\(JSONText.value(value))" }
        }
        line += "}\n"
        Self.writeToStandardError(line)
    }

    /// The current time as ISO 8601 in UTC with milliseconds.
    private static func timestamp() -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
    }

    /// One `write` per line, so lines from concurrent tasks never interleave.
    private static func writeToStandardError(_ line: String) {
        let bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(2, base, buffer.count)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// JSON text for log values: strings escaped, arrays and dictionaries of metadata kept as JSON.
enum JSONText {
    static func value(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): string(text)
        case .stringConvertible(let convertible): string(convertible.description)
        case .array(let values): "[" + values.map(Self.value).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.keys.sorted().compactMap { key in entries[key].map { string(key) + ":" + Self.value($0) } }.joined(separator: ",") + "}"
        }
    }

    static func string(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
