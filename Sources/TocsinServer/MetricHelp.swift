/// The `# HELP` text of every metric Tocsin exposes. swift-metrics' API has no help text, so the
/// exposition adds it here, in one place; a metric missing from this table has no HELP line, which
/// `promtool check metrics` (run by the tests) refuses.
enum MetricHelp {
    static let text: [String: String] = [
        "tocsin_requests_total": "Requests to the Slack routes by route and outcome (accepted, bad_signature, malformed, too_large, slow_body, busy, ssl_check, other).",
        "tocsin_requests_rejected_total": "Requests refused before they were handled, by reason.",
        "tocsin_command_handling_seconds": "Time from a verified slash command to its answer.",
        "tocsin_commands_total": "Slash commands handled.",
        "tocsin_commands_rejected_total": "Slash commands that could not be parsed.",
        "tocsin_permission_refusals_total": "Commands and clicks refused by the permission policy.",
        "tocsin_incidents_declared_total": "Incidents declared, by severity.",
        "tocsin_incidents_active": "Incidents not yet resolved, by severity.",
        "tocsin_time_to_action_seconds": "Time from an incident's declaration to its first check-in, by severity.",
        "tocsin_deliveries_total": "Outbox entries delivered (done), rescheduled (retry) and failed for good (failed).",
        "tocsin_delivery_paused": "1 while Slack refuses the bot token and delivery waits, else 0.",
        "tocsin_delivery_leader": "1 while this process leads delivery (runs the outbox and the reminders), else 0.",
        "tocsin_outbox_pending": "Outbox entries waiting to be delivered.",
        "tocsin_outbox_oldest_pending_age_seconds": "Age of the oldest outbox entry waiting to be delivered (0 when none waits).",
        "tocsin_reminders_total": "Status-update reminders sent.",
        "tocsin_deferred_replies_failed_total": "Replies to a response_url that could not be delivered.",
        "tocsin_slack_api_calls_total": "Slack Web API calls by method and outcome (ok, the Slack error, or the transport failure).",
        "tocsin_slack_rate_limited_total": "Slack Web API calls answered 429, by rate-limit bucket (tier1-tier4, post_message_per_channel, special) and method.",
        "tocsin_slack_retry_after_seconds": "Retry-After of Slack's 429 answers, by rate-limit bucket and method.",
        "tocsin_build_info": "Always 1; the labels say which Tocsin is running.",
        "process_cpu_seconds_total": "Total user and system CPU time spent in seconds.",
        "process_resident_memory_bytes": "Resident memory size in bytes.",
        "process_virtual_memory_bytes": "Virtual memory size in bytes.",
        "process_open_fds": "Number of open file descriptors.",
        "process_max_fds": "Maximum number of open file descriptors.",
        "process_start_time_seconds": "Start time of the process since unix epoch in seconds.",
    ]

    /// `exposition` with a `# HELP` line before each `# TYPE` line that has none.
    static func addingHelp(to exposition: String) -> String {
        var lines: [Substring] = []
        var previous: Substring = ""
        for line in exposition.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE "), !previous.hasPrefix("# HELP ") {
                let name = line.dropFirst("# TYPE ".count).prefix { $0 != " " }
                if let help = text[String(name)] { lines.append("# HELP \(name) \(help)") }
            }
            lines.append(line)
            previous = line
        }
        return lines.joined(separator: "\n")
    }
}
