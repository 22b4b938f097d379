import Foundation

/// Per-severity KPIs that answer the seed practice's questions: how fast someone acts (median and p90 time to
/// action, the share within the severity's target), how long incidents last (median time to resolve), and
/// whether the learning happens (survey and action-item completion, whose goal is 100 %).
///
/// What counts: incidents declared in `[since, until]` (every incident when `since` is nil), except drills
/// (practice) and cancelled incidents (declared by mistake), which are counted apart so the report says how
/// many it left out. Percentiles are nearest-rank (``nearestRank(_:of:)``); no figure is interpolated, so
/// every time shown is one that happened.
public struct KPIReport: Sendable, Equatable {
    /// One severity's figures. Times are whole seconds.
    public struct Row: Sendable, Equatable {
        public var severity: Severity
        /// Incidents counted (declared in the range, neither drill nor cancelled).
        public var incidents: Int
        /// Of them, resolved.
        public var resolved: Int
        /// Of them, with at least one check-in: each has a time to action (declaration to the first check-in).
        public var checkedIn: Int
        /// Of them, with no check-in at all: they have no time to action and are in no time-to-action figure.
        public var withoutCheckIn: Int
        /// Nearest-rank 50th percentile of the times to action.
        public var medianTimeToAction: Int?
        /// Nearest-rank 90th percentile of the times to action.
        public var p90TimeToAction: Int?
        /// The severity's check-in target (`check_in_within`), in seconds.
        public var targetSeconds: Int
        /// Incidents whose time to action is at most the target.
        public var checkInsWithinTarget: Int
        /// Nearest-rank 50th percentile of declaration-to-resolution times, over resolved incidents.
        public var medianTimeToResolve: Int?
        public var actionItems: Int
        public var actionItemsDone: Int
        /// Over resolved incidents: participants who answered the survey, and participants asked.
        public var surveysAnswered: Int
        public var surveysAsked: Int

        /// `checkInsWithinTarget / checkedIn`; nil without any check-in.
        public var withinTargetShare: Double? { Self.share(checkInsWithinTarget, of: checkedIn) }
        /// `surveysAnswered / surveysAsked`; nil when nobody was asked.
        public var surveyCompletion: Double? { Self.share(surveysAnswered, of: surveysAsked) }
        /// `actionItemsDone / actionItems`; nil without action items.
        public var actionItemCompletion: Double? { Self.share(actionItemsDone, of: actionItems) }

        static func share(_ part: Int, of whole: Int) -> Double? {
            whole > 0 ? Double(part) / Double(whole) : nil
        }
    }

    /// The start of the range (nil: since the first incident) and its end (when the report was made).
    public var since: Date?
    public var until: Date
    public var rows: [Row]
    /// Drills declared in the range, left out of every figure (a drill that was cancelled counts here).
    public var excludedDrills: Int
    /// Cancelled incidents declared in the range (not drills), left out of every figure.
    public var excludedCancelled: Int

    /// The `percent`th nearest-rank percentile of `sorted` (ascending): the value at rank ⌈percent/100 × n⌉,
    /// counting from 1; nil when `sorted` is empty. The median is `nearestRank(50, …)`: for an even count, the
    /// lower of the two middle values.
    public static func nearestRank(_ percent: Int, of sorted: [Int]) -> Int? {
        guard !sorted.isEmpty else { return nil }
        let clamped = min(max(percent, 1), 100)
        let rank = (clamped * sorted.count + 99) / 100
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// The report over `incidents` declared since `since` (all when nil), made at `until`; `firstCheckIns` maps an incident number to its
    /// first check-in, `surveys` a resolved incident's number to its survey answers and participants.
    public static func make(
        incidents: [Incident], firstCheckIns: [Int: Date], actions: [ActionItem],
        surveys: [Int: (answered: Int, participants: Int)] = [:], configuration: TocsinConfiguration,
        since: Date? = nil, until: Date = .distantFuture
    ) -> KPIReport {
        // `until` is when the report is made: nothing is declared after it, so only `since` bounds the range.
        let inRange = incidents.filter { incident in since.map { incident.declaredAt >= $0 } ?? true }
        let drills = inRange.filter(\.isDrill).count
        let cancelled = inRange.filter { !$0.isDrill && $0.state == .cancelled }.count
        // Practice and mistakes are not incidents: they count nowhere, nor do their check-ins, items or surveys.
        let counted = inRange.filter { !$0.isDrill && $0.state != .cancelled }
        let rows = configuration.severities.map { level -> Row in
            let mine = counted.filter { $0.severity == level.name }
            let times = mine.compactMap { incident in
                firstCheckIns[incident.number].map { IncidentPlanner.wholeSeconds(from: incident.declaredAt, to: $0) }
            }.sorted()
            let resolved = mine.filter { $0.state == .resolved }
            let durations = resolved.compactMap { incident in
                incident.resolvedAt.map { IncidentPlanner.wholeSeconds(from: incident.declaredAt, to: $0) }
            }.sorted()
            let numbers = Set(mine.map(\.number))
            let items = actions.filter { numbers.contains($0.incidentNumber) }
            let target = level.checkInWithin.seconds
            return Row(
                severity: level.name, incidents: mine.count, resolved: resolved.count,
                checkedIn: times.count, withoutCheckIn: mine.count - times.count,
                medianTimeToAction: nearestRank(50, of: times), p90TimeToAction: nearestRank(90, of: times),
                targetSeconds: target, checkInsWithinTarget: times.filter { $0 <= target }.count,
                medianTimeToResolve: nearestRank(50, of: durations),
                actionItems: items.count, actionItemsDone: items.filter { $0.state == .done }.count,
                surveysAnswered: mine.compactMap { surveys[$0.number]?.answered }.reduce(0, +),
                surveysAsked: mine.compactMap { surveys[$0.number]?.participants }.reduce(0, +)
            )
        }
        return KPIReport(since: since, until: until, rows: rows, excludedDrills: drills, excludedCancelled: cancelled)
    }

    /// The sentence saying what was left out.
    public var exclusions: String {
        "Left out: \(excludedDrills) drill\(excludedDrills == 1 ? "" : "s") and \(excludedCancelled) cancelled incident\(excludedCancelled == 1 ? "" : "s")."
    }

    /// A plain table for a terminal or a chat message in a code block.
    public var text: String {
        func percent(_ part: Int, _ whole: Int) -> String { whole == 0 ? "—" : "\(part * 100 / whole)% (\(part)/\(whole))" }
        func time(_ seconds: Int?) -> String { seconds.map { IncidentPlanner.spell(seconds: $0) } ?? "—" }
        let columns: [(String, Int)] = [
            ("severity", 8), ("incidents", 9), ("no check-in", 11), ("time to action: median", 22), ("p90", 20),
            ("within target", 16), ("median time to resolve", 22), ("survey completion", 17), ("action items done", 17),
        ]
        func line(_ cells: [String]) -> String {
            zip(cells, columns).map { cell, column in cell.padding(toLength: max(column.1, cell.count), withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var lines = [line(columns.map(\.0))]
        for row in rows {
            lines.append(line([
                row.severity.rawValue, String(row.incidents), String(row.withoutCheckIn), time(row.medianTimeToAction), time(row.p90TimeToAction),
                percent(row.checkInsWithinTarget, row.checkedIn), time(row.medianTimeToResolve),
                percent(row.surveysAnswered, row.surveysAsked), percent(row.actionItemsDone, row.actionItems),
            ]))
        }
        let range = since.map { "Incidents declared since \(UTCTime.minutes($0)) UTC." } ?? "Every incident."
        lines.append("\(range) \(exclusions) Within target: of the incidents with a check-in; \"no check-in\" incidents have no time to action.")
        return lines.joined(separator: "\n")
    }
}
