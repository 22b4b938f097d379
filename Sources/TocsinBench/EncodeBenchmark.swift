import Foundation
import TocsinCore
import TocsinJSON

/// What encoding a declaration's outbox entries costs: the stores write every effect as JSON inside the
/// declaration's write path, once with the one-pass `ColumnEncoder` they use and once with `JSONEncoder`.
struct EncodeBenchmark {
    var declarations = 20_000

    func run(resources: BenchResources) throws -> [Verdict] {
        Report.heading("encode")
        let planner = IncidentPlanner(configuration: resources.configuration)
        let now = Date()
        let effects = planner.declare(IncidentDeclaration(severity: "SEV1", service: "search", title: "Latency benchmark"), number: 1, userID: "U1", now: now).effects
        let foundation = JSONEncoder()
        var bytes = 0
        let onePass = try time {
            for _ in 0..<declarations { for effect in effects { bytes &+= try ColumnEncoder.encode(effect).utf8.count } }
        }
        let tree = try time {
            for _ in 0..<declarations { for effect in effects { bytes &+= try foundation.encode(effect).count } }
        }
        let perOnePass = onePass / Double(declarations) * 1_000_000
        let perTree = tree / Double(declarations) * 1_000_000
        Report.line("""
            The \(effects.count) outbox entries of one SEV1 declaration on the default configuration, encoded \(Figures.count(declarations)) times \
            on one thread (\(bytes / (2 * declarations * max(1, effects.count))) bytes an entry on average).
            """)
        Report.line(String(format: "  one pass (ColumnEncoder): %.1f µs a declaration; JSONEncoder: %.1f µs (%.1f× as long)", perOnePass, perTree, perTree / perOnePass))
        return [Verdict.judge("encode", "a declaration's entries encoded faster than JSONEncoder does", measured: String(format: "%.1f µs against %.1f µs", perOnePass, perTree), met: perOnePass < perTree)]
    }

    private func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
