import TocsinApp

extension TemplateRenderer {
    /// Where the built-in templates come from, as error messages name it.
    static let builtinSource = "the built-in templates"

    /// The templates built into the binary (`templates/*.mustache` in the repository, embedded by
    /// SwiftPM through `Templates/Builtin`), so a copied binary needs no directory beside it.
    public init() throws(RenderError) {
        try self.init(source: Self.builtinSource) { name in
            Self.builtinTemplate(named: name).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// The bytes of the built-in template `name` (without `.mustache`), nil for a name that has none.
    static func builtinTemplate(named name: String) -> [UInt8]? {
        switch name {
        case "action_added": PackageResources.action_added_mustache
        case "action_done": PackageResources.action_done_mustache
        case "budget_burn": PackageResources.budget_burn_mustache
        case "budget_digest": PackageResources.budget_digest_mustache
        case "budget_policy": PackageResources.budget_policy_mustache
        case "alerts": PackageResources.alerts_mustache
        case "cancelled": PackageResources.cancelled_mustache
        case "cancelled_exec_thread": PackageResources.cancelled_exec_thread_mustache
        case "cancelled_ring": PackageResources.cancelled_ring_mustache
        case "channel_archiving": PackageResources.channel_archiving_mustache
        case "check_in_follow_up": PackageResources.check_in_follow_up_mustache
        case "check_in_follow_up_exec_thread": PackageResources.check_in_follow_up_exec_thread_mustache
        case "checked_in": PackageResources.checked_in_mustache
        case "company_declared": PackageResources.company_declared_mustache
        case "exec_overdue": PackageResources.exec_overdue_mustache
        case "exec_question": PackageResources.exec_question_mustache
        case "exec_root": PackageResources.exec_root_mustache
        case "invites_refused": PackageResources.invites_refused_mustache
        case "postmortem": PackageResources.postmortem_mustache
        case "reminder": PackageResources.reminder_mustache
        case "reminder_escalated": PackageResources.reminder_escalated_mustache
        case "reopened": PackageResources.reopened_mustache
        case "reopened_exec_thread": PackageResources.reopened_exec_thread_mustache
        case "reopened_ring": PackageResources.reopened_ring_mustache
        case "resolved": PackageResources.resolved_mustache
        case "resolved_exec_thread": PackageResources.resolved_exec_thread_mustache
        case "resolved_ring": PackageResources.resolved_ring_mustache
        case "ring_catch_up": PackageResources.ring_catch_up_mustache
        case "ring_channel_unusable": PackageResources.ring_channel_unusable_mustache
        case "ring_stand_down": PackageResources.ring_stand_down_mustache
        case "role_changed": PackageResources.role_changed_mustache
        case "severity_changed": PackageResources.severity_changed_mustache
        case "severity_ring": PackageResources.severity_ring_mustache
        case "stakeholders_declared": PackageResources.stakeholders_declared_mustache
        case "status_exec_thread": PackageResources.status_exec_thread_mustache
        case "status_ring": PackageResources.status_ring_mustache
        case "status_update": PackageResources.status_update_mustache
        case "welcome": PackageResources.welcome_mustache
        case "role_briefing": PackageResources.role_briefing_mustache
        case "role_exec_thread": PackageResources.role_exec_thread_mustache
        case "shift_started": PackageResources.shift_started_mustache
        case "handoff": PackageResources.handoff_mustache
        default: nil
        }
    }
}
