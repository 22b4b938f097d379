import Foundation
import TocsinCore
import Yams

/// `drills:`: where practice incidents are told instead of the rings.
extension ConfigurationLoader {
    /// Reads `drills: { channel: … }`. The channel must be a valid name and none of the real rings' channels,
    /// or a drill would reach a real ring.
    static func readDrills(_ node: Node?, slack: SlackSettings, services: [ServiceEntry], _ reader: inout YAMLReader) -> DrillSettings {
        let keys = reader.mapping(node, path: "drills", allowed: ["channel"])
        guard let channel = reader.string(keys["channel"], path: "drills.channel") else { return DrillSettings() }
        guard ChannelName.isValid(channel) else {
            reader.problem("`drills.channel` `\(channel)` is not a valid channel name: use lowercase letters, digits, `-` and `_`, at most 80 characters", at: keys["channel"])
            return DrillSettings()
        }
        let rings = [("slack.announce_channel", slack.announceChannel), ("slack.exec_channel", slack.execChannel)]
            + services.compactMap { service in service.stakeholdersChannel.map { ("the stakeholders_channel of \(service.name)", $0) } }
        if let (setting, _) = rings.first(where: { $0.1 == channel }) {
            reader.problem("`drills.channel` `\(channel)` is a real ring's channel (\(setting)); give drills a channel of their own, e.g. incident-drills", at: keys["channel"])
            return DrillSettings()
        }
        return DrillSettings(channel: channel)
    }
}
