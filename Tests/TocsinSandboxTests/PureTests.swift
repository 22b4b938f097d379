import Foundation
import Testing

@testable import TocsinSandbox

@Suite("JSON, forms, names, clocks and limits")
struct PureTests {
    @Test(arguments: [
        #"{"b":1,"a":[true,false,null],"c":{"d":"e"}}"#,
        #"[1.5e-3,-0,"x\"y\\z\n"]"#,
        #""é😀""#,
        #"{}"#,
    ])
    func jsonRoundTripKeepsOrderAndNumbers(text: String) throws {
        #expect(try JSONParser.parse(text).serialized() == text)
    }

    @Test func jsonEscapes() throws {
        #expect(try JSONParser.parse(#""\u00e9\ud83d\ude00\/\t""#) == .string("é😀/\t"))
        #expect(JSON.string("a\u{01}b").serialized() == #""a\u0001b""#)
        #expect(try JSONParser.parse(" [ 1 , { \"k\" : \"v\" } ] ") == [.number("1"), ["k": "v"]])
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":}", "01x", "tru", "\"\\x\"", "\"\\u12G4\"", "[1] 2", "\"a\u{01}\""])
    func jsonRejects(text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    @Test func formEncoding() throws {
        let body = FormURLEncoding.encode([("command", "/incident"), ("text", "declare SEV1 a&b=c é")])
        #expect(body == "command=%2Fincident&text=declare+SEV1+a%26b%3Dc+%C3%A9")
        let decoded = try #require(FormURLEncoding.decode(body))
        #expect(decoded.map(\.value) == ["/incident", "declare SEV1 a&b=c é"])
        #expect(FormURLEncoding.decode("a=%zz") == nil)
        #expect(FormURLEncoding.decode("flag&x=")?.map(\.name) == ["flag", "x"])
    }

    @Test func channelNames() {
        #expect(ChannelNameRules.violation("inc-1_a") == nil)
        #expect(ChannelNameRules.violation("ÄB") == "invalid_name_specials")
        #expect(ChannelNameRules.violation(String(repeating: "-", count: 81)) == "invalid_name_maxlength")
    }

    @Test func timestamps() {
        var clock = TimestampClock()
        let now = Date(timeIntervalSince1970: 1_700_000_000.000_100)
        let first = clock.next(now: now)
        let second = clock.next(now: now)
        let earlier = clock.next(now: now.addingTimeInterval(-10))
        #expect(first == "1700000000.000100")
        #expect(second == "1700000000.000101")
        #expect(earlier == "1700000000.000102")
        #expect(TimestampClock.micros("1700000000.5") == 1_700_000_000_500_000)
        #expect(TimestampClock.micros("abc") == nil)
    }

    /// A ts with more seconds than Slack's ten digits is not a timestamp (it used to overflow the microseconds).
    @Test(arguments: ["9000000000000000000", "9000000000000000000.000001", "12345678901.000001", "99999999999999999999.000001", "nan", "inf", "1e300"])
    func anOversizedTimestampIsNotOne(_ ts: String) {
        #expect(TimestampClock.micros(ts) == nil)
    }

    @Test func slidingMinute() {
        var limiter = RateLimiter()
        let start = Date(timeIntervalSince1970: 1_000)
        for second in 0..<20 {
            #expect(limiter.admit(method: "m", limit: RateLimiter.tier2, channel: nil, now: start.addingTimeInterval(Double(second))) == nil)
        }
        #expect(limiter.admit(method: "m", limit: RateLimiter.tier2, channel: nil, now: start.addingTimeInterval(30)) == 30)
        #expect(limiter.admit(method: "m", limit: RateLimiter.tier2, channel: nil, now: start.addingTimeInterval(59.5)) == 1)
        #expect(limiter.admit(method: "m", limit: RateLimiter.tier2, channel: nil, now: start.addingTimeInterval(60)) == nil)
        #expect(limiter.admit(method: "m", limit: RateLimiter.tier2, channel: nil, now: start.addingTimeInterval(60)) != nil)
    }

    @Test func perChannelBurstThenOnePerSecond() {
        var limiter = RateLimiter()
        let limit = RateLimiter.Limit.perChannelPerSecond(burst: 3)
        let start = Date(timeIntervalSince1970: 1_000)
        for _ in 0..<3 { #expect(limiter.admit(method: "p", limit: limit, channel: "C1", now: start) == nil) }
        #expect(limiter.admit(method: "p", limit: limit, channel: "C1", now: start) == 1)
        #expect(limiter.admit(method: "p", limit: limit, channel: "C2", now: start) == nil)
        #expect(limiter.admit(method: "p", limit: limit, channel: "C1", now: start.addingTimeInterval(1)) == nil)
        #expect(limiter.admit(method: "p", limit: limit, channel: "C1", now: start.addingTimeInterval(1.5)) == 1)
    }

    @Test func interactionsURLIsDerivedFromTheCommandURL() {
        #expect(
            CommandConsole.siblingURL(of: "http://127.0.0.1:8080/slack/commands", route: "interactions")?.absoluteString
                == "http://127.0.0.1:8080/slack/interactions"
        )
        #expect(
            CommandConsole.siblingURL(of: "http://127.0.0.1:8080/bot/slack/commands", route: "events")?.absoluteString
                == "http://127.0.0.1:8080/bot/slack/events"
        )
    }

    @Test func signatureMatchesSlacksDocumentedExample() {
        // The example from Slack's "Verifying requests from Slack" page.
        let body =
            "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
        #expect(
            RequestSigning.signature(secret: "8f742231b10e8888abcd99yyyzzz85a5", timestamp: 1_531_420_618, body: body)
                == "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
        )
    }
}
