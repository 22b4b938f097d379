import Testing
@testable import TocsinCore

/// "Did you mean …?": only a close name is suggested, and never one of two equally close names.
@Suite struct NearestNameTests {
    static let names = ["declare", "checkin", "severity", "status", "note", "action", "actions", "list", "help"]

    @Test(arguments: [
        ("stauts", "status"), ("statsu", "status"), ("staus", "status"), ("nte", "note"), ("lsit", "list"), ("severty", "severity"),
        ("Declre", "declare"), ("decl", "declare"), ("chec", "checkin"),
    ])
    func aCloseWordGetsItsName(word: String, expected: String) {
        #expect(NearestName.suggestion(for: word, among: Self.names) == expected)
    }

    @Test(arguments: ["frobnicate", "x", "ab", "stop", "notes and more", "status", "act", String(repeating: "s", count: 5_000)])
    func aFarWordAnExactNameOrATieGetsNone(word: String) {
        #expect(NearestName.suggestion(for: word, among: Self.names) == nil)
    }

    @Test func distanceCountsASwapOfNeighboursAsOneEdit() {
        #expect(NearestName.distance(Array("stauts"), Array("status")) == 1)
        #expect(NearestName.distance(Array(""), Array("abc")) == 3)
        #expect(NearestName.distance(Array("kitten"), Array("sitting")) == 3)
    }
}
