import Foundation
import Mustache
import TocsinApp
import TocsinCore

/// Renders posts for Slack with the deployment's Mustache templates (written in mrkdwn), loaded and
/// checked once at start-up.
///
/// A template may split its message into sections with lines holding only `---`; the first section
/// doubles as the notification text. Template values are escaped once by ``SlackMarkup``; what people
/// wrote (``RichText``) goes through the template as an opaque placeholder and is written in Slack's
/// markup afterwards, so its links and mentions survive and its text is still escaped exactly once.
public struct TemplateRenderer: MessageRenderer {
    static let postmortemTemplate = "postmortem"

    private let library: MustacheLibrary

    /// Loads every ``MessageTemplate`` from `directory`, failing on the first missing or broken one.
    public init(directory: String) throws(RenderError) {
        try self.init(source: directory) { name in
            try? String(contentsOfFile: (directory as NSString).appendingPathComponent("\(name).mustache"), encoding: .utf8)
        }
    }

    /// Loads every ``MessageTemplate`` and the postmortem through `text` (a template's name to its text,
    /// nil when missing), failing on the first missing or broken one; `source` names where they are.
    init(source directory: String, text: (String) -> String?) throws(RenderError) {
        MustacheContentTypes.register(MrkdwnContentType(), named: MrkdwnContentType.name)
        var library = MustacheLibrary()
        for template in MessageTemplate.allCases {
            guard let text = text(template.rawValue) else {
                throw .missingTemplate(template.rawValue, directory: directory)
            }
            do {
                try library.register("{{% CONTENT_TYPE: \(MrkdwnContentType.name)}}" + text, named: template.rawValue)
            } catch {
                throw .invalidTemplate(template.rawValue, reason: "\(error)")
            }
        }
        guard let postmortem = text(Self.postmortemTemplate) else {
            throw .missingTemplate(Self.postmortemTemplate, directory: directory)
        }
        do {
            try library.register("{{% CONTENT_TYPE: TEXT}}" + postmortem, named: Self.postmortemTemplate)
        } catch {
            throw .invalidTemplate(Self.postmortemTemplate, reason: "\(error)")
        }
        self.library = library
    }

    public func encode(_ text: RichText) -> String {
        SlackMarkup.encode(text)
    }

    public func renderPostmortem(_ facts: PostmortemFacts) throws(RenderError) -> String {
        guard let text = library.render(facts, withTemplate: Self.postmortemTemplate) else {
            throw .missingTemplate(Self.postmortemTemplate, directory: "the template library")
        }
        return text
    }

    public func render(_ post: Post, incidentChannel: ChannelInfo?) throws(RenderError) -> OutgoingMessage {
        var rich = RichValues()
        var context = Self.context(post.view, channel: incidentChannel, rich: &rich)
        context.merge(Self.context(post.content, rich: &rich)) { _, particular in particular }
        guard let rendered = library.render(context, withTemplate: post.template.rawValue) else {
            throw .missingTemplate(post.template.rawValue, directory: "the template library")
        }
        let parts = Self.parts(of: rendered).map { Self.sections(of: $0).map { rich.fill($0) } }
        var sections = parts.first ?? []
        if post.view.isDrill { sections = Self.markedAsDrill(sections) }
        var message = OutgoingMessage(text: sections.first ?? "", sections: sections.count > 1 ? sections : [])
        message.buttons = Self.buttons(post)
        let trailing = Array(parts.dropFirst())
        var checklist = Self.checklistButtons(post)
        for (index, part) in trailing.enumerated() where !part.isEmpty {
            // The checklist's buttons go under the last part (the checklist's own, in the built-in welcome).
            let buttons = index == trailing.count - 1 ? checklist : []
            message.trailingParts.append(MessagePart(sections: part, buttons: buttons))
            if !buttons.isEmpty { checklist = [] }
        }
        if !checklist.isEmpty {
            // A template without a part of its own for the checklist still gets its buttons, below the rest.
            message.trailingParts.append(MessagePart(sections: [], buttons: checklist))
        }
        return message
    }

    /// The open items of an active incident's checklist, one button each, on the welcome.
    static func checklistButtons(_ post: Post) -> [MessageButton] {
        guard post.content == .welcome, !post.view.isResolved, post.view.state != IncidentState.cancelled.rawValue,
              let items = post.view.checklist else { return [] }
        return items.enumerated().compactMap { index, item in
            item.isDone ? nil : MessageButton(
                actionID: MessageButton.checklistItemActionIDPrefix + String(index), text: item.text, value: "\(post.view.number):\(item.text)"
            )
        }
    }

    /// A template's text in parts, at lines holding only `===`: the first part is shown above the message's
    /// buttons, each further part below them (the welcome's checklist, with its own buttons).
    static func parts(of text: String) -> [String] {
        var parts: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces) == "===" {
                parts.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        parts.append(current.joined(separator: "\n"))
        return parts
    }

    /// An announcement shows no incident's facts: its template sees only its content.
    public func render(_ announcement: Announcement) throws(RenderError) -> OutgoingMessage {
        var rich = RichValues()
        let context = Self.context(announcement.content, rich: &rich)
        guard let rendered = library.render(context, withTemplate: announcement.template.rawValue) else {
            throw .missingTemplate(announcement.template.rawValue, directory: "the template library")
        }
        let sections = Self.sections(of: rendered).map { rich.fill($0) }
        return OutgoingMessage(text: sections.first ?? "", sections: sections.count > 1 ? sections : [])
    }

    /// A drill's message, marked at the start of its first section (which is also the notification text), so
    /// nobody reading any part of it, or only the notification, takes it for a real incident.
    static func markedAsDrill(_ sections: [String]) -> [String] {
        let mark = "*\(IncidentPlanner.drillMark)*"
        guard let first = sections.first else { return [mark] }
        return [first.hasPrefix(mark) ? first : "\(mark) \(first)"] + sections.dropFirst()
    }

    /// The buttons a message offers: *Check in* on an open incident's welcome, *Retro survey* on the
    /// resolve message, *Done* on a new action item.
    static func buttons(_ post: Post) -> [MessageButton] {
        switch post.content {
        case .welcome where !post.view.isResolved:
            [MessageButton(actionID: MessageButton.checkInActionID, text: "Check in", value: String(post.view.number), style: .primary)]
        case .resolved:
            [MessageButton(actionID: MessageButton.retroSurveyActionID, text: "Retro survey", value: String(post.view.number))]
        case .actionAdded(let item):
            [MessageButton(actionID: MessageButton.actionDoneActionID, text: "Done", value: String(item.id))]
        default:
            []
        }
    }

    static func sections(of text: String) -> [String] {
        var sections: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces) == "---" {
                sections.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        sections.append(current.joined(separator: "\n"))
        return sections.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    static func context(_ view: IncidentView, channel: ChannelInfo?, rich: inout RichValues) -> [String: Any] {
        var context: [String: Any] = [
            "number": view.number, "title": RichValues.plain(view.title), "severity": view.severity.rawValue,
            "severitySummary": view.severitySummary, "tier": view.tier, "state": view.state,
            "commander": view.commander, "declaredBy": view.declaredBy, "updateEvery": view.updateEvery,
            "checkInWithin": view.checkInWithin, "hasImpacted": !view.impactedServices.isEmpty,
            "impactedList": view.impactedServices.joined(separator: ", "), "age": view.age, "isResolved": view.isResolved,
            "isDrill": view.isDrill,
        ]
        if let commsLead = view.commsLead { context["commsLead"] = commsLead }
        if let latestStatus = view.latestStatus, !latestStatus.isEmpty { context["latestStatus"] = rich.placeholder(for: latestStatus) }
        if let excerpt = view.latestStatusExcerpt, !excerpt.isEmpty { context["latestStatusExcerpt"] = rich.placeholder(for: excerpt) }
        if let service = view.service { context["service"] = service }
        if let runbook = view.runbook { context["runbook"] = RichValues.plain(runbook) }
        if let checklist = view.checklist, !checklist.isEmpty {
            context["hasChecklist"] = true
            context["checklistCount"] = checklist.count
            context["checklistDone"] = checklist.filter(\.isDone).count
            context["checklistItems"] = checklist.map { item -> [String: Any] in
                var entry: [String: Any] = ["text": RichValues.plain(item.text), "done": item.isDone]
                if let by = item.doneBy { entry["doneBy"] = by }
                if let at = item.doneAt { entry["doneAt"] = UTCTime.minutes(at) }
                return entry
            }
        }
        if let channel {
            context["channelID"] = channel.id
            context["channelName"] = channel.name
        }
        return context
    }
}

/// Rich text on its way through a template: each value stands in the rendered text as a
/// placeholder of private-use characters, which no escaping touches, until `fill` writes it.
struct RichValues {
    private static let open: Character = "\u{E000}"
    private static let close: Character = "\u{E001}"
    private var values: [RichText] = []

    mutating func placeholder(for text: RichText) -> String {
        values.append(text)
        return "\(Self.open)\(values.count - 1)\(Self.close)"
    }

    /// A plain value without the placeholder characters, so it cannot pose as one.
    static func plain(_ text: String) -> String {
        guard text.contains(open) || text.contains(close) else { return text }
        return text.filter { $0 != open && $0 != close }
    }

    /// `rendered` with every placeholder replaced by its value in Slack's markup.
    func fill(_ rendered: String) -> String {
        guard !values.isEmpty, rendered.contains(Self.open) else { return rendered }
        var output = ""
        var rest = Substring(rendered)
        while let start = rest.firstIndex(of: Self.open), let end = rest[start...].firstIndex(of: Self.close) {
            output += rest[..<start]
            if let index = Int(rest[rest.index(after: start)..<end]), values.indices.contains(index) {
                output += SlackMarkup.encode(values[index])
            }
            rest = rest[rest.index(after: end)...]
        }
        return output + rest
    }
}
