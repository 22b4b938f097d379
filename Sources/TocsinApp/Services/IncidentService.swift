import Foundation
import Logging
import TocsinCore

/// The app's way in for what people do: slash commands, button clicks, form submissions and channel
/// events. It routes each to the handler for its concern (``CommandRouter`` for commands) and words the
/// handler's ``ReplyIntent`` with ``ReplyWording``. Handlers decide with the core and store durably; chat work
/// goes to the outbox for the delivery service, except opening the survey form (its trigger expires in 3 s),
/// user-group lookups for permissions, and the deferred answers to clicks and mentions.
public struct IncidentService: Sendable {
    let wording: ReplyWording
    let commands: CommandRouter
    let checkIns: CheckInHandler
    let actionItems: ActionItemHandler
    let surveys: SurveyHandler
    let declareForm: DeclareFormHandler
    let events: ChannelEventHandler
    /// Where answers to clicks go once the click is acknowledged.
    let replies: DeferredReplies
    let logger: Logger

    public init(
        configuration: TocsinConfiguration, catalog: CommandCatalog, store: any IncidentStore, renderer: any MessageRenderer,
        chat: any ChatAPI, replies: DeferredReplies, delivery: DeliveryWakeUp, now: @escaping @Sendable () -> Date = Date.init,
        logger: Logger
    ) {
        let context = HandlerContext(configuration: configuration, store: store, delivery: delivery, now: now, logger: logger)
        let permissions = PermissionGate(context: context, chat: chat)
        let wording = ReplyWording(catalog: catalog)
        let checkIns = CheckInHandler(context: context, permissions: permissions)
        let actionItems = ActionItemHandler(context: context, permissions: permissions)
        self.wording = wording
        self.checkIns = checkIns
        self.actionItems = actionItems
        let declarations = DeclareHandler(context: context)
        let declareForm = DeclareFormHandler(context: context, declarations: declarations, chat: chat)
        self.declareForm = declareForm
        self.commands = CommandRouter(
            parser: CommandParser(catalog: catalog, configuration: configuration), context: context,
            declarations: declarations, changes: ChangeHandler(context: context, permissions: permissions),
            checkIns: checkIns, actionItems: actionItems, reports: ReportHandler(context: context, renderer: renderer), declareForm: declareForm,
            budgets: BudgetHandler(context: context, permissions: permissions)
        )
        self.surveys = SurveyHandler(context: context, permissions: permissions, chat: chat)
        self.events = ChannelEventHandler(
            context: context, wording: wording, replies: replies, renderer: renderer,
            nudges: ExecutiveNudges(context: context, wording: wording, renderer: renderer, chat: chat, groups: permissions.groups)
        )
        self.replies = replies
        self.logger = logger
    }

    /// The answer to `/incident help`, the same every time (an adapter may encode it once).
    public var helpReply: CommandReply { wording.reply(.help) }

    public func handle(_ request: SlashCommandRequest) async -> CommandReply {
        wording.reply(await commands.route(request))
    }

    /// A button click, acted on now and answered once the click is acknowledged: the answer goes to the
    /// click's reply address, where only the clicker sees it (the acknowledgement's body is never shown).
    public func answer(_ click: ButtonClick) async {
        guard let reply = await handle(click) else { return }
        guard let address = click.responseURL else {
            logger.info("a click came without a reply address; its answer is not shown", metadata: ["action_id": "\(click.actionID)"])
            return
        }
        replies.reply(reply.text, to: address)
    }

    /// A button click; returns the reply to show the clicker, or nil for buttons Tocsin does not own
    /// (and for the survey button once the survey is open).
    public func handle(_ click: ButtonClick) async -> CommandReply? {
        let intent: ReplyIntent?
        switch click.actionID {
        case CheckInHandler.buttonID: intent = await checkIns.click(click)
        case ActionItemHandler.doneButtonID: intent = await actionItems.complete(click)
        case SurveyHandler.buttonID: intent = await surveys.open(click)
        default:
            logger.info("ignored a click on an unknown button", metadata: ["action_id": "\(click.actionID)"])
            intent = nil
        }
        return intent.map(wording.reply)
    }

    /// Something people did in a channel (see ``ChannelEventHandler``).
    public func handle(_ event: ChannelEvent) async {
        await events.handle(event)
    }

    /// A submitted form: the declare form (answered with what the platform should do with it) or the
    /// retrospective survey (closed).
    @discardableResult
    public func handle(_ submission: FormSubmission) async -> FormAnswer {
        if submission.callbackID == DeclareForm.callbackID { return await declareForm.submit(submission) }
        await surveys.record(submission)
        return .close
    }

    /// A shortcut: the declare form opens. When it cannot, the message shortcut's person is told through its
    /// reply address (a global shortcut has none; the log says why).
    public func handle(_ shortcut: ShortcutRequest) async {
        guard let intent = await declareForm.open(shortcut) else { return }
        guard let address = shortcut.responseURL else {
            logger.info("a shortcut's form did not open and there is no reply address", metadata: ["callback_id": "\(shortcut.callbackID)"])
            return
        }
        replies.reply(wording.text(intent), to: address)
    }
}
