import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

/// On-call shifts: starting one, the handoff summary's composition, the handoff decision, and the grammar.
@Suite struct OncallShiftTests {
    let planner = IncidentPlanner(configuration: Example.configuration)
    let parser = CommandParser(catalog: Example.catalog, configuration: Example.configuration)
    let shiftStart = Date(timeIntervalSince1970: 1_800_000_000)

    private func shift(number: Int = 2, owner: String = "UOWNER") -> Incident {
        planner.startShift(number: number, owner: owner, now: shiftStart).incident
    }

    private func incident(_ number: Int, _ severity: Severity, declared offset: Double, state: IncidentState = .investigating) -> Incident {
        var incident = planner.declare(
            IncidentDeclaration(severity: severity, service: "checkout", title: "Incident \(number)"), number: number, userID: "UIC\(number)",
            now: shiftStart.addingTimeInterval(offset)
        ).incident
        incident.state = state
        return incident
    }

    private func action(_ id: Int, on incident: Int, state: ActionItem.State = .open) -> ActionItem {
        ActionItem(id: id, incidentNumber: incident, owner: "UOWN\(id)", text: "Item \(id)", due: nil, state: state, createdBy: "UX", createdAt: shiftStart)
    }

    @Test func aShiftHasItsOwnChannelAndTellsNoRing() {
        let decided = planner.startShift(number: 7, owner: "UOWNER", now: shiftStart)
        #expect(decided.incident.kind == .oncallShift)
        #expect(decided.incident.commander == "UOWNER")
        #expect(decided.incident.nextUpdateDue == nil, "no status reminders for a shift")
        #expect(decided.incident.toldChannels.isEmpty)
        #expect(decided.rings.isEmpty)
        #expect(decided.effects.first == .createIncidentChannel(name: "oncall-7-2027-01-15"))
        #expect(decided.effects.contains(.inviteResponders(userIDs: ["UOWNER"], groupHandles: [])))
        let posts = decided.effects.compactMap { effect -> Post? in
            if case .post(let post) = effect { return post }
            return nil
        }
        #expect(posts.map(\.target) == [.incidentChannel], "only the shift channel hears of it")
        #expect(posts.map(\.template) == [.shiftStarted])
        #expect(!decided.effects.contains { if case .page = $0 { true } else { false } })
        #expect(decided.timelineEntry.text == "On-call shift started by \(user: "UOWNER")")
    }

    @Test func theSummaryHoldsTheShiftsTimelineTheIncidentsThatMatterAndTheirOpenActionItems() {
        let shift = shift()
        let before = incident(1, "SEV1", declared: -3_600)
        let resolvedBefore = incident(6, "SEV2", declared: -7_200, state: .resolved)
        let duringResolved = incident(3, "SEV2", declared: 600, state: .resolved)
        let duringActive = incident(4, "SEV0", declared: 1_200)
        var otherShift = planner.startShift(number: 5, owner: "UOTHER", now: shiftStart.addingTimeInterval(60)).incident
        otherShift.state = .declared
        let note = TimelineEntry(at: shiftStart.addingTimeInterval(300), kind: .note, actor: "UOWNER", text: "Disk alarms on db-3, silenced", key: "n1")
        let timeline = [Declaration(incident: shift, effects: [], rings: []).timelineEntry, note]
        let actions = [
            action(10, on: 1), action(11, on: 3, state: .done), action(12, on: 2), action(13, on: 6), action(14, on: 4),
        ]
        let now = shiftStart.addingTimeInterval(8 * 3_600)

        let summary = planner.handoffSummary(
            of: shift, to: "UNEXT", timeline: timeline, incidents: [before, resolvedBefore, duringResolved, duringActive, otherShift, shift],
            actions: actions, now: now
        )

        #expect(summary.from == "UOWNER")
        #expect(summary.to == "UNEXT")
        #expect(summary.duration == "8 hours")
        #expect(summary.activeIncidents.map(\.number) == [4, 1], "active incidents, most severe first; shifts are not incidents")
        #expect(summary.declaredDuringShift.map(\.number) == [3, 4])
        #expect(summary.openActions.map(\.id) == [10, 12, 14], "open items of the shift and of the incidents that matter")
        #expect(summary.timeline.map(\.text) == ["On-call shift started by \(user: "UOWNER")", "Disk alarms on db-3, silenced"])
        let document = summary.document.plainText
        #expect(document.contains("- #4 SEV0 investigating: Incident 4 (commander @UIC4)"))
        #expect(document.contains("- #12 (this shift) @UOWN12: Item 12"))
        #expect(document.contains("- #10 (incident #1) @UOWN10: Item 10"))
        #expect(document.contains("[note] Disk alarms on db-3, silenced"))
    }

    @Test func aLongShiftListsItsLatestEntriesAndCountsTheRest() {
        let entries = (0..<45).map { index in
            TimelineEntry(at: shiftStart.addingTimeInterval(Double(index) * 60), kind: .note, actor: "UOWNER", text: "note \(index)", key: "n\(index)")
        }
        let summary = planner.handoffSummary(of: shift(), to: "UNEXT", timeline: entries, incidents: [], actions: [], now: shiftStart.addingTimeInterval(3_600))
        #expect(summary.timeline.count == HandoffSummary.maxTimelineLines)
        #expect(summary.earlierTimelineEntries == 15)
        #expect(summary.timeline.last?.text == "note 44")
        #expect(summary.activeIncidents.isEmpty && summary.openActions.isEmpty)
        #expect(summary.document.plainText.contains("Incidents active now:\n- none"))
    }

    @Test func theHandoffGoesToTheNextPersonAndTheShiftChannelAndIsKept() throws {
        let shift = shift()
        let now = shiftStart.addingTimeInterval(3_600)
        let summary = planner.handoffSummary(of: shift, to: "UNEXT", timeline: [], incidents: [], actions: [], now: now)
        let decision = try planner.handOff(shift, summary: summary, by: "UOWNER", now: now).get()
        #expect(decision.incident.state == .resolved)
        #expect(decision.incident.resolvedAt == now)
        #expect(decision.effects.contains(.post(Post(target: .directMessage("UNEXT"), view: planner.view(of: decision.incident, now: now), content: .handoff(summary)))))
        #expect(decision.effects.contains(.post(Post(target: .incidentChannel, view: planner.view(of: decision.incident, now: now), ring: .responders, content: .handoff(summary)))))
        #expect(decision.timeline == [TimelineEntry(at: now, kind: .handoff, actor: "UOWNER", text: summary.document, key: "handoff")])
    }

    @Test func aShiftCannotBeHandedToItsOwnerNorHandedOverTwice() throws {
        let shift = shift()
        let toSelf = planner.handoffSummary(of: shift, to: "UOWNER", timeline: [], incidents: [], actions: [], now: shiftStart)
        #expect(planner.handOff(shift, summary: toSelf, by: "UOWNER", now: shiftStart) == .failure(.handoffToSelf))
        let summary = planner.handoffSummary(of: shift, to: "UNEXT", timeline: [], incidents: [], actions: [], now: shiftStart)
        let ended = try planner.handOff(shift, summary: summary, by: "UOWNER", now: shiftStart).get().incident
        #expect(planner.handOff(ended, summary: summary, by: "UOWNER", now: shiftStart) == .failure(.shiftEnded(number: 2)))
    }

    @Test(arguments: [
        (RichText("oncall start"), Result<AnywhereCommand, CommandError>.success(.oncallStart)),
        (RichText(parts: [.text("oncall handoff "), .user(id: "U03ONCALL2", name: "olga")]), .success(.oncallHandoff(to: "U03ONCALL2"))),
        (RichText(parts: [.text("oncall handoff "), .user(id: "U03ONCALL2", name: nil)]), .success(.oncallHandoff(to: "U03ONCALL2"))),
        (RichText("ONCALL handoff U03ONCALL2"), .success(.oncallHandoff(to: "U03ONCALL2"))),
        (RichText("oncall handoff"), .failure(.handoffNeedsUser(typed: nil))),
        (RichText("oncall handoff dana"), .failure(.handoffNeedsUser(typed: "dana"))),
        (RichText("oncall"), .failure(.badOncall(usage: "oncall"))),
        (RichText("oncall stop"), .failure(.badOncall(usage: "oncall"))),
    ])
    func readsOncallCommands(text: RichText, expected: Result<AnywhereCommand, CommandError>) {
        #expect(parser.parse(text) == expected.map(IncidentCommand.anywhere))
    }

    @Test func whoeverDeclaresIsBriefedAsCommanderUnlessAMonitorCommands() {
        let declared = planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Broken"), number: 1, userID: "UDECL", now: shiftStart)
        let briefing = Post(
            target: .directMessage("UDECL"), view: planner.view(of: declared.incident, now: shiftStart),
            content: .roleBriefing(RoleChange(user: "UDECL", role: "commander", actor: "UDECL"))
        )
        #expect(declared.effects.contains(.post(briefing)))

        let byMonitor = planner.declare(
            fromAlerts: IncidentDeclaration(severity: "SEV2", service: nil, title: "Disk full"), evidence: [], source: .webhook, number: 2, now: shiftStart
        )
        #expect(!byMonitor.effects.contains { effect in
            if case .post(let post) = effect, case .directMessage = post.target { return true }
            return false
        })
    }

    @Test func aRoleGivenToItsHolderAgainBriefsNobody() throws {
        let incident = planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Broken"), number: 1, userID: "UDECL", now: shiftStart).incident
        let again = try planner.assignRole(incident, role: .commander, to: "UDECL", by: "UDECL", now: shiftStart).get()
        #expect(!again.effects.contains { effect in
            if case .post(let post) = effect { return post.template == .roleBriefing || post.template == .roleExecThread }
            return false
        })
        let comms = try planner.assignRole(incident, role: .comms, to: "UCOMMS", by: "UDECL", now: shiftStart).get()
        let targets = comms.effects.compactMap { effect -> String? in
            guard case .post(let post) = effect else { return nil }
            return "\(post.target) \(post.template.rawValue)"
        }
        #expect(targets.contains("directMessage(\"UCOMMS\") role_briefing"))
        #expect(targets.contains("thread(\"exec-incidents\") role_exec_thread"))
    }
}
