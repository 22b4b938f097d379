import Foundation
import Logging
import TocsinCore

/// Declaring with the form: `/incident declare` alone and the two shortcuts open it (at once, within the
/// trigger's 3 seconds, so this calls the platform directly), and a submission declares exactly as the
/// command line does, or keeps the form open with what is wrong beside each field.
struct DeclareFormHandler: Sendable {
    let context: HandlerContext
    let declarations: DeclareHandler
    let chat: any ChatAPI
    let form: DeclareForm

    init(context: HandlerContext, declarations: DeclareHandler, chat: any ChatAPI) {
        self.context = context
        self.declarations = declarations
        self.chat = chat
        self.form = DeclareForm(configuration: context.configuration)
    }

    /// Opens the form for the person whose request carried `triggerID`; the platform's short error code when it would not open.
    func open(triggerID: String, userID: String, message: DeclareForm.SourceMessage? = nil) async -> String? {
        do {
            try await chat.openForm(form.definition(from: message), triggerID: triggerID)
            context.logger.info("declare form opened", metadata: ["user_id": "\(userID)", "from_message": "\(message != nil)"])
            return nil
        } catch {
            context.logger.warning("cannot open the declare form", metadata: ["user_id": "\(userID)", "reason": "\(error.code)"])
            return error.code
        }
    }

    /// `/incident declare` with nothing after it.
    func openFromCommand(_ request: SlashCommandRequest, usage: String) async -> ReplyIntent {
        guard let trigger = request.triggerID else { return .notUnderstood(.missingTitle(usage: usage)) }
        if let reason = await open(triggerID: trigger, userID: request.userID) { return .declareFormDidNotOpen(reason: reason) }
        return .declareFormOpened
    }

    /// A shortcut; returns what to tell the person when the form could not open (nil when it opened or the shortcut is not Tocsin's).
    func open(_ shortcut: ShortcutRequest) async -> ReplyIntent? {
        let message: DeclareForm.SourceMessage?
        switch shortcut.callbackID {
        case DeclareForm.globalShortcutID: message = nil
        case DeclareForm.messageShortcutID:
            guard let source = shortcut.message else { return .declareFormDidNotOpen(reason: "no_message") }
            message = source
        default:
            context.logger.info("ignored an unknown shortcut", metadata: ["callback_id": "\(shortcut.callbackID)"])
            return nil
        }
        guard let trigger = shortcut.triggerID else { return .declareFormDidNotOpen(reason: "no_trigger") }
        return await open(triggerID: trigger, userID: shortcut.userID, message: message).map { .declareFormDidNotOpen(reason: $0) }
    }

    /// A submitted declare form: declared (the form closes), or the problems shown in the form.
    func submit(_ submission: FormSubmission) async -> FormAnswer {
        switch form.read(submission.answers) {
        case .failure(let errors):
            context.logger.info("declare form refused", metadata: ["user_id": "\(submission.userID)", "fields": "\(errors.byField.keys.sorted())"])
            return .errors(errors.byField)
        case .success(let (declaration, description)):
            do {
                let requestID = submission.formID.map { "form:\($0)" }
                let intent = try await declarations.declare(declaration, userID: submission.userID, teamID: submission.teamID ?? "", requestID: requestID)
                if case .declared(let decided) = intent, let description {
                    let source = DeclareForm.SourceMessage(metadata: submission.privateMetadata, text: description)
                    try await record(description, from: source, in: decided.incident, by: submission.userID)
                }
                return .close
            } catch {
                context.logger.error("cannot declare from the form", metadata: ["error": "\(error)"])
                return .errors([DeclareForm.Field.title.rawValue: "I could not declare just now because my database is unavailable; nothing was declared, so please submit again in a minute."])
            }
        }
    }

    /// The description enters the timeline right after the declaration: as the captured message (its author,
    /// keyed by its ts like a pin of it would be) when the form came from a message shortcut, else as a note.
    private func record(_ description: String, from message: DeclareForm.SourceMessage?, in incident: Incident, by userID: String) async throws(StoreError) {
        let at = incident.declaredAt
        let entry = message.map {
            TimelineEntry(at: at, kind: .captured, actor: $0.userID, text: RichText(description), key: "shortcut:\($0.ts)")
        } ?? TimelineEntry(at: at, kind: .note, actor: userID, text: RichText(description), key: TimelineEntry.key(.note, at: at, actor: userID))
        _ = try await context.store.updateIncident(number: incident.number, at: at) { current -> Result<Decision, Never> in
            .success(Decision(incident: current, effects: [], timeline: [entry]))
        }
    }
}
