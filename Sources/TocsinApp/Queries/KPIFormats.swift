import Foundation
import TocsinCore

/// The KPI report as `tocsin kpis --format json|csv` prints it: stable, documented field names (README,
/// "KPIs") for scripts and dashboards. Times are whole seconds, shares fractions from 0 to 1 rounded to four
/// decimals; a figure with nothing to count is `null` in JSON and an empty cell in CSV.
public struct KPIFormats: Sendable {
    /// The output formats, as `--format` names them.
    public enum Format: String, Sendable, CaseIterable {
        case text, json, csv
    }

    public let report: KPIReport

    public init(_ report: KPIReport) {
        self.report = report
    }

    /// The report in `format`.
    public func render(_ format: Format) -> String {
        switch format {
        case .text: report.text
        case .json: json
        case .csv: csv
        }
    }

    /// The CSV columns, in order; also the header row.
    public static let columns = [
        "severity", "incidents", "resolved", "with_check_in", "without_check_in", "time_to_action_median_seconds",
        "time_to_action_p90_seconds", "target_seconds", "within_target", "within_target_share", "time_to_resolve_median_seconds",
        "surveys_answered", "surveys_asked", "survey_completion", "action_items", "action_items_done", "action_item_completion",
        "excluded_drills", "excluded_cancelled",
    ]

    /// A header row, then one row per severity (most severe first); the exclusions repeat on every row.
    public var csv: String {
        var lines = [Self.columns.joined(separator: ",")]
        for row in report.rows {
            let cells: [String?] = [
                row.severity.rawValue, String(row.incidents), String(row.resolved), String(row.checkedIn), String(row.withoutCheckIn),
                row.medianTimeToAction.map(String.init), row.p90TimeToAction.map(String.init), String(row.targetSeconds),
                String(row.checkInsWithinTarget), row.withinTargetShare.map(Self.share), row.medianTimeToResolve.map(String.init),
                String(row.surveysAnswered), String(row.surveysAsked), row.surveyCompletion.map(Self.share),
                String(row.actionItems), String(row.actionItemsDone), row.actionItemCompletion.map(Self.share),
                String(report.excludedDrills), String(report.excludedCancelled),
            ]
            // Severity names are one word (letters, digits, punctuation without commas or quotes), so no cell needs quoting.
            lines.append(cells.map { $0 ?? "" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    /// Pretty-printed JSON with sorted keys.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(Document(report))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A share as written: four decimals at most, without trailing zeros.
    static func share(_ value: Double) -> String {
        String(Self.rounded(value))
    }

    static func rounded(_ value: Double) -> Double {
        value.isFinite ? (value * 10_000).rounded() / 10_000 : 0
    }

    private static func iso(_ date: Date) -> String {
        UTCTime.timestamp(date).replacingOccurrences(of: " ", with: "T") + "Z"
    }

    /// The JSON document: the range, what was left out, and one object per severity.
    private struct Document: Encodable {
        let report: KPIReport

        init(_ report: KPIReport) {
            self.report = report
        }

        enum Keys: String, CodingKey {
            case since, until, excluded, severities
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(report.since.map(KPIFormats.iso), forKey: .since)
            try container.encode(KPIFormats.iso(report.until), forKey: .until)
            try container.encode(["drills": report.excludedDrills, "cancelled": report.excludedCancelled], forKey: .excluded)
            try container.encode(report.rows.map(RowObject.init), forKey: .severities)
        }
    }

    /// One severity's object, under the CSV's column names (without the exclusions, which the document holds once).
    private struct RowObject: Encodable {
        let row: KPIReport.Row

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            func put(_ name: String, _ value: Int?) throws { try container.encode(value, forKey: Key(stringValue: name)) }
            func put(_ name: String, _ value: Double?) throws { try container.encode(value.map(KPIFormats.rounded), forKey: Key(stringValue: name)) }
            try container.encode(row.severity.rawValue, forKey: Key(stringValue: "severity"))
            try put("incidents", row.incidents)
            try put("resolved", row.resolved)
            try put("with_check_in", row.checkedIn)
            try put("without_check_in", row.withoutCheckIn)
            try put("time_to_action_median_seconds", row.medianTimeToAction)
            try put("time_to_action_p90_seconds", row.p90TimeToAction)
            try put("target_seconds", row.targetSeconds)
            try put("within_target", row.checkInsWithinTarget)
            try put("within_target_share", row.withinTargetShare)
            try put("time_to_resolve_median_seconds", row.medianTimeToResolve)
            try put("surveys_answered", row.surveysAnswered)
            try put("surveys_asked", row.surveysAsked)
            try put("survey_completion", row.surveyCompletion)
            try put("action_items", row.actionItems)
            try put("action_items_done", row.actionItemsDone)
            try put("action_item_completion", row.actionItemCompletion)
        }
    }
}
