import Foundation
import TocsinSandbox

/// The chains of Web API calls one declaration needed one after another, read from the calls the workspace
/// recorded.
///
/// The bot works in lanes: the incident's lane (create the channel; then, for the invitation, the user
/// groups and its own identity; invite; post the welcome), the topic's (set once the channel exists,
/// alongside the invitation: it is the tightly limited call) and one lane per ring channel,
/// which starts once the incident channel exists (its message links to it): find the channel, try to
/// post, join on `not_in_channel`, post. Calls within a lane wait for each other; lanes run concurrently.
/// The longest lane × the injected latency is the critical-path bound.
struct CriticalPath: Sendable {
    struct Lane: Sendable {
        var name: String
        var methods: [String]
    }

    var lanes: [Lane]
    /// Calls that truly need an earlier call's result, whatever the lane order: the invitation needs the
    /// channel and the group members, a ring post needs the incident channel and the ring channel joined.
    var strictLength: Int

    var longest: Lane { lanes.max { $0.methods.count < $1.methods.count } ?? Lane(name: "-", methods: []) }

    static let identityMethods: Set<String> = ["auth.test", "usergroups.list", "usergroups.users.list"]

    /// - Parameter incidentNamePrefix: what every name tried for the incident channel starts with (`inc-1-`).
    static func derive(
        calls: [SandboxCall], incidentChannel: SandboxChannel, incidentNamePrefix: String, ringChannels: [SandboxChannel]
    ) -> CriticalPath {
        let sorted = calls.sorted { $0.time < $1.time }
        let creates = sorted.filter {
            $0.method == "conversations.create" && ($0.params["name"] ?? "").hasPrefix(incidentNamePrefix)
        }
        let firstInvite = sorted.first { $0.method == "conversations.invite" && $0.params["channel"] == incidentChannel.id }
        let gating = sorted.filter { call in
            identityMethods.contains(call.method) && (firstInvite.map { call.time <= $0.time } ?? true)
        }
        let inChannel = sorted.filter { $0.params["channel"] == incidentChannel.id }
        let topic = inChannel.filter { $0.method == "conversations.setTopic" }
        let incidentLane = Lane(
            name: "#\(incidentChannel.name)",
            methods: creates.map(\.method) + gating.map(\.method) + inChannel.filter { $0.method != "conversations.setTopic" }.map(\.method)
        )
        let topicLane = Lane(name: "#\(incidentChannel.name) topic", methods: creates.map(\.method) + topic.map(\.method))

        // Each ring lane that looked its channel up paged through conversations.list on its own.
        let listCalls = sorted.filter { $0.method == "conversations.list" }.count
        let listsPerRing = ringChannels.isEmpty ? 0 : (listCalls + ringChannels.count - 1) / ringChannels.count
        var lanes = [incidentLane, topicLane]
        var strict = max(creates.count, gating.filter { $0.method != "auth.test" }.count, 1) + 1
        for ring in ringChannels {
            let own = sorted.filter { call in
                let target = call.params["channel"]
                return target == ring.id || target == ring.name || target == "#\(ring.name)"
                    || (call.method == "conversations.create" && call.params["name"] == ring.name)
            }
            let methods = creates.map { _ in "conversations.create (incident channel)" }
                + Array(repeating: "conversations.list", count: listsPerRing)
                + own.map(\.method)
            lanes.append(Lane(name: "#\(ring.name)", methods: methods))
            let joins = own.filter { $0.method == "conversations.join" || $0.method == "conversations.create" }.count
            strict = max(strict, max(creates.count, listsPerRing + joins) + 1)
        }
        return CriticalPath(lanes: lanes, strictLength: strict)
    }
}
