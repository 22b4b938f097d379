import Testing
import TocsinCore

@Suite struct ConfigDurationTests {
    @Test(arguments: [("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86_400), (" 5m ", 300)])
    func parsesValidDurations(text: String, seconds: Int) {
        #expect(ConfigDuration(parsing: text)?.seconds == seconds)
    }

    @Test(arguments: ["", "15", "m", "0m", "-5m", "1.5h", "15 m", "15min", "abc"])
    func rejectsInvalidDurations(text: String) {
        #expect(ConfigDuration(parsing: text) == nil)
    }

    @Test func spellsOutForPeople() {
        #expect(ConfigDuration(seconds: 900).spelledOut == "15 minutes")
        #expect(ConfigDuration(seconds: 3600).spelledOut == "1 hour")
        #expect(ConfigDuration(seconds: 90).spelledOut == "90 seconds")
        #expect(ConfigDuration(seconds: 7200).description == "2h")
    }
}
