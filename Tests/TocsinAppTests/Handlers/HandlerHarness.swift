import Foundation
import Logging
import Testing
@testable import TocsinApp
import TocsinCore
import TocsinSlack
import TocsinStore
import TocsinTestSupport

/// The handlers wired as the app wires them, on a real SQLite store in a temporary file, the example
/// configuration, the shipped command definitions and templates, a manual clock and a recording chat
/// platform that answers only what handlers may call themselves (the survey form, user-group lookups).
struct HandlerHarness {
    static let repository = CommandCatalogLoaderTests.repository
    /// 2027-01-15 08:00:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let commander = "U0COMMANDER"
    static let stranger = "U0STRANGER"
    /// The incident channel that ``declareIncident(severity:service:title:)`` gives the incident.
    static let incidentChannel = "C0INC1"
    static let otherChannel = "C0RANDOM"

    let clock = ManualClock(Self.start)
    let chat: RecordingChat
    let store: AppDatabase
    let context: HandlerContext
    let permissions: PermissionGate
    let catalog: CommandCatalog
    let wording: ReplyWording
    let renderer: TemplateRenderer

    init(chat: RecordingChat = HandlerHarness.chat()) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-handlers-\(UUID().uuidString).sqlite").path
        let configuration = Example.configuration
        self.chat = chat
        store = try AppDatabase(path: path)
        context = HandlerContext(
            configuration: configuration, store: store, delivery: DeliveryWakeUp(), now: clock.now,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        permissions = PermissionGate(context: context, chat: chat)
        catalog = try CommandCatalogLoader.load(path: Self.repository.appendingPathComponent("commands/incident.yml").path)
        wording = ReplyWording(catalog: catalog)
        renderer = try TemplateRenderer(directory: Self.repository.appendingPathComponent("templates").path)
    }

    /// A chat platform that opens forms and knows no user group.
    static func chat(sourceLocation: SourceLocation = #_sourceLocation) -> RecordingChat {
        var script = ChatScript()
        script.openForm = { _, _ in }
        script.userGroupMembers = { _ throws(ChatError) in throw .permanent("no_such_subteam") }
        return RecordingChat(script, sourceLocation: sourceLocation)
    }

    /// The forms opened so far, with the trigger each was opened with.
    var forms: [(form: FormDefinition, trigger: String)] {
        chat.calls.compactMap { call in
            if case .openForm(let form, let trigger) = call { (form, trigger) } else { nil }
        }
    }

    var declarations: DeclareHandler { DeclareHandler(context: context) }
    var changes: ChangeHandler { ChangeHandler(context: context, permissions: permissions) }
    var checkIns: CheckInHandler { CheckInHandler(context: context, permissions: permissions) }
    var actionItems: ActionItemHandler { ActionItemHandler(context: context, permissions: permissions) }
    var reports: ReportHandler { ReportHandler(context: context, renderer: renderer) }
    var surveys: SurveyHandler { SurveyHandler(context: context, permissions: permissions, chat: chat) }
    var router: CommandRouter {
        CommandRouter(
            parser: CommandParser(catalog: catalog, configuration: context.configuration), context: context, declarations: declarations,
            changes: changes, checkIns: checkIns, actionItems: actionItems, reports: reports,
            budgets: BudgetHandler(context: context, permissions: permissions)
        )
    }

    /// A slash command typed by `user` in `channel`, with a request id of its own unless one is given.
    func request(
        _ text: String, in channel: String = HandlerHarness.incidentChannel, by user: String = HandlerHarness.commander,
        requestID: String = "command:\(UUID().uuidString)"
    ) -> SlashCommandRequest {
        SlashCommandRequest(
            command: "/incident", text: RichText(text), teamID: "T0TEAM", channelID: channel, channelName: "a-channel",
            userID: user, userName: "someone", requestID: requestID
        )
    }

    /// Declares an incident through the handler, as ``commander``, and gives it ``incidentChannel`` as the delivery would.
    @discardableResult
    func declareIncident(severity: Severity = "SEV2", service: String? = "reports", title: String = "Reports are late") async throws -> Incident {
        let declared = try await declarations.declare(
            IncidentDeclaration(severity: severity, service: service, title: title), request: request("declare", in: Self.otherChannel)
        )
        guard case .declared(let declaration) = declared else {
            Issue.record("declaring answered \(declared)")
            throw StoreError.unavailable("not declared")
        }
        try await store.setChannel(ChannelInfo(id: Self.incidentChannel, name: "inc-\(declaration.incident.number)-reports"), forIncident: declaration.incident.number)
        return try #require(try await store.incident(number: declaration.incident.number))
    }

    /// A button click in `channel`.
    func click(_ actionID: String, value: String, by user: String = HandlerHarness.commander, in channel: String? = HandlerHarness.incidentChannel, trigger: String? = "T0TRIGGER") -> ButtonClick {
        ButtonClick(actionID: actionID, value: value, userID: user, channelID: channel, messageTS: "1800000000.000100", responseURL: nil, triggerID: trigger)
    }
}
