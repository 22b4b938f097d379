import Foundation
import Testing
import TocsinCore
import TocsinTestSupport

/// A severity is a configured name, checked once where it comes in, stored as that name, ordered by the configuration.
@Suite struct SeverityTests {
    @Test(arguments: ["SEV0", "sev1", "P2", "Critical", "SEV-1", String(repeating: "S", count: Severity.maximumLength)])
    func namesThatCanBeTypedAfterDeclareAreSeverities(name: String) {
        #expect(Severity(rawValue: name)?.rawValue == name)
    }

    @Test(arguments: ["", " ", "SEV 1", "SEV1 ", "SEV\t1", "SEV\n1", "SEV\u{0}1", String(repeating: "S", count: Severity.maximumLength + 1)])
    func otherNamesAreNot(name: String) {
        #expect(Severity(rawValue: name) == nil)
    }

    @Test func itIsEncodedAsItsPlainName() throws {
        let severity = try #require(Severity(rawValue: "SEV1"))
        #expect(String(decoding: try JSONEncoder().encode([severity]), as: UTF8.self) == #"["SEV1"]"#)
        #expect(try JSONDecoder().decode([Severity].self, from: Data(#"["SEV1"]"#.utf8)) == [severity])
    }

    @Test(arguments: [#"[""]"#, #"["two words"]"#, "[1]"])
    func decodingRefusesWhatCannotBeASeverity(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Severity].self, from: Data(json.utf8)) }
    }

    @Test func theConfigurationKnowsTheOrder() {
        let configuration = Example.configuration
        #expect(configuration.rank(of: "SEV0") == 0)
        #expect(configuration.rank(of: "SEV2") == 2)
        #expect(configuration.rank(of: "SEV9") == 3, "a severity the configuration does not name sorts last")
        #expect(configuration.severity(named: Severity(rawValue: "SEV1") ?? "SEV0")?.summary == "Major degradation")
    }
}
