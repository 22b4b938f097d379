import Foundation
import Testing
import TocsinApp
import TocsinCore
import TocsinSandbox
import TocsinTestSupport

/// The weekly SLO review end to end, on a manual clock: posted at its time in a week without incidents,
/// posted late (once) by a bot that was down over its due time, never twice across restarts.
@Suite struct DigestFlowTests {
    static let digest = """
    digest: { channel: sre-review, weekday: monday, time: "09:00" }

    """

    /// Monday 2026-11-30 08:59 UTC, a minute before that week's review is due.
    static let start = Date(timeIntervalSince1970: 1_796_029_140)

    /// The reviews posted in #sre-review, oldest first.
    static func reviews(_ workspace: SandboxWorkspace) async -> [String] {
        await SLOFlowTests.texts(workspace, "sre-review").filter { $0.hasPrefix("*Weekly SLO review*") }
    }

    /// The first line of each review: the week it covers.
    static func weeks(_ workspace: SandboxWorkspace) async -> [String] {
        await reviews(workspace).map { String($0.prefix { $0 != "\n" }) }
    }

    static func header(_ from: String, _ to: String) -> String {
        "*Weekly SLO review*, \(from) to \(to) UTC, worst first:"
    }

    @Test func theReviewIsPostedOnceAWeekWithoutIncidentsLateAfterADowntimeAndNeverTwice() async throws {
        let clock = ManualClock(Self.start)
        let configuration = DefaultConfiguration.yaml + SLOFlowTests.slos + Self.digest
        try await Harness.withSandbox { harness in
            let workspace = harness.workspace
            // First start: the review due a week ago never went out, so it goes out now; at 09:00 this week's follows.
            try await harness.withBot(now: clock.now, configuration: configuration) { _ in
                #expect(await harness.eventually { _ in await Self.reviews(workspace).count == 1 })
                clock.advance(by: .seconds(60))
                #expect(await harness.eventually { _ in await Self.reviews(workspace).count == 2 })
            }
            #expect(await Self.weeks(workspace) == [Self.header("2026-11-16 09:00", "2026-11-23 09:00"), Self.header("2026-11-23 09:00", "2026-11-30 09:00")])
            #expect(await Self.reviews(workspace).last == Self.header("2026-11-23 09:00", "2026-11-30 09:00") + "\n"
                + "No incidents this week: no SLO's error budget was burned.\n"
                + "• checkout-availability (checkout): 0 % of the rolling 30d budget consumed (0.0 of 43.2 min, 43.2 left); no incident this week")

            // Restarted two days later; an incident burns the budget. The live line proves the budget watcher ran
            // after the restart; it posts no second review of the week.
            clock.advance(by: .seconds(2 * 86_400))
            try await harness.withBot(now: clock.now, configuration: configuration) { bot in
                _ = try await bot.command("declare SEV1 checkout Card payments failing", user: "U01PAYLEAD")
                #expect(await harness.eventually { await $0.channel(named: "inc-1-checkout-card-payments-failing") != nil })
                clock.advance(by: .seconds(300))
                #expect(await harness.eventually { _ in
                    await SLOFlowTests.texts(workspace, "inc-1-checkout-card-payments-failing").contains { $0.hasPrefix("This incident has burned") }
                })
            }

            // Down over the next Monday 09:00, back three days later: that week's review goes out once, naming the
            // incident. Reviews share their channel's lane in the order they were queued, so a repeat of an
            // earlier week would show before it.
            clock.advance(by: .seconds(8 * 86_400))
            try await harness.withBot(now: clock.now, configuration: configuration) { _ in
                #expect(await harness.eventually { _ in await Self.reviews(workspace).count == 3 })
                // The next Monday, on time, while running.
                clock.advance(by: .seconds(4 * 86_400))
                #expect(await harness.eventually { _ in await Self.reviews(workspace).count == 4 })
            }
            #expect(await Self.weeks(workspace) == [
                Self.header("2026-11-16 09:00", "2026-11-23 09:00"), Self.header("2026-11-23 09:00", "2026-11-30 09:00"),
                Self.header("2026-11-30 09:00", "2026-12-07 09:00"), Self.header("2026-12-07 09:00", "2026-12-14 09:00"),
            ])
            let late = try #require(await Self.reviews(workspace).dropFirst(2).first)
            #expect(late.contains("this week: #1 Card payments failing ("), "the late review names the week's incident: \(late)")
            #expect(!late.contains("No incidents this week"))
        }
    }
}
