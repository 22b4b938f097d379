import Foundation
import TocsinCore
import Yams

/// `slos:` (OpenSLO v1's names) and `digest:`, read with the loader's strictness.
extension ConfigurationLoader {
    static func readSLOs(_ node: Node?, services: [ServiceEntry], severities: [SeverityLevel], _ reader: inout YAMLReader) -> [ServiceLevelObjective] {
        var slos: [ServiceLevelObjective] = []
        var names: Set<String> = []
        for (index, item) in reader.sequence(node, path: "slos").enumerated() {
            let path = "slos[\(index)]"
            let keys = reader.mapping(item, path: path, allowed: ["name", "service", "timeWindow", "objectives", "indicator", "alertPolicies", "description"])
            let name = reader.string(keys["name"], path: "\(path).name", required: true, parent: item)
            if let name, !names.insert(name.lowercased()).inserted {
                reader.problem("SLO `\(name)` is listed twice", at: keys["name"])
            }
            if let name, name.contains(":") || name.contains(" ") {
                reader.problem("`\(path).name` `\(name)` must be one word without `:`, like checkout-availability", at: keys["name"])
            }
            var service: String?
            if let text = reader.string(keys["service"], path: "\(path).service", required: true, parent: item) {
                if let entry = services.first(where: { $0.name.caseInsensitiveCompare(text) == .orderedSame }) {
                    service = entry.name
                } else {
                    reader.problem("`\(path).service` names `\(text)`, which is not a service in the catalog (\(services.map(\.name).joined(separator: ", ")))", at: keys["service"])
                }
            }
            let window = readWindow(keys["timeWindow"], path: "\(path).timeWindow", parent: item, &reader)
            let target = readTarget(keys["objectives"], path: "\(path).objectives", parent: item, &reader)
            let (slice, weights) = readIndicator(keys["indicator"], path: "\(path).indicator", severities: severities, &reader)
            let thresholds = readAlertPolicies(keys["alertPolicies"], path: "\(path).alertPolicies", &reader)
            guard let name, let service, let window, let target else { continue }
            slos.append(ServiceLevelObjective(
                name: name, service: service, timeWindow: window, target: target, severities: slice, impactWeights: weights, budgetConsumed: thresholds
            ))
        }
        return slos
    }

    /// `{ duration: 30d, isRolling: true }` or `{ duration: 1M, calendar: { startTime: "2026-01-01 00:00:00", timeZone: UTC } }`.
    private static func readWindow(_ node: Node?, path: String, parent: Node?, _ reader: inout YAMLReader) -> SLOWindow? {
        guard let node else {
            reader.problem("`\(path)` is required, e.g. { duration: 30d, isRolling: true }", at: parent)
            return nil
        }
        if case .sequence(let items) = node, items.count == 1, let only = items.first {
            return readWindow(only, path: "\(path)[0]", parent: parent, &reader)
        }
        let keys = reader.mapping(node, path: path, allowed: ["duration", "isRolling", "calendar"])
        guard let text = reader.string(keys["duration"], path: "\(path).duration", required: true, parent: node) else { return nil }
        let rolling = reader.string(keys["isRolling"], path: "\(path).isRolling").map { $0.lowercased() }
        if let rolling, rolling != "true" && rolling != "false" {
            reader.problem("`\(path).isRolling` must be true or false, not `\(rolling)`", at: keys["isRolling"])
            return nil
        }
        guard let parsed = windowDuration(text) else {
            reader.problem("`\(path).duration` must be a count and a unit like 30d, 4w, 1M, 1Q or 1Y (at most 1000), not `\(text)`", at: keys["duration"])
            return nil
        }
        let (count, unit) = parsed
        if let calendarNode = keys["calendar"] {
            if rolling == "true" {
                reader.problem("`\(path)` has both `isRolling: true` and `calendar`; a window is one or the other", at: keys["isRolling"])
                return nil
            }
            let calendar = reader.mapping(calendarNode, path: "\(path).calendar", allowed: ["startTime", "timeZone"])
            let startText = reader.string(calendar["startTime"], path: "\(path).calendar.startTime", required: true, parent: calendarNode)
            let zoneText = reader.string(calendar["timeZone"], path: "\(path).calendar.timeZone", required: true, parent: calendarNode)
            guard let startText, let zoneText else { return nil }
            guard let zone = TimeZone(identifier: zoneText) else {
                reader.problem("`\(path).calendar.timeZone` `\(zoneText)` is not a time zone; use a name like UTC or Europe/Berlin", at: calendar["timeZone"])
                return nil
            }
            guard let start = startTime(startText, zone: zone) else {
                reader.problem("`\(path).calendar.startTime` must be written \"YYYY-MM-DD HH:MM:SS\", like \"2026-01-01 00:00:00\", not `\(startText)`", at: calendar["startTime"])
                return nil
            }
            return .calendar(count: count, unit: unit, startTime: start, timeZone: zone)
        }
        guard rolling == "true" else {
            reader.problem("`\(path)` needs `isRolling: true` or a `calendar: { startTime, timeZone }`", at: node)
            return nil
        }
        let seconds: Int? = switch unit {
        case .day: count * 86_400
        case .week: count * 604_800
        default: nil
        }
        guard let seconds else {
            reader.problem("`\(path).duration` `\(text)`: a rolling window is counted in days or weeks (30d, 4w); months are calendar windows", at: keys["duration"])
            return nil
        }
        return .rolling(seconds: seconds, text: text)
    }

    /// `30d` → (30, day): a count from 1 to 1000 and a unit; nil for anything else (no overflow on huge counts).
    static func windowDuration(_ text: String) -> (Int, SLOWindow.CalendarUnit)? {
        guard let last = text.last, let unit = SLOWindow.CalendarUnit(rawValue: String(last)) else { return nil }
        let digits = text.dropLast()
        guard (1...4).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int(digits), (1...1000).contains(count) else { return nil }
        return (count, unit)
    }

    private static func startTime(_ text: String, zone: TimeZone) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, UTCTime.isDay(String(parts[0])) else { return nil }
        let day = parts[0].split(separator: "-").compactMap { Int($0) }
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard day.count == 3, time.count == 3, time.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(time[0]), let minute = Int(time[1]), let second = Int(time[2]),
              (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: day[0], month: day[1], day: day[2], hour: hour, minute: minute, second: second))
    }

    /// `objectives: [{ target: 0.999 }]`: one objective, its target strictly between 0 and 1.
    private static func readTarget(_ node: Node?, path: String, parent: Node?, _ reader: inout YAMLReader) -> Double? {
        guard node != nil else {
            reader.problem("`\(path)` is required, e.g. [{ target: 0.999 }]", at: parent)
            return nil
        }
        let items = reader.sequence(node, path: path)
        guard items.count == 1, let item = items.first else {
            reader.problem("`\(path)` must list exactly one objective, e.g. [{ target: 0.999 }]", at: node)
            return nil
        }
        let keys = reader.mapping(item, path: "\(path)[0]", allowed: ["target", "displayName"])
        guard let text = reader.string(keys["target"], path: "\(path)[0].target", required: true, parent: item) else { return nil }
        guard let target = Double(text), target.isFinite, target > 0, target < 1 else {
            reader.problem("`\(path)[0].target` must be a number between 0 and 1 (exclusive), like 0.999, not `\(text)`", at: keys["target"])
            return nil
        }
        return target
    }

    /// `indicator: { incidents: { severities: [...], impactWeights: { full, partial, degraded } } }`.
    private static func readIndicator(_ node: Node?, path: String, severities: [SeverityLevel], _ reader: inout YAMLReader) -> ([Severity], ImpactWeights) {
        let top = reader.mapping(node, path: path, allowed: ["incidents"])
        let keys = reader.mapping(top["incidents"], path: "\(path).incidents", allowed: ["severities", "impactWeights"])
        var slice: [Severity] = []
        for (name, item) in reader.strings(keys["severities"], path: "\(path).incidents.severities") {
            guard let level = severities.first(where: { $0.name.rawValue.caseInsensitiveCompare(name) == .orderedSame }) else {
                reader.problem("`\(path).incidents.severities` names `\(name)`, which is not in `severities` (\(severities.map(\.name.rawValue).joined(separator: ", ")))", at: item)
                continue
            }
            slice.append(level.name)
        }
        var weights = ImpactWeights()
        let weightKeys = reader.mapping(keys["impactWeights"], path: "\(path).incidents.impactWeights", allowed: Set(ImpactLevel.allCases.map(\.rawValue)))
        for level in ImpactLevel.allCases {
            let key = "\(path).incidents.impactWeights.\(level.rawValue)"
            guard let text = reader.string(weightKeys[level.rawValue], path: key) else { continue }
            guard let value = Double(text), value.isFinite, (0...1).contains(value) else {
                reader.problem("`\(key)` must be a number from 0 to 1, not `\(text)`", at: weightKeys[level.rawValue])
                continue
            }
            switch level {
            case .full: weights.full = value
            case .partial: weights.partial = value
            case .degraded: weights.degraded = value
            }
        }
        return (slice, weights)
    }

    /// `alertPolicies: { budgetConsumed: [50, 75, 100] }`: percentages from 1 to 1000, ascending, each once.
    private static func readAlertPolicies(_ node: Node?, path: String, _ reader: inout YAMLReader) -> [Int] {
        let keys = reader.mapping(node, path: path, allowed: ["budgetConsumed"])
        var thresholds: [Int] = []
        for item in reader.sequence(keys["budgetConsumed"], path: "\(path).budgetConsumed") {
            guard let value = reader.int(item, path: "\(path).budgetConsumed[]", in: 1...1000) else { continue }
            if let last = thresholds.last, value <= last {
                reader.problem("`\(path).budgetConsumed` must rise, each percentage once (e.g. [50, 75, 100]); \(value) comes after \(last)", at: item)
                continue
            }
            thresholds.append(value)
        }
        return thresholds
    }

    /// `digest: { channel: sre-review, weekday: monday, time: "09:00" }` (UTC).
    static func readDigest(_ node: Node?, _ reader: inout YAMLReader) -> DigestSettings? {
        guard let node else { return nil }
        let keys = reader.mapping(node, path: "digest", allowed: ["channel", "weekday", "time"])
        let channel = reader.string(keys["channel"], path: "digest.channel", required: true, parent: node)
        if let channel, !ChannelName.isValid(channel) {
            reader.problem("`digest.channel` `\(channel)` is not a valid channel name", at: keys["channel"])
        }
        let weekdayText = reader.string(keys["weekday"], path: "digest.weekday", required: true, parent: node)
        let weekday = weekdayText.flatMap { text in DigestSettings.weekdayNames.firstIndex(of: text.lowercased()).map { $0 + 1 } }
        if let weekdayText, weekday == nil {
            reader.problem("`digest.weekday` must be a day of the week like monday, not `\(weekdayText)`", at: keys["weekday"])
        }
        let timeText = reader.string(keys["time"], path: "digest.time", required: true, parent: node)
        let time = timeText.flatMap(ClockTime.init)
        if let timeText, time == nil {
            reader.problem("`digest.time` must be a UTC time written HH:MM, like \"09:00\", not `\(timeText)`", at: keys["time"])
        }
        guard let channel, ChannelName.isValid(channel), let weekday, let time else { return nil }
        return DigestSettings(channel: channel, weekday: weekday, minuteOfDay: time.minuteOfDay)
    }
}
