/// One target and what was measured against it, kept for the closing summary of `all`.
struct Verdict: Sendable {
    var benchmark: String
    var target: String
    var measured: String
    var met: Bool

    /// Prints the verdict line and returns it.
    static func judge(_ benchmark: String, _ target: String, measured: String, met: Bool) -> Verdict {
        Report.verdict(target, measured: measured, met: met)
        return Verdict(benchmark: benchmark, target: target, measured: measured, met: met)
    }
}
