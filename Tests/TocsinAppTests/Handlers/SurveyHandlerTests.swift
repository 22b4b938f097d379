import Foundation
import Testing
@testable import TocsinApp
import TocsinCore

@Suite struct SurveyHandlerTests {
    func resolvedIncident(_ harness: HandlerHarness) async throws -> Incident {
        let incident = try await harness.declareIncident()
        _ = try await harness.changes.resolve(incident, summary: nil, request: harness.request("resolve"))
        return try #require(try await harness.store.incident(number: 1))
    }

    @Test func theSurveyOpensForAParticipantOnceResolved() async throws {
        let harness = try HandlerHarness()
        _ = try await resolvedIncident(harness)

        #expect(await harness.surveys.open(harness.click(SurveyHandler.buttonID, value: "1")) == nil)

        #expect(harness.forms.map(\.form.title) == ["Retro: incident #1"])
        #expect(harness.forms.map(\.trigger) == ["T0TRIGGER"])
        #expect(harness.forms.first?.form.metadata == "1")
    }

    @Test func theSurveyWaitsForTheResolveAndIsForParticipants() async throws {
        let harness = try HandlerHarness()
        try await harness.declareIncident()
        #expect(await harness.surveys.open(harness.click(SurveyHandler.buttonID, value: "1")) == .refused(.surveyNotOpen(incident: 1)))
        _ = try await harness.changes.resolve(try #require(try await harness.store.incident(number: 1)), summary: nil, request: harness.request("resolve"))
        #expect(await harness.surveys.open(harness.click(SurveyHandler.buttonID, value: "1", by: HandlerHarness.stranger)) == .refused(.notAParticipant(incident: 1)))
        #expect(harness.forms.isEmpty)
    }

    @Test func aSurveyThatCannotOpenSaysWhy() async throws {
        let harness = try HandlerHarness()
        _ = try await resolvedIncident(harness)
        harness.chat.script { $0.openForm = { _, _ throws(ChatError) in throw .permanent("expired_trigger_id") } }

        let intent = await harness.surveys.open(harness.click(SurveyHandler.buttonID, value: "1"))

        #expect(intent == .surveyDidNotOpen(reason: "expired_trigger_id"))
        #expect(harness.wording.text(intent ?? .help).plainText == "The survey could not open (expired_trigger_id); press the button again.")
        #expect(await harness.surveys.open(harness.click(SurveyHandler.buttonID, value: "1", trigger: nil)) == .surveyButtonUnusable)
    }

    @Test func anAnswerIsStoredOnlyFromAParticipant() async throws {
        let harness = try HandlerHarness()
        _ = try await resolvedIncident(harness)
        let question = try #require(RetroSurvey.questions.first?.id)

        await harness.surveys.record(FormSubmission(callbackID: RetroSurvey.callbackID, userID: HandlerHarness.stranger, privateMetadata: "1", answers: [question: "x"]))
        #expect(try await harness.store.surveyResponses(incident: 1).isEmpty)

        await harness.surveys.record(FormSubmission(callbackID: RetroSurvey.callbackID, userID: HandlerHarness.commander, privateMetadata: "1", answers: [question: "good", "not_a_question": "x"]))
        let responses = try await harness.store.surveyResponses(incident: 1)
        #expect(responses == [SurveyResponse(userID: HandlerHarness.commander, answers: [question: "good"], submittedAt: HandlerHarness.start)])
    }
}
