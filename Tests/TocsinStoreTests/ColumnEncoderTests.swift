import Foundation
import Testing
import TocsinApp
import TocsinCore
@testable import TocsinJSON
import TocsinTestSupport

/// The one-pass JSON encoder the stores write their JSON columns with must write what `JSONEncoder` writes:
/// the same value for `JSONDecoder`, the same JSON object for any reader, the same escapes.
@Suite struct ColumnEncoderTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let planner = IncidentPlanner(configuration: Example.configuration)

    /// The effects of a whole incident: declared on a tier-1 service with every ring, a status update with a
    /// mention, a link and awkward characters, a severity change, resolved, and a drill.
    private func lifecycleEffects() throws -> [Effect] {
        let declared = planner.declare(IncidentDeclaration(severity: "SEV1", service: "checkout", title: "Card \"payments\" / failing\n"), number: 7, userID: "U9", now: now)
        var incident = declared.incident
        var effects = declared.effects
        let text = RichText(parts: [.text("Rolled back <b> & \\ retrying "), .user(id: "U1", name: "ana"), .link(url: "https://status.example.com/a?b=1&c=2", label: "status"), .strong("ü 🚨\u{1}")])
        let status = try planner.postStatus(incident, state: .identified, text: text, by: "U9", now: now.addingTimeInterval(60)).get()
        incident = status.incident
        effects += status.effects
        let raised = try planner.changeSeverity(incident, to: "SEV2", by: "U9", now: now.addingTimeInterval(120)).get()
        incident = raised.incident
        effects += raised.effects
        effects += try planner.resolve(incident, summary: text, by: "U9", now: now.addingTimeInterval(180)).get().effects
        effects += planner.declare(IncidentDeclaration(severity: "SEV2", service: "search", title: "Practice", isDrill: true), number: 8, userID: "U9", now: now).effects
        return effects
    }

    private func jsonObject(_ text: String) throws -> NSObject? {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? NSObject
    }

    @Test func everyEffectOfAnIncidentIsWrittenInOnePassAndReadBackTheSame() throws {
        let effects = try lifecycleEffects()
        #expect(effects.count > 15)
        for effect in effects {
            let text = try ColumnEncoder.encodeInOnePass(effect)
            #expect(try JSONDecoder().decode(Effect.self, from: Data(text.utf8)) == effect)
            let foundation = String(decoding: try JSONEncoder().encode(effect), as: UTF8.self)
            #expect(try jsonObject(text) != nil)
            #expect(try jsonObject(text) == jsonObject(foundation), "\(text)\nversus JSONEncoder's\n\(foundation)")
        }
    }

    @Test(arguments: ["plain", "quote \" backslash \\ slash /", "lines\nand\ttabs\r\u{8}\u{C}", "control \u{0}\u{1F}", "ü é 🚨 中文", ""])
    func stringsAreEscapedAsJSONEncoderEscapesThem(text: String) throws {
        #expect(try ColumnEncoder.encodeInOnePass(text) == String(decoding: try JSONEncoder().encode(text), as: UTF8.self))
        #expect(try ColumnEncoder.encodeInOnePass([text]) == String(decoding: try JSONEncoder().encode([text]), as: UTF8.self))
    }

    @Test(arguments: [3.0, -0.5, 0.1, 1e-7, 817_735_795.929_734_1, 1e21])
    func numbersAreWrittenAsJSONEncoderWritesThem(number: Double) throws {
        #expect(try ColumnEncoder.encodeInOnePass(number) == String(decoding: try JSONEncoder().encode(number), as: UTF8.self))
        #expect(try JSONDecoder().decode(Double.self, from: Data(try ColumnEncoder.encode(number).utf8)) == number)
    }

    @Test func aNumberJSONCannotHoldIsRefusedAsJSONEncoderRefusesIt() {
        #expect(throws: EncodingError.self) { try ColumnEncoder.encode(Double.nan) }
        #expect(throws: EncodingError.self) { try ColumnEncoder.encode(["late": Double.infinity]) }
    }

    @Test func datesURLsAndDataAreWrittenAsJSONEncoderWritesThem() throws {
        struct Mixed: Codable, Equatable {
            var at: Date
            var link: URL
            var blob: Data
            var missing: String?
            var present: Int?
            var empty: [String]
            var nested: [String: [Int]]
        }
        let value = Mixed(at: now, link: URL(string: "https://example.com/a/b?c=d")!, blob: Data([0, 1, 254, 255]), missing: nil, present: 3, empty: [], nested: ["a": [1, 2]])
        let text = try ColumnEncoder.encodeInOnePass(value)
        #expect(try jsonObject(text) == jsonObject(String(decoding: try JSONEncoder().encode(value), as: UTF8.self)))
        #expect(try JSONDecoder().decode(Mixed.self, from: Data(text.utf8)) == value)
    }

    /// A value that writes into a container after leaving it cannot be written in one pass: `JSONEncoder` writes it.
    @Test func aValueThatNeedsATreeIsHandedToJSONEncoder() throws {
        struct Interleaved: Encodable {
            enum Keys: String, CodingKey { case first, second, late }
            func encode(to encoder: any Encoder) throws {
                var outer = encoder.container(keyedBy: Keys.self)
                var inner = outer.nestedContainer(keyedBy: Keys.self, forKey: .first)
                try outer.encode(2, forKey: .second)
                try inner.encode(1, forKey: .late)
            }
        }
        #expect(throws: OnePassUnsupported.self) { try ColumnEncoder.encodeInOnePass(Interleaved()) }
        let text = try ColumnEncoder.encode(Interleaved())
        #expect(try jsonObject(text) == jsonObject(#"{"first":{"late":1},"second":2}"#))
    }

    @Test func aValueThatEncodesNothingIsAnEmptyObject() throws {
        struct Nothing: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }
        #expect(try ColumnEncoder.encodeInOnePass(["x": Nothing()]) == #"{"x":{}}"#)
    }
}
