import Foundation

/// Per-severity KPIs from the seed practice: time to action against the target, action-item
/// completion, and postmortem survey completion.
public struct KPIReport: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var severity: Severity
        public var incidents: Int
        public var resolved: Int
        /// Median seconds from declaration to the first check-in, over incidents with one.
        public var medianTimeToAction: Int?
        public var checkInsWithinTarget: Int
        public var checkedIn: Int
        public var actionItems: Int
        public var actionItemsDone: Int
        /// Over resolved incidents: participants who answered the survey, and participants asked.
        public var surveysAnswered: Int
        public var surveysAsked: Int
    }

    public var rows: [Row]

    public static func make(
        incidents: [Incident], firstCheckIns: [Int: Date], actions: [ActionItem],
        surveys: [Int: (answered: Int, participants: Int)] = [:], configuration: TocsinConfiguration
    ) -> KPIReport {
        let rows = configuration.severities.map { level -> Row in
            // An incident cancelled as declared by mistake was never one: it counts nowhere.
            let mine = incidents.filter { $0.severity == level.name && $0.state != .cancelled }
            let times = mine.compactMap { incident in firstCheckIns[incident.number].map { IncidentPlanner.wholeSeconds(from: incident.declaredAt, to: $0) } }.sorted()
            let numbers = Set(mine.map(\.number))
            let items = actions.filter { numbers.contains($0.incidentNumber) }
            return Row(
                severity: level.name, incidents: mine.count, resolved: mine.filter { $0.state == .resolved }.count,
                medianTimeToAction: times.isEmpty ? nil : times[times.count / 2],
                checkInsWithinTarget: times.filter { $0 <= level.checkInWithin.seconds }.count, checkedIn: times.count,
                actionItems: items.count, actionItemsDone: items.filter { $0.state == .done }.count,
                surveysAnswered: mine.compactMap { surveys[$0.number]?.answered }.reduce(0, +),
                surveysAsked: mine.compactMap { surveys[$0.number]?.participants }.reduce(0, +)
            )
        }
        return KPIReport(rows: rows)
    }

    /// A plain table for a terminal.
    public var text: String {
        func percent(_ part: Int, _ whole: Int) -> String { whole == 0 ? "—" : "\(part * 100 / whole)% (\(part)/\(whole))" }
        var lines = ["severity  incidents  resolved  median time to action  check-in within target  action items done  survey completion"]
        for row in rows {
            let median = row.medianTimeToAction.map { IncidentPlanner.spell(seconds: $0) } ?? "—"
            lines.append([
                row.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0),
                String(row.incidents).padding(toLength: 9, withPad: " ", startingAt: 0),
                String(row.resolved).padding(toLength: 8, withPad: " ", startingAt: 0),
                median.padding(toLength: 21, withPad: " ", startingAt: 0),
                percent(row.checkInsWithinTarget, row.checkedIn).padding(toLength: 22, withPad: " ", startingAt: 0),
                percent(row.actionItemsDone, row.actionItems).padding(toLength: 17, withPad: " ", startingAt: 0),
                percent(row.surveysAnswered, row.surveysAsked),
            ].joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}
