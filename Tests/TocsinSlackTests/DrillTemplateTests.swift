import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinSlack
import TocsinTestSupport

/// Issue #15: every message about a drill says so, at the start of its notification text, whatever its template.
@Suite struct DrillTemplateTests {
    static let configuration: TocsinConfiguration = {
        var configuration = Example.configuration
        configuration.drills = DrillSettings(channel: "incident-drills")
        return configuration
    }()

    @Test func everyPostOfADrillIsMarkedAndNoPostOfARealIncidentIs() throws {
        let renderer = try TemplateRenderer(directory: TemplateRendererTests.templates)
        let planner = IncidentPlanner(configuration: Self.configuration)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let script = DrillScript(severity: "SEV1", service: "checkout", title: "Practice", commander: "U01PAYLEAD")
        for isDrill in [true, false] {
            let declaration = planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Card payments failing", isDrill: isDrill), number: 4, userID: "U09", now: now)
            var effects = declaration.effects
            var incident = declaration.incident
            for decision in [
                try planner.changeSeverity(incident, to: "SEV0", by: "U09", now: now).get(),
                try planner.postStatus(incident, state: .identified, text: "Rolling back", by: "U09", now: now).get(),
                try planner.resolve(incident, summary: "Done", by: "U09", now: now).get(),
            ] {
                effects += decision.effects
                incident = decision.incident
            }
            if isDrill {
                effects += try planner.drillStep(.checkInPrompt, of: script, on: declaration.incident, now: now).get().effects
                effects += try planner.drillStep(.wrapUp, of: script, on: declaration.incident, now: now).get().effects
                effects += try planner.drillStep(.alertEvidence, of: script, on: declaration.incident, now: now).get().effects
            }
            let posts = effects.compactMap { effect -> Post? in
                switch effect {
                case .post(let post), .updateRoot(let post): post
                default: nil
                }
            }
            #expect(posts.count >= 8)
            for post in posts {
                let message = try renderer.render(post, incidentChannel: ChannelInfo(id: "C0INC", name: "inc-4"))
                #expect(message.text.hasPrefix("*[DRILL]* ") == isDrill, "\(post.template): \(message.text)")
                #expect(message.sections.isEmpty || message.sections[0] == message.text)
            }
        }
    }

    @Test func theCheckInPromptNamesTheRespondersAndTheTarget() throws {
        let renderer = try TemplateRenderer(directory: TemplateRendererTests.templates)
        let planner = IncidentPlanner(configuration: Self.configuration)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let script = DrillScript(severity: "SEV1", service: "checkout", title: "Practice", commander: "U01PAYLEAD")
        let drill = planner.declareDrill(script, number: 4, now: now).incident
        let effects = try planner.drillStep(.checkInPrompt, of: script, on: drill, now: now).get().effects
        guard case .post(let post)? = effects.first else { Issue.record("no post: \(effects)"); return }
        let text = try renderer.render(post, incidentChannel: nil).text
        #expect(text.hasPrefix("*[DRILL]* :stopwatch: *Drill step: check in.* <@U01PAYLEAD> @payments-oncall press *Check in*"))
        #expect(text.contains("SEV1's target of 30 minutes"))
    }
}
