import Foundation
import Mustache
import TocsinCore

/// Turns a ``Post`` into the message to send, using the deployment's templates.
public protocol MessageRenderer: Sendable {
    func render(_ post: Post, incidentChannel: ChannelInfo?) throws(RenderError) -> OutgoingMessage
    /// The postmortem draft (Markdown).
    func renderPostmortem(_ facts: PostmortemFacts) throws(RenderError) -> String
}

/// Why a message could not be rendered.
public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingTemplate(String, directory: String)
    case invalidTemplate(String, reason: String)

    public var description: String {
        switch self {
        case .missingTemplate(let name, let directory): "The template \(name).mustache is missing from \(directory)."
        case .invalidTemplate(let name, let reason): "The template \(name).mustache cannot be parsed: \(reason)."
        }
    }
}

/// Renders posts with Mustache templates loaded (and checked) once at start-up.
///
/// A template may split its message into Block Kit sections with lines holding only `---`;
/// the first section doubles as the notification text.
public struct TemplateRenderer: MessageRenderer {
    public static let checkInActionID = "incident_check_in"
    public static let actionDoneActionID = "action_item_done"
    static let postmortemTemplate = "postmortem"

    private let library: MustacheLibrary

    /// Loads every ``MessageTemplate`` from `directory`, failing on the first missing or broken one.
    public init(directory: String) throws(RenderError) {
        MustacheContentTypes.register(SlackTextContentType(), named: SlackTextContentType.name)
        var library = MustacheLibrary()
        for template in MessageTemplate.allCases {
            let path = (directory as NSString).appendingPathComponent("\(template.rawValue).mustache")
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw .missingTemplate(template.rawValue, directory: directory)
            }
            do {
                try library.register("{{% CONTENT_TYPE: \(SlackTextContentType.name)}}" + text, named: template.rawValue)
            } catch {
                throw .invalidTemplate(template.rawValue, reason: "\(error)")
            }
        }
        let postmortemPath = (directory as NSString).appendingPathComponent("\(Self.postmortemTemplate).mustache")
        guard let postmortem = try? String(contentsOfFile: postmortemPath, encoding: .utf8) else {
            throw .missingTemplate(Self.postmortemTemplate, directory: directory)
        }
        do {
            try library.register("{{% CONTENT_TYPE: TEXT}}" + postmortem, named: Self.postmortemTemplate)
        } catch {
            throw .invalidTemplate(Self.postmortemTemplate, reason: "\(error)")
        }
        self.library = library
    }

    public func renderPostmortem(_ facts: PostmortemFacts) throws(RenderError) -> String {
        guard let text = library.render(facts, withTemplate: Self.postmortemTemplate) else {
            throw .missingTemplate(Self.postmortemTemplate, directory: "the template library")
        }
        return text
    }

    public func render(_ post: Post, incidentChannel: ChannelInfo?) throws(RenderError) -> OutgoingMessage {
        var context = Self.context(post.view, channel: incidentChannel)
        for (name, value) in post.details where !value.isEmpty {
            context[name] = value
        }
        if let checkIn = post.checkIn {
            context["checkIn"] = [
                "userID": checkIn.userID, "timeToAction": checkIn.timeToAction, "target": checkIn.target,
                "withinTarget": checkIn.withinTarget, "isFirst": checkIn.isFirst,
            ] as [String: Any]
        }
        if let refused = post.refusedInvites {
            context["refusedInvites"] = refused.map { ["userID": $0.userID, "code": $0.code, "reason": $0.reason] }
        }
        guard let rendered = library.render(context, withTemplate: post.template.rawValue) else {
            throw .missingTemplate(post.template.rawValue, directory: "the template library")
        }
        let sections = Self.sections(of: rendered)
        var message = OutgoingMessage(text: sections.first ?? "", sections: sections.count > 1 ? sections : [])
        if post.template == .welcome {
            message.buttons = [MessageButton(actionID: Self.checkInActionID, text: "Check in", value: String(post.view.number), style: .primary)]
        }
        if post.template == .resolved {
            message.buttons = [MessageButton(actionID: "retro_survey_open", text: "Retro survey", value: String(post.view.number))]
        }
        if post.template == .actionAdded, let id = post.details["actionID"] {
            message.buttons = [MessageButton(actionID: Self.actionDoneActionID, text: "Done", value: id)]
        }
        return message
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

    static func context(_ view: IncidentView, channel: ChannelInfo?) -> [String: Any] {
        var context: [String: Any] = [
            "number": view.number, "title": view.title, "severity": view.severity,
            "severitySummary": view.severitySummary, "tier": view.tier, "state": view.state,
            "commander": view.commander, "declaredBy": view.declaredBy, "updateEvery": view.updateEvery,
            "checkInWithin": view.checkInWithin, "hasImpacted": !view.impactedServices.isEmpty,
            "impactedList": view.impactedServices.joined(separator: ", "), "age": view.age, "isResolved": view.isResolved,
        ]
        if let commsLead = view.commsLead { context["commsLead"] = commsLead }
        if let latestStatus = view.latestStatus { context["latestStatus"] = latestStatus }
        if let service = view.service { context["service"] = service }
        if let channel {
            context["channelID"] = channel.id
            context["channelName"] = channel.name
        }
        return context
    }
}
