import Logging

/// The in-process bot's log handler in every end-to-end test: it takes every line at trace level and
/// keeps any that holds a secret (the bot token, the signing secret, the tracker token), so `withBot`
/// fails the test that caused it. Lines at warning and above are still printed, as before.
struct SecretScanningLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    let secrets: [String]
    let leaks: PrintedText
    private var printer: StreamLogHandler

    init(label: String, secrets: [String], leaks: PrintedText) {
        self.secrets = secrets.filter { !$0.isEmpty }
        self.leaks = leaks
        printer = StreamLogHandler.standardError(label: label)
        printer.logLevel = .warning
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let text = "\(event.level) \(event.message) \(all.map { "\($0.key)=\($0.value)" }.joined(separator: " ")) \(event.error.map { "\($0)" } ?? "") [\(event.source)]"
        if secrets.contains(where: { text.contains($0) }) {
            leaks.append(text + "\n")
        }
        if event.level >= printer.logLevel {
            printer.log(event: event)
        }
    }
}
