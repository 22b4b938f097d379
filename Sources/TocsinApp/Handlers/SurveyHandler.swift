import Foundation
import Logging
import TocsinCore

/// The retrospective survey: a button in the resolve message opens it, each participant answers once.
struct SurveyHandler: Sendable {
    let context: HandlerContext
    let permissions: PermissionGate
    /// Opens the survey form: the click's trigger expires in 3 seconds, so this calls the platform directly.
    let chat: any ChatAPI

    /// The action id of the *Retro survey* button.
    static let buttonID = MessageButton.retroSurveyActionID

    /// Opens the survey for the clicker; nil once it is open (the form is the answer).
    func open(_ click: ButtonClick) async -> ReplyIntent? {
        guard let number = Int(click.value), let trigger = click.triggerID else { return .surveyButtonUnusable }
        do {
            if let refusal = try await permissions.buttonRefusal(click, names: number, label: "Retro survey") { return refusal }
            if let refusal = try await permissions.surveyRefusal(incident: number, user: click.userID) { return .refused(refusal) }
        } catch {
            context.logger.error("cannot check who may answer a survey", metadata: ["error": "\(error)"])
            return .storeUnavailable(.surveyClick)
        }
        let form = FormDefinition(
            callbackID: RetroSurvey.callbackID, title: "Retro: incident #\(number)", submitLabel: "Send", metadata: String(number),
            questions: RetroSurvey.questions.map { FormDefinition.Question(id: $0.id, label: $0.label, choices: $0.choices, isOptional: $0.choices == nil && $0.id == "factors") }
        )
        do {
            try await chat.openForm(form, triggerID: trigger)
            context.logger.info("survey opened", metadata: ["incident_id": "\(number)", "user_id": "\(click.userID)"])
            return nil
        } catch {
            context.logger.warning("cannot open the survey", metadata: ["incident_id": "\(number)", "reason": "\(error.code)"])
            return .surveyDidNotOpen(reason: error.code)
        }
    }

    /// A submitted survey: recorded for the postmortem and the completion KPI. Nobody is answered.
    func record(_ submission: FormSubmission) async {
        guard submission.callbackID == RetroSurvey.callbackID, let number = Int(submission.privateMetadata) else {
            context.logger.info("ignored a form submission", metadata: ["callback_id": "\(submission.callbackID)"])
            return
        }
        let answers = submission.answers.filter { key, value in RetroSurvey.questions.contains { $0.id == key } && !value.isEmpty }
        do {
            if let refusal = try await permissions.surveyRefusal(incident: number, user: submission.userID) {
                permissions.count(refusal, user: submission.userID, incident: number)
                return
            }
            if try await context.store.recordSurvey(SurveyResponse(userID: submission.userID, answers: answers, submittedAt: context.now()), incident: number) {
                context.logger.info("survey answered", metadata: ["incident_id": "\(number)", "user_id": "\(submission.userID)"])
            }
        } catch {
            context.logger.error("cannot record a survey", metadata: ["error": "\(error)"])
        }
    }
}
