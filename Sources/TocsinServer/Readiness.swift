import Foundation
import TocsinApp

/// What `/readyz` checks: the database takes a write, the templates loaded, and Slack accepts the bot
/// token. `/healthz` only says the process answers; this says it can do its work.
struct Readiness: Sendable {
    let store: any StoreProbes
    /// Set once the templates loaded; the application is not built without them, so it is true when serving.
    let templatesLoaded: Bool
    let credentials: PlatformCredentials

    /// Each check's outcome, `nil` for passed, else the reason it failed.
    struct Report: Sendable {
        var database: String?
        var templates: String?
        var slack: String?

        var isReady: Bool { database == nil && templates == nil && slack == nil }

        /// `{"ready":…,"checks":{…},"reasons":[…]}`, each reason one sentence naming what is wrong.
        var json: String {
            func check(_ failure: String?) -> String { failure == nil ? "ok" : "failing" }
            let reasons = [database, templates, slack].compactMap { $0 }
            let object: [String: Any] = [
                "ready": isReady,
                "checks": ["database": check(database), "templates": check(templates), "slack": check(slack)],
                "reasons": reasons,
            ]
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{\"ready\":false}".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }

    func check() async -> Report {
        var report = Report()
        do {
            try await store.checkWritable()
        } catch {
            report.database = "database: \(error)"
        }
        if !templatesLoaded { report.templates = "templates: the message templates did not load" }
        switch credentials.status {
        case .accepted: break
        case .refused(let reason): report.slack = "slack: Slack refuses the bot token (\(reason))"
        case .unverified(let reason): report.slack = "slack: the bot token is not confirmed yet (\(reason))"
        }
        return report
    }
}
