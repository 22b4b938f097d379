import Foundation

/// A modal the bot opened with `views.open`, as the workspace recorded it.
public struct SandboxView: Sendable, Equatable {
    public var id: String
    public var triggerID: String
    public var callbackID: String
    public var privateMetadata: String
    public var title: String
    /// The view's `blocks` as JSON text.
    public var blocksJSON: String
    /// Who it was opened for: the person whose command, click or shortcut issued the trigger ("" when the
    /// trigger came from outside the sandbox, e.g. a test that signs its own payload).
    public var userID: String = ""
    /// Open until it is submitted and the bot answers with anything but `response_action: errors`.
    public var isOpen: Bool = true
    /// The errors the bot answered the last submission with, by block id.
    public var errors: [String: String] = [:]
}

/// A trigger the workspace handed out with a command, click or shortcut: who it was for and when.
struct IssuedTrigger: Sendable {
    var userID: String
    var issuedAt: Date
}

/// `views.open`: modals, with Slack's checks on the trigger and the view (docs.slack.dev views.open; FACTS §4).
extension SandboxWorkspace {
    /// How long a trigger may be used after it is issued.
    static let triggerLifetime: TimeInterval = 3

    /// Every modal opened, oldest first.
    public func openedViews() -> [SandboxView] {
        openedViewLog
    }

    /// A new trigger for `userID`, shaped like Slack's (`13345224609.738474920.8088930838d88f008e0`); it opens one
    /// modal within ``triggerLifetime`` seconds.
    public func issueTriggerID(userID: String) -> String {
        let trigger = "\(Int.random(in: 1_000_000_000...9_999_999_999)).\(Int.random(in: 1_000_000...9_999_999)).\(ids.hex(length: 32))"
        issuedTriggers[trigger] = IssuedTrigger(userID: userID, issuedAt: Date())
        return trigger
    }

    /// Makes an issued trigger older by `seconds`, as if the bot had been that slow to use it (tests).
    public func ageTrigger(_ trigger: String, by seconds: TimeInterval) {
        issuedTriggers[trigger]?.issuedAt.addTimeInterval(-seconds)
    }

    func viewsOpen(_ params: WebAPIParams) throws(SlackError) -> JSON {
        guard let trigger = params["trigger_id"] else { throw SlackError("invalid_arguments") }
        guard Self.isTriggerID(trigger) else { throw SlackError("invalid_trigger_id") }
        guard !usedTriggers.contains(trigger) else { throw SlackError("exchanged_trigger_id") }
        let issued = issuedTriggers[trigger]
        if let issued, Date().timeIntervalSince(issued.issuedAt) > Self.triggerLifetime { throw SlackError("expired_trigger_id") }
        guard let text = params["view"] else { throw SlackError("invalid_arguments") }
        guard text.utf8.count <= 250_000 else { throw SlackError("view_too_large") }
        guard let view = try? JSONParser.parse(text), view.isObject, view["type"]?.stringValue == "modal",
              let title = view["title"]?["text"]?.stringValue, (1...24).contains(title.count),
              let blocks = view["blocks"]?.arrayValue, (1...100).contains(blocks.count)
        else { throw SlackError("invalid_arguments") }
        let callbackID = view["callback_id"]?.stringValue ?? ""
        let metadata = view["private_metadata"]?.stringValue ?? ""
        guard callbackID.count <= 255, metadata.count <= 3000 else { throw SlackError("invalid_arguments") }
        for label in ["submit", "close"] {
            if let text = view[label]?["text"]?.stringValue, text.count > 24 { throw SlackError("invalid_arguments") }
        }
        try ViewRules.check(blocks: blocks, hasSubmit: view["submit"] != nil)
        usedTriggers.insert(trigger)
        let id = ids.make(prefix: "V")
        openedViewLog.append(SandboxView(
            id: id, triggerID: trigger, callbackID: callbackID, privateMetadata: metadata, title: title,
            blocksJSON: (view["blocks"] ?? .array([])).serialized(), userID: issued?.userID ?? ""
        ))
        openedViewJSON[id] = view
        return ["view": ["id": .string(id), "type": "modal", "callback_id": .string(callbackID), "private_metadata": .string(metadata), "hash": .string(id + ".hash")]]
    }

    /// The view as the bot opened it, for building its `view_submission`.
    func openedView(id: String) -> (record: SandboxView, view: JSON)? {
        guard let index = openedViewLog.firstIndex(where: { $0.id == id }), let view = openedViewJSON[id] else { return nil }
        return (openedViewLog[index], view)
    }

    /// Records the bot's answer to a submission: closed, or still open with these errors.
    func recordSubmissionAnswer(viewID: String, errors: [String: String]?) {
        guard let index = openedViewLog.firstIndex(where: { $0.id == viewID }) else { return }
        if let errors {
            openedViewLog[index].errors = errors
        } else {
            openedViewLog[index].isOpen = false
            openedViewLog[index].errors = [:]
        }
    }

    /// Slack's trigger ids look like `13345224609.738474920.8088930838d88f008e0`.
    static func isTriggerID(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].allSatisfy(\.isNumber) && parts[1].allSatisfy(\.isNumber) && !parts[0].isEmpty && !parts[1].isEmpty
            && !parts[2].isEmpty && parts[2].allSatisfy(\.isHexDigit)
    }
}
