import Foundation
import Testing
import TocsinApp
import TocsinCore
@testable import TocsinSlack
import TocsinTestSupport

/// Issue #10: a property-based fuzz of everything that reads what Slack (or anyone) sends: the form
/// decoder, the JSON event and interaction decoders and the command parser. Inputs come from a seeded
/// generator, so a failure repeats: random bytes, real fixtures mutated byte by byte and spliced with
/// hostile tokens, and random command lines. No input may crash, and the decoded values keep their rules.
@Suite struct InboundFuzzTests {
    /// SplitMix64: small, fast and the same on every platform.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// What hostile input tends to hold.
    static let tokens: [String] = [
        "nan", "inf", "-inf", "1e300", "-1e300", "12345678901234567890", "9223372036854775807", "-9223372036854775808", "0.000001",
        "%", "%0", "%zz", "%00", "%FF%FE", "+", "&", "=", "&&==", "<", ">", "<@", "<@U1|", "<#C1|x>", "<!here>", "<!subteam^S1|@g>",
        "&amp;", "&lt;", "&gt", "\u{0}", "\u{1b}[31m", "\r\n", "\u{202e}", "🚨", "é", "\"", "\\", "\\u0000", "\\ud800", "{", "}", "[", "]",
        ":", ",", "null", "true", "[[[[[[[[", "{\"a\":", "\"ts\":\"nan\"", "\"event_time\":1e300", String(repeating: "x", count: 400),
    ]

    /// Inputs per target (25,000 in all): the three take about 5 s together in a debug build on the two-core CI machine.
    static let formRounds = 4_000
    static let eventRounds = 6_000
    static let commandRounds = 15_000
    static let fixtures: [[UInt8]] = SlackFixtures.all.map { Array($0.content.utf8) }
    static let smallFixtures: [[UInt8]] = fixtures.filter { $0.count < 6_000 }
    static let parser: CommandParser = {
        let catalog = (try? CommandCatalogLoader.load(path: repository.appendingPathComponent("commands/incident.yml").path))
            ?? CommandCatalog(command: "/incident", description: "d", usageHint: "h",
                              subcommands: CommandParser.knownSubcommands.sorted().map { SubcommandSpec(name: $0, usage: $0, summary: "s", scope: .anywhere) })
        return CommandParser(catalog: catalog, configuration: Example.configuration)
    }()
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func randomBytes(_ generator: inout Generator, upTo length: Int = 300) -> [UInt8] {
        (0..<Int.random(in: 0...length, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// A few byte-level mutations of `input`: flips, deletions, insertions of random bytes or of tokens, splices.
    static func mutate(_ input: [UInt8], _ generator: inout Generator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...6, using: &generator) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
            case 1 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...32, using: &generator)))
            case 2: bytes.insert(contentsOf: randomBytes(&generator, upTo: 8), at: at)
            case 3, 4: bytes.insert(contentsOf: Array(tokens.randomElement(using: &generator).map { Array($0.utf8) } ?? []), at: at)
            default:
                // Replace a quoted value with a token: shapes that are valid JSON but hostile values.
                if let quote = bytes[at...].firstIndex(of: UInt8(ascii: "\"")), let end = bytes[(quote + 1)...].firstIndex(of: UInt8(ascii: "\"")) {
                    bytes.replaceSubrange((quote + 1)..<end, with: Array((tokens.randomElement(using: &generator) ?? "").utf8))
                }
            }
        }
        return bytes
    }

    @Test func theFormDecoderAndSlashCommandsSurviveAnyBody() {
        var generator = Generator(state: 0x5EED_F0A3)
        let forms = Self.fixtures.filter { $0.first != UInt8(ascii: "{") && $0.first != UInt8(ascii: "[") }
        var broken: [String] = []
        for round in 0..<Self.formRounds {
            let body: [UInt8] = round % 3 == 0 ? Self.randomBytes(&generator) : Self.mutate(forms.randomElement(using: &generator) ?? [], &generator)
            _ = SlackInbound.isSSLCheck(formBody: body)
            if let command = try? SlackInbound.decodeSlashCommand(formBody: body) {
                // Control characters never get past the boundary.
                if command.text.plainText.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) {
                    broken.append(String(decoding: body, as: UTF8.self))
                }
                _ = Self.parser.parse(command.text)
            }
            _ = try? SlackInbound.decodeInteraction(formBody: body)
        }
        #expect(broken.isEmpty, "control characters got through: \(broken.prefix(3))")
    }

    @Test func theEventAndInteractionDecodersSurviveAnyJSON() {
        var generator = Generator(state: 0xE7E7_0001)
        let json = Self.smallFixtures.filter { $0.first == UInt8(ascii: "{") || $0.first == UInt8(ascii: "[") }
        var broken: [String] = []
        for round in 0..<Self.eventRounds {
            let body: [UInt8] = round % 4 == 0 ? Self.randomBytes(&generator) : Self.mutate(json.randomElement(using: &generator) ?? [], &generator)
            if case .callback(let callback)? = try? SlackInbound.decodeEvent(jsonBody: body) {
                // Whatever got through as a ts is one a store can keep.
                for ts in [callback.ts, callback.threadTS, callback.itemTS, callback.deletedTS].compactMap({ $0 }) where ChannelMessage.postingTime(ts) == nil {
                    broken.append(ts)
                }
                if !callback.eventTime.timeIntervalSince1970.isFinite { broken.append("event_time") }
            }
            _ = try? SlackInbound.decodeInteraction(payloadJSON: body)
        }
        #expect(broken.isEmpty, "\(broken.prefix(5))")
    }

    @Test func theCommandParserSurvivesAnyCommandLine() {
        var generator = Generator(state: 0xC0_11A4D)
        let words = ["declare", "severity", "status", "role", "page", "note", "checkin", "resolve", "action", "timeline", "list", "help", "rings",
                     "actions", "followups", "postmortem", "impact", "slo", "start", "end", "partial", "25:99", "09:40", "99999999999999999999:00", "SEV0", "SEV1", "sev9", "P1", "checkout", "payments-api", "investigating", "identified",
                     "monitoring", "commander", "comms", "scribe", "<@U01PAYLEAD>", "<@W1|x>", "@dana", "due:2026-12-01", "due:2026-13-45", "due:",
                     "9223372036854775807", "-1", "0", "\n", "\t", "  "] + Self.tokens
        var broken: [String] = []
        for round in 0..<Self.commandRounds {
            var line = ""
            if round % 5 == 0 {
                line = String(decoding: Self.randomBytes(&generator, upTo: 120), as: UTF8.self)
            } else {
                for _ in 0..<Int.random(in: 0...8, using: &generator) {
                    line += (words.randomElement(using: &generator) ?? "") + (Bool.random(using: &generator) ? " " : "")
                }
            }
            let text = SlackMarkup.decode(line)
            guard case .success(let command) = Self.parser.parse(text) else { continue }
            let holds: Bool = switch command {
            case .anywhere(.declare(let declaration)):
                declaration.title.count <= CommandParser.maxTitleLength && !declaration.title.unicodeScalars.contains { $0.value < 0x20 }
            case .inIncident(.note(let text)), .inIncident(.status(_, let text)): text.plainText.count <= CommandParser.maxTextLength
            case .inIncident(.timeline(let page)): page >= 1
            default: true
            }
            if !holds { broken.append(line) }
        }
        #expect(broken.isEmpty, "\(broken.prefix(3))")
    }
}
