/// The buttons Tocsin puts on its messages, by action id: the renderer attaches them and the click
/// handler recognises them, so both read the ids from here.
extension MessageButton {
    /// *Check in* on the welcome message; its value is the incident number.
    public static let checkInActionID = "incident_check_in"
    /// *Done* on an action item's message; its value is the item's id.
    public static let actionDoneActionID = "action_item_done"
    /// *Retro survey* on the resolve message; its value is the incident number.
    public static let retroSurveyActionID = "retro_survey_open"
    /// Each open item of a severity's checklist on the welcome message: this prefix and the item's place in
    /// the checklist (Slack wants action ids unique within a block); its value is `<incident number>:<item>`.
    public static let checklistItemActionIDPrefix = "checklist_item_"
}
