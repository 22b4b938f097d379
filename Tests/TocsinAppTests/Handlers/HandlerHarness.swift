import Foundation
import Logging
import Synchronization
import Testing
@testable import TocsinApp
import TocsinCore
import TocsinSlack
import TocsinStore

/// A clock the test moves by hand.
final class ManualTestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

/// The chat API as handlers call it directly (the survey form, user-group lookups), recording each call.
/// Any other call is recorded as a test failure and refused, instead of crashing the test run.
final class HandlerChat: ChatAPI {
    private struct State {
        var forms: [(form: FormDefinition, trigger: String)] = []
        var groupLookups: [String] = []
        var formError: ChatError?
    }

    private let state = Mutex(State())
    /// Members the workspace reports for each user group (by handle).
    let groups: [String: [String]]

    init(groups: [String: [String]] = [:]) { self.groups = groups }

    var forms: [(form: FormDefinition, trigger: String)] { state.withLock { $0.forms } }
    var groupLookups: [String] { state.withLock { $0.groupLookups } }

    /// Makes the next form fail to open with `error`.
    func failForms(with error: ChatError) { state.withLock { $0.formError = error } }

    func openForm(_ form: FormDefinition, triggerID: String) async throws(ChatError) {
        let error = state.withLock { state -> ChatError? in
            if let error = state.formError { return error }
            state.forms.append((form, triggerID))
            return nil
        }
        if let error { throw error }
    }

    func userGroupMembers(handle: String) async throws(ChatError) -> [String] {
        state.withLock { $0.groupLookups.append(handle) }
        guard let members = groups[handle] else { throw .permanent("no_such_subteam") }
        return members
    }

    private func unexpected(_ call: String) -> ChatError {
        Issue.record("a handler called the chat API's \(call), which handlers leave to the outbox")
        return .permanent("unexpected_call")
    }

    func identity() async throws(ChatError) -> BotIdentity { throw unexpected("identity") }
    func createChannel(named name: String) async throws(ChatError) -> ChannelInfo { throw unexpected("createChannel") }
    func findChannel(named name: String) async throws(ChatError) -> FoundChannel? { throw unexpected("findChannel") }
    func joinChannel(id: String) async throws(ChatError) { throw unexpected("joinChannel") }
    func invite(userIDs: [String], toChannel channelID: String) async throws(ChatError) -> [RefusedInvite] { throw unexpected("invite") }
    func setTopic(_ topic: String, channelID: String) async throws(ChatError) { throw unexpected("setTopic") }
    func postMessage(_ message: OutgoingMessage, channelID: String) async throws(ChatError) -> String { throw unexpected("postMessage") }
    func updateMessage(_ message: OutgoingMessage, channelID: String, ts: String) async throws(ChatError) { throw unexpected("updateMessage") }
    func addReaction(_ name: String, channelID: String, ts: String) async throws(ChatError) { throw unexpected("addReaction") }
    func findMessage(marker: String, channelID: String, threadTS: String?) async throws(ChatError) -> String? { throw unexpected("findMessage") }
}

/// The handlers wired as the app wires them, on a real SQLite store in a temporary file, the shipped
/// example configuration, command definitions and templates, and a manual clock.
struct HandlerHarness {
    static let repository = CommandCatalogLoaderTests.repository
    /// 2027-01-15 08:00:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let commander = "U0COMMANDER"
    static let stranger = "U0STRANGER"
    /// The incident channel that ``declareIncident(severity:service:title:)`` gives the incident.
    static let incidentChannel = "C0INC1"
    static let otherChannel = "C0RANDOM"

    let clock = ManualTestClock(Self.start)
    let chat: HandlerChat
    let store: AppDatabase
    let context: HandlerContext
    let permissions: PermissionGate
    let catalog: CommandCatalog
    let wording: ReplyWording
    let renderer: TemplateRenderer

    init(chat: HandlerChat = HandlerChat()) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-handlers-\(UUID().uuidString).sqlite").path
        let configuration = try ConfigurationLoader.parse(DefaultConfiguration.yaml).configuration
        let clock = self.clock
        self.chat = chat
        store = try AppDatabase(path: path)
        context = HandlerContext(
            configuration: configuration, store: store, delivery: DeliveryWakeUp(), now: { clock.now },
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        permissions = PermissionGate(context: context, chat: chat)
        catalog = try CommandCatalogLoader.load(path: Self.repository.appendingPathComponent("commands/incident.yml").path)
        wording = ReplyWording(catalog: catalog)
        renderer = try TemplateRenderer(directory: Self.repository.appendingPathComponent("templates").path)
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
            changes: changes, checkIns: checkIns, actionItems: actionItems, reports: reports
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
    func declareIncident(severity: String = "SEV2", service: String? = "reports", title: String = "Reports are late") async throws -> Incident {
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
