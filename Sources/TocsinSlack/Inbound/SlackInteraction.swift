import TocsinApp

/// An interactivity payload, decoded: button clicks, modal submissions, or something else.
public enum SlackInteraction: Sendable, Equatable {
    /// `block_actions`: one click per action (Slack sends one action per click today).
    case blockActions([ButtonClick])
    /// `view_submission`: a modal's submit button.
    case viewSubmission(ViewSubmission)
    /// `shortcut` (a global shortcut) or `message_action` (a message shortcut, with its message).
    case shortcut(ShortcutRequest)
    /// Any other payload type (`view_closed`, `block_suggestion`, …), by its wire name.
    case other(String)
}

/// A submitted modal: which form, who sent it, and what they entered.
public struct ViewSubmission: Sendable, Equatable {
    /// The `callback_id` the modal was opened with; routes the submission.
    public var callbackID: String
    public var userID: String
    public var teamID: String?
    /// The `private_metadata` the modal was opened with (e.g. the incident id).
    public var privateMetadata: String
    /// Input values by block id, then action id. Selects give the selected option's
    /// value, multi-selects their values joined by commas; empty inputs are left out.
    public var values: [String: [String: String]]
    /// The view's id (`V…`), the same however often its submission is delivered.
    public var viewID: String?

    public init(
        callbackID: String, userID: String, teamID: String? = nil,
        privateMetadata: String, values: [String: [String: String]], viewID: String? = nil
    ) {
        self.viewID = viewID
        self.callbackID = callbackID
        self.userID = userID
        self.teamID = teamID
        self.privateMetadata = privateMetadata
        self.values = values
    }
}
