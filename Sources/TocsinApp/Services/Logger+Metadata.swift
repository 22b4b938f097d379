import Logging

extension Logger {
    /// This logger with `metadata` added in one change. A handler may format all of its metadata again on
    /// every change, even for lines its level never writes (swift-log's stream handler does): keys set one
    /// at a time on each command or delivery cost one formatting each.
    func adding(_ metadata: Logger.Metadata) -> Logger {
        var logger = self
        var merged = logger.handler.metadata
        merged.merge(metadata) { _, new in new }
        logger.handler.metadata = merged
        return logger
    }
}
