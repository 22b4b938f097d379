import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

/// The kinds of people who may ask to do something to incident #3 (checkout, whose responders are
/// U01PAYLEAD and @payments-oncall), under a policy that also lists U0INCMGR and @incident-managers.
enum Person: String, CaseIterable, Sendable {
    case commander = "U0CMD", comms = "U0COMMS", scribe = "U0SCRIBE", responder = "U01PAYLEAD"
    case groupMember = "U0ONCALL", checkedIn = "U0CHECKED", listedUser = "U0INCMGR", listedGroupMember = "U0MGRMEMBER"
    case stranger = "U0STRANGER"
}

/// What the person is told: nothing (allowed) or this refusal.
enum Expected: Sendable {
    case allowed, notAllowed, notAParticipant
}

@Suite struct PermissionsTests {
    static let policy = PermissionPolicy(also: [.user("U0INCMGR"), .group(handle: "incident-managers")])
    static let permissions: Permissions = {
        var configuration = Example.configuration
        configuration.permissions = policy
        return Permissions(configuration: configuration)
    }()
    static let context = PermissionContext(
        checkedIn: ["U0CHECKED"], groupMembers: ["payments-oncall": ["U0ONCALL"], "incident-managers": ["U0MGRMEMBER"]]
    )

    static func incident(_ state: IncidentState) -> Incident {
        Incident(
            number: 3, title: "Card payments failing", severity: "SEV1", service: "checkout", tier: 1, state: state,
            commander: "U0CMD", commsLead: "U0COMMS", scribe: "U0SCRIBE", declaredBy: "U0CMD", declaredAt: Date(timeIntervalSince1970: 1_800_000_000)
        )
    }

    static let matrix: [(IncidentAction, Person, Expected)] = {
        var rows: [(IncidentAction, Person, Expected)] = []
        for action in [IncidentAction.changeSeverity, .changeRole, .postStatus, .resolve] {
            for person in Person.allCases {
                rows.append((action, person, person == .scribe || person == .stranger ? .notAllowed : .allowed))
            }
        }
        for person in Person.allCases {
            let participant: Set<Person> = [.commander, .comms, .scribe, .checkedIn]
            rows.append((.answerSurvey, person, participant.contains(person) ? .allowed : .notAParticipant))
            rows.append((.checkIn, person, .allowed))
        }
        return rows
    }()

    @Test(arguments: matrix)
    func theMatrix(action: IncidentAction, person: Person, expected: Expected) {
        let incident = Self.incident(action == .answerSurvey ? .resolved : .investigating)
        let decision = Self.permissions.may(action, user: person.rawValue, in: incident, context: Self.context)
        switch expected {
        case .allowed:
            #expect(decision == .allowed)
        case .notAParticipant:
            guard case .refused(let refusal) = decision else { Issue.record("\(person) was allowed to \(action)"); return }
            #expect(refusal.message(command: "/incident").plainText
                == "Only the people who took part in #3 (its commander, comms lead, scribe and those who checked in) can answer its retro survey.")
        case .notAllowed:
            guard case .refused(let refusal) = decision else { Issue.record("\(person) was allowed to \(action)"); return }
            let verb = switch action {
            case .changeSeverity: "change the severity of #3"
            case .changeRole: "change the roles of #3"
            case .postStatus: "post status updates for #3"
            default: "resolve #3"
            }
            #expect(refusal.message(command: "/incident").plainText
                == "Only the commander (@U0CMD), the comms lead (@U0COMMS), checkout's responders, people who checked in, @U0INCMGR, or @incident-managers "
                + "can \(verb); check in with `/incident checkin` first if you are working on it.")
        }
    }

    @Test func theSurveyOpensOnlyOnceTheIncidentIsResolved() {
        let decision = Self.permissions.may(.answerSurvey, user: "U0CMD", in: Self.incident(.monitoring), context: Self.context)
        #expect(decision == .refused(.surveyNotOpen(incident: 3)))
        #expect(PermissionRefusal.surveyNotOpen(incident: 3).message(command: "/incident").plainText == "The retro survey of #3 opens once it is resolved; answer it then.")
    }

    @Test(arguments: [IncidentState.resolved, .cancelled])
    func nobodyChecksInOnAClosedIncident(state: IncidentState) {
        let decision = Self.permissions.may(.checkIn, user: "U0CMD", in: Self.incident(state), context: Self.context)
        #expect(decision == .refused(.incidentClosed(incident: 3, state: state)))
        #expect(PermissionRefusal.incidentClosed(incident: 3, state: state).message(command: "/incident").plainText
            == "#3 is \(state.rawValue); there is nothing to check in on any more (`/incident list` shows the active incidents).")
    }

    @Test func aGroupNotLookedUpAllowsNobody() {
        let decision = Self.permissions.may(.resolve, user: "U0ONCALL", in: Self.incident(.investigating), context: PermissionContext())
        guard case .refused = decision else { Issue.record("allowed without the group's members"); return }
        #expect(Self.permissions.groups(for: .resolve, in: Self.incident(.investigating)) == ["incident-managers", "payments-oncall"])
        #expect(Self.permissions.groups(for: .answerSurvey, in: Self.incident(.resolved)).isEmpty)
    }

    @Test func theDefaultsNameOnlyWhoExists() {
        var incident = Self.incident(.investigating)
        incident.commsLead = nil
        incident.service = "reports"  // no responders
        let decision = Permissions(configuration: Example.configuration).may(.postStatus, user: "U0STRANGER", in: incident, context: PermissionContext())
        guard case .refused(let refusal) = decision else { Issue.record("a stranger was allowed"); return }
        #expect(refusal.message(command: "/incident").plainText
            == "Only the commander (@U0CMD), the comms lead, or people who checked in can post status updates for #3; check in with `/incident checkin` first if you are working on it.")
    }

    @Test func aNarrowerPolicyLeavesOutWhatItDoesNotName() {
        var configuration = Example.configuration
        configuration.permissions = PermissionPolicy(changeIncident: [.commander], also: [])
        let permissions = Permissions(configuration: configuration)
        let incident = Self.incident(.investigating)
        #expect(permissions.may(.resolve, user: "U0CMD", in: incident, context: Self.context) == .allowed)
        guard case .refused(let refusal) = permissions.may(.resolve, user: "U0CHECKED", in: incident, context: Self.context) else {
            Issue.record("a checked-in responder was allowed although the policy names only the commander"); return
        }
        #expect(refusal.message(command: "/incident").plainText == "Only the commander (@U0CMD) can resolve #3.")
    }
}
