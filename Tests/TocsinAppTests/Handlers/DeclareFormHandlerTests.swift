import Foundation
import Testing
@testable import TocsinApp
import TocsinCore
import TocsinTestSupport

/// Issue #15: the declare form: what it asks, how a submission is read, and that it declares as the command line does.
@Suite struct DeclareFormHandlerTests {
    let form = DeclareForm(configuration: Example.configuration)

    @Test func theFormAsksTitleSeverityWithSummaryServiceWithTierAndDescription() throws {
        let definition = form.definition()
        #expect(definition.callbackID == "declare_incident")
        #expect(definition.title.count <= 24)
        #expect(definition.questions.map(\.id) == ["title", "severity", "service", "description", "drill"])
        #expect(definition.questions.map(\.isOptional) == [false, false, true, true, true])
        let severities = try #require(definition.questions[1].options)
        #expect(severities.first == FormDefinition.Option(value: "SEV0", label: "SEV0", detail: "Critical customer-facing outage"))
        let services = try #require(definition.questions[2].options)
        #expect(services.first == FormDefinition.Option(value: "checkout", label: "checkout", detail: "tier 1 · payments"))
        #expect(definition.questions[0].isMultiline == false)
        #expect(definition.questions[0].maxLength == CommandParser.maxTitleLength)
    }

    /// Over 100 services (Block Kit's limit for a static select) the service is typed and checked on submission.
    @Test func aLargeCatalogGetsATypedServiceCheckedWithASuggestion() throws {
        var configuration = Example.configuration
        let base = try #require(configuration.services.first)
        configuration.services = (1...101).map { number in
            var service = base
            service.name = "service-\(number)"
            return service
        }
        let large = DeclareForm(configuration: configuration)
        let service = large.definition().questions[2]
        #expect(service.options == nil)
        #expect(service.isMultiline == false)
        let answers = ["title": "Down", "severity": "SEV1", "service": "servce-42"]
        #expect(large.read(answers).failureValue == FormErrors(byField: ["service": "There is no service servce-42 in the catalog; did you mean service-42?"]))
        #expect(try large.read(["title": "Down", "severity": "SEV1", "service": "Service-42"]).get().0.service == "service-42")
    }

    @Test func aSubmissionIsReadAsTheCommandLineWouldBe() throws {
        let (declaration, description) = try form.read([
            "title": "  Card   payments\nfailing ", "severity": "sev1", "service": "checkout", "description": "  Declines at 40 %  ",
        ]).get()
        #expect(declaration == IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Card payments failing"))
        #expect(description == "Declines at 40 %")
        #expect(try form.read(["title": "Slow", "severity": "SEV2"]).get().0 == IncidentDeclaration(severity: "SEV2", service: nil, title: "Slow"))
    }

    /// Issue #15: the form's optional drill choice declares a drill, as `declare --drill` does.
    @Test func theDrillChoiceDeclaresADrill() throws {
        #expect(try form.read(["title": "Practice", "severity": "SEV1", "drill": DeclareForm.drillChoice]).get().0
            == IncidentDeclaration(severity: "SEV1", service: nil, title: "Practice", isDrill: true))
        #expect(try form.read(["title": "Real", "severity": "SEV1", "drill": ""]).get().0.isDrill == false)
        let drill = try #require(form.definition().questions.last)
        #expect(drill.id == "drill" && drill.isOptional && drill.options?.map(\.value) == [DeclareForm.drillChoice])
    }

    @Test func eachWrongFieldGetsItsOwnSentence() {
        let errors = form.read(["title": " ", "severity": "SEV9", "service": "chekout", "description": String(repeating: "x", count: 3_001)]).failureValue
        #expect(errors?.byField == [
            "title": "Say what is broken, e.g. Card payments failing.",
            "severity": "There is no severity SEV9 here; choose one of SEV0, SEV1, SEV2.",
            "service": "There is no service chekout in the catalog; did you mean checkout?",
            "description": "Keep the description under 3000 characters; link to a document for the rest.",
        ])
        #expect(form.read(["title": String(repeating: "t", count: 151), "severity": "SEV1"]).failureValue?.byField.keys.sorted() == ["title"])
    }

    @Test func declareAloneOpensTheFormWithTheCommandsTrigger() async throws {
        let harness = try HandlerHarness()
        var request = harness.request("declare", in: HandlerHarness.otherChannel)
        request.triggerID = "1.2.abc"
        let intent = await harness.router.route(request)
        #expect(intent == .declareFormOpened)
        #expect(harness.forms.map(\.trigger) == ["1.2.abc"])
        #expect(harness.forms.first?.form.callbackID == DeclareForm.callbackID)
        #expect(try await harness.store.incidentNumbers().isEmpty)

        harness.chat.script { $0.openForm = { _, _ throws(ChatError) in throw .permanent("expired_trigger_id") } }
        request.triggerID = "1.2.abd"
        let failed = await harness.router.route(request)
        #expect(harness.wording.text(failed).plainText
            == "The declare form could not open (expired_trigger_id); type it in one line instead: `/incident declare SEV2 <service> <what is broken>`.")
    }

    @Test func aSubmissionDeclaresOnceAndItsDescriptionIsANote() async throws {
        let harness = try HandlerHarness()
        let submission = FormSubmission(
            callbackID: DeclareForm.callbackID, userID: HandlerHarness.commander, privateMetadata: "",
            answers: ["title": "Card payments failing", "severity": "SEV1", "service": "checkout", "description": "Declines at 40 %"], formID: "V1")
        #expect(await harness.declareForm.submit(submission) == .close)
        #expect(await harness.declareForm.submit(submission) == .close)
        #expect(try await harness.store.incidentNumbers() == [1])
        let incident = try #require(try await harness.store.incident(number: 1))
        #expect(incident.commander == HandlerHarness.commander)
        #expect(incident.severity == "SEV1")
        let timeline = try await harness.store.timeline(incident: 1)
        #expect(timeline.map(\.kind) == [.declared, .note])
        #expect(timeline.last?.text.plainText == "Declines at 40 %")
    }

    @Test func aSubmissionFromAMessageShortcutCapturesTheMessageUnderItsAuthor() async throws {
        let harness = try HandlerHarness()
        let source = DeclareForm.SourceMessage(channelID: "C0GENERAL", ts: "1800000000.000200", userID: "U04SRE", text: "500s")
        let shortcut = ShortcutRequest(callbackID: DeclareForm.messageShortcutID, userID: HandlerHarness.commander, teamID: "T0TEAM", triggerID: "1.2.abc", message: source)
        #expect(await harness.declareForm.open(shortcut) == nil)
        let opened = try #require(harness.forms.first?.form)
        #expect(opened.metadata == "message C0GENERAL 1800000000.000200 U04SRE")
        #expect(opened.questions.first { $0.id == "description" }?.initialValue == "500s")

        let answer = await harness.declareForm.submit(FormSubmission(
            callbackID: DeclareForm.callbackID, userID: HandlerHarness.commander, privateMetadata: opened.metadata,
            answers: ["title": "Checkout errors", "severity": "SEV2", "description": "500s since 07:58"]))
        #expect(answer == .close)
        let captured = try #require(try await harness.store.timeline(incident: 1).last)
        #expect(captured.kind == .captured)
        #expect(captured.actor == "U04SRE")
        #expect(captured.text.plainText == "500s since 07:58")
    }

    @Test func anUnknownShortcutIsIgnoredAndAMessageShortcutNeedsItsTrigger() async throws {
        let harness = try HandlerHarness()
        #expect(await harness.declareForm.open(ShortcutRequest(callbackID: "someone_elses", userID: "U1", teamID: nil, triggerID: "1.2.a")) == nil)
        #expect(await harness.declareForm.open(ShortcutRequest(callbackID: DeclareForm.globalShortcutID, userID: "U1", teamID: nil, triggerID: nil))
            == .declareFormDidNotOpen(reason: "no_trigger"))
        #expect(harness.forms.isEmpty)
    }
}

extension Result {
    /// The error, when it failed.
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
