import Foundation
import Testing

/// The embedded fixtures must stay byte-for-byte equal to shared/slack/fixtures when it is
/// there (the repository with shared/ beside it, as on developer machines and in CI).
@Suite struct FixtureCopyTests {
    static let sharedFixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TocsinSlackTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/slack/fixtures")

    static var sharedFixturesPresent: Bool {
        FileManager.default.fileExists(atPath: sharedFixtures.path)
    }

    @Test(.enabled(if: sharedFixturesPresent, "shared/ is not beside the repository"))
    func embeddedCopiesMatchTheSharedFixtures() throws {
        for fixture in SlackFixtures.all {
            let original = try Data(contentsOf: Self.sharedFixtures.appendingPathComponent(fixture.file))
            #expect(Array(original) == Array(fixture.content.utf8), "\(fixture.file) differs from shared/")
        }
    }
}
