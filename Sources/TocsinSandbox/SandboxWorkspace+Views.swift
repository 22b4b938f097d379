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
}

/// `views.open`: modals, with Slack's checks on the trigger and the view (docs.slack.dev views.open; FACTS §4).
extension SandboxWorkspace {
    /// Every modal opened, oldest first.
    public func openedViews() -> [SandboxView] {
        openedViewLog
    }

    func viewsOpen(_ params: WebAPIParams) throws(SlackError) -> JSON {
        guard let trigger = params["trigger_id"] else { throw SlackError("invalid_arguments") }
        guard Self.isTriggerID(trigger) else { throw SlackError("invalid_trigger_id") }
        guard !usedTriggers.contains(trigger) else { throw SlackError("exchanged_trigger_id") }
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
        usedTriggers.insert(trigger)
        let id = ids.make(prefix: "V")
        openedViewLog.append(SandboxView(
            id: id, triggerID: trigger, callbackID: callbackID, privateMetadata: metadata, title: title,
            blocksJSON: (view["blocks"] ?? .array([])).serialized()
        ))
        return ["view": ["id": .string(id), "type": "modal", "callback_id": .string(callbackID), "private_metadata": .string(metadata), "hash": .string(id + ".hash")]]
    }

    /// Slack's trigger ids look like `13345224609.738474920.8088930838d88f008e0`.
    static func isTriggerID(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].allSatisfy(\.isNumber) && parts[1].allSatisfy(\.isNumber) && !parts[0].isEmpty && !parts[1].isEmpty
            && !parts[2].isEmpty && parts[2].allSatisfy(\.isHexDigit)
    }
}
