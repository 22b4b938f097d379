import Foundation
import Logging
import TocsinCore

/// The retrospective survey: a button in the resolve message opens it, each participant answers once.
extension IncidentService {
    static let surveyActionID = MessageButton.retroSurveyActionID

    /// Opens the survey for the clicker; the trigger expires in 3 seconds, so this calls the API directly.
    func openSurvey(_ click: ButtonClick) async -> CommandReply? {
        guard let number = Int(click.value), let trigger = click.triggerID else {
            return .ephemeral("That button cannot open the survey; ask the commander for the postmortem link instead.")
        }
        do {
            if let refusal = try await buttonRefusal(click, names: number, label: "Retro survey") { return refusal }
            if let refusal = try await surveyRefusal(incident: number, user: click.userID) { return .ephemeral(refusal.message(command: catalog.command)) }
        } catch {
            logger.error("cannot check who may answer a survey", metadata: ["error": "\(error)"])
            return .ephemeral("I could not open the survey because my database is unavailable; press the button again in a minute.")
        }
        let form = FormDefinition(
            callbackID: RetroSurvey.callbackID, title: "Retro: incident #\(number)", submitLabel: "Send", metadata: String(number),
            questions: RetroSurvey.questions.map { FormDefinition.Question(id: $0.id, label: $0.label, choices: $0.choices, isOptional: $0.choices == nil && $0.id == "factors") }
        )
        do {
            try await chat.openForm(form, triggerID: trigger)
            logger.info("survey opened", metadata: ["incident_id": "\(number)", "user_id": "\(click.userID)"])
            return nil
        } catch {
            logger.warning("cannot open the survey", metadata: ["incident_id": "\(number)", "reason": "\(error.code)"])
            return .ephemeral("The survey could not open (\(error.code)); press the button again.")
        }
    }

    /// A submitted survey: recorded for the postmortem and the completion KPI.
    public func handle(_ submission: FormSubmission) async {
        guard submission.callbackID == RetroSurvey.callbackID, let number = Int(submission.privateMetadata) else {
            logger.info("ignored a form submission", metadata: ["callback_id": "\(submission.callbackID)"])
            return
        }
        let answers = submission.answers.filter { key, value in RetroSurvey.questions.contains { $0.id == key } && !value.isEmpty }
        do {
            if let refusal = try await surveyRefusal(incident: number, user: submission.userID) {
                logger.info("refused a survey answer", metadata: ["incident_id": "\(number)", "user_id": "\(submission.userID)", "reason": "\(refusal.code)"])
                refused.increment()
                return
            }
            if try await store.recordSurvey(SurveyResponse(userID: submission.userID, answers: answers, submittedAt: now()), incident: number) {
                logger.info("survey answered", metadata: ["incident_id": "\(number)", "user_id": "\(submission.userID)"])
            }
        } catch {
            logger.error("cannot record a survey", metadata: ["error": "\(error)"])
        }
    }

    /// Why `user` may not answer the survey of incident `number` (not resolved yet, or not a participant); nil when they may.
    func surveyRefusal(incident number: Int, user: String) async throws(StoreError) -> PermissionRefusal? {
        guard let incident = try await store.incident(number: number) else { return nil }
        let checkIns = try await store.checkIns(incident: number)
        let context = PermissionContext(checkedIn: Set(checkIns.map(\.userID)))
        if case .refused(let refusal) = Permissions(configuration: configuration).may(.answerSurvey, user: user, in: incident, context: context) {
            return refusal
        }
        return nil
    }
}
