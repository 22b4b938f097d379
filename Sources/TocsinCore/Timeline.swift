import Foundation

/// One thing that happened in an incident, as the timeline and the postmortem show it.
public struct TimelineEntry: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case declared, severity, role, checkIn = "check_in", page, status, note, captured, evidence, file, question, resolved
        /// A change to the impact window (see ``ImpactChange``).
        case impact
        /// A share of an SLO's error budget this incident has burned (10, 25, 50, 100 %), said once each.
        case budget
        /// An on-call shift handed over: the whole handoff summary, kept as the shift's record of it.
        case handoff
    }

    public var at: Date
    public var kind: Kind
    /// Who did it or wrote it (a user id), when someone did.
    public var actor: String?
    public var text: RichText
    /// Unique within the incident: the same key recorded twice is one entry (retried events, re-pins).
    public var key: String

    public init(at: Date, kind: Kind, actor: String?, text: RichText, key: String) {
        self.at = at
        self.kind = kind
        self.actor = actor
        self.text = text
        self.key = key
    }

    /// A key for an entry decided at `at` by `actor`, unique enough for commands and button clicks.
    public static func key(_ kind: Kind, at: Date, actor: String?) -> String {
        "\(kind.rawValue):\(Int((at.timeIntervalSince1970 * 1000).rounded())):\(actor ?? "-")"
    }

    /// The entry ordering people read: by time, earlier first; ties keep their recorded order.
    public static func ordered(_ entries: [TimelineEntry]) -> [TimelineEntry] {
        entries.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}

/// A message people posted in an incident channel, as the transcript keeps it.
public struct ChannelMessage: Sendable, Equatable, Codable {
    public var ts: String
    public var user: String
    public var text: RichText
    public var threadTS: String?
    /// Names of files shared with the message.
    public var files: [String]
    /// Set when another integration (Grafana, Alertmanager, …) posted it: the name it posts under.
    /// `user` is then that integration's id, not a person's.
    public var botName: String?

    public init(ts: String, user: String, text: RichText, threadTS: String? = nil, files: [String] = [], botName: String? = nil) {
        self.ts = ts
        self.user = user
        self.text = text
        self.threadTS = threadTS
        self.files = files
        self.botName = botName
    }

    /// When it was posted: the ts is Unix seconds with microseconds. A ts that is not one (the platform
    /// adapter lets none through) reads as the Unix epoch, never as a NaN or far-future date.
    public var postedAt: Date {
        Self.postingTime(ts) ?? Date(timeIntervalSince1970: 0)
    }

    /// The time a message ts such as `"1700000000.000100"` stands for: one to ten digits of seconds, and
    /// optionally a dot and up to six digits of microseconds; nil for anything else (`nan`, `1e300`, 20 digits).
    public static func postingTime(_ ts: String) -> Date? {
        let parts = Array(ts.utf8).split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let seconds = parts.first, (1...10).contains(seconds.count) else { return nil }
        let fraction: ArraySlice<UInt8> = parts.count == 2 ? parts[1] : []
        guard fraction.count <= 6, (parts.count == 1 || !fraction.isEmpty) else { return nil }
        func value(_ digits: ArraySlice<UInt8>) -> Int? {
            var total = 0
            for byte in digits {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                total = total * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return total
        }
        guard let whole = value(seconds), let micros = value(fraction) else { return nil }
        var scale = 1
        for _ in fraction.count..<6 { scale *= 10 }
        return Date(timeIntervalSince1970: Double(whole) + Double(micros * scale) / 1_000_000)
    }
}

/// What gets captured from an incident channel without anyone writing it down.
public struct CaptureSettings: Sendable, Equatable {
    /// Reacting with this emoji (no colons) adds a message to the timeline.
    public var emoji: String
    /// The reaction Tocsin adds to acknowledge a capture, instead of a message.
    public var acknowledgement: String
    /// Hosts of observability tools; links to them are captured as evidence. A name without a dot
    /// (`grafana`) matches any host with that label; one with a dot matches the host and its subdomains.
    public var evidenceHosts: [String]

    public init(
        emoji: String = "pushpin", acknowledgement: String = "white_check_mark",
        evidenceHosts: [String] = ["grafana", "datadoghq.com", "datadoghq.eu", "newrelic.com", "prometheus", "kibana", "honeycomb.io", "sentry.io"]
    ) {
        self.emoji = emoji
        self.acknowledgement = acknowledgement
        self.evidenceHosts = evidenceHosts
    }
}

/// Tells which links in a message are evidence: links to the observability tools an operator listed.
public enum LinkClassifier {
    /// The matching host entry when `url` points at one of `hosts`, else nil.
    public static func evidenceHost(of url: String, hosts: [String]) -> String? {
        guard let host = URLComponents(string: url)?.host?.lowercased() else { return nil }
        let labels = host.split(separator: ".").map(String.init)
        return hosts.first { entry in
            let entry = entry.lowercased()
            return entry.contains(".") ? (host == entry || host.hasSuffix("." + entry)) : labels.contains(entry)
        }
    }
}
