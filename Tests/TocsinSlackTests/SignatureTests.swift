import Foundation
import Testing
import TocsinSlack

@Suite struct SignatureTests {
    /// Slack's documented example (docs "Verifying requests from Slack"), recomputed with
    /// Python: hmac.new(secret, b"v0:" + ts + b":" + body, hashlib.sha256).hexdigest().
    static let secret = "8f742231b10e8888abcd99yyyzzz85a5"
    static let timestamp = "1531420618"
    static let body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    static let signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"

    static func verifier(secret: String = secret, at seconds: Double = 1_531_420_618) -> SlackRequestVerifier {
        SlackRequestVerifier(signingSecret: secret, now: { Date(timeIntervalSince1970: seconds) })
    }

    @Test func knownVectorSignsAndVerifies() throws {
        let verifier = Self.verifier()
        #expect(verifier.sign(body: Self.body, timestamp: Self.timestamp) == Self.signature)
        try verifier.verify(body: Self.body, timestamp: Self.timestamp, signature: Self.signature)
    }

    @Test func uppercaseHexIsAccepted() throws {
        let upper = "v0=" + Self.signature.dropFirst(3).uppercased()
        try Self.verifier().verify(body: Self.body, timestamp: Self.timestamp, signature: upper)
    }

    @Test func spacesAroundHeaderValuesAreIgnored() throws {
        try Self.verifier().verify(body: Self.body, timestamp: " \(Self.timestamp)\t", signature: " \(Self.signature) ")
    }

    @Test func wrongSecretIsRejected() {
        #expect(throws: SignatureError.badSignature) {
            try Self.verifier(secret: "another-secret").verify(body: Self.body, timestamp: Self.timestamp, signature: Self.signature)
        }
    }

    @Test func tamperedBodyIsRejected() {
        let tampered = Self.body.replacingOccurrences(of: "user_id=U2CERLKJA", with: "user_id=U2CERLKJB")
        #expect(throws: SignatureError.badSignature) {
            try Self.verifier().verify(body: tampered, timestamp: Self.timestamp, signature: Self.signature)
        }
    }

    @Test func signatureIsBoundToTheTimestamp() {
        #expect(throws: SignatureError.badSignature) {
            try Self.verifier().verify(body: Self.body, timestamp: "1531420619", signature: Self.signature)
        }
    }

    @Test(arguments: [-301.0, 301.0, -3600, 86_400])
    func staleTimestampIsRejected(offset: Double) {
        let verifier = Self.verifier(at: 1_531_420_618 + offset)
        #expect(throws: SignatureError.staleTimestamp) {
            try verifier.verify(body: Self.body, timestamp: Self.timestamp, signature: Self.signature)
        }
    }

    @Test(arguments: [-300.0, 300.0, 0])
    func timestampsWithinFiveMinutesAreAccepted(offset: Double) throws {
        try Self.verifier(at: 1_531_420_618 + offset).verify(body: Self.body, timestamp: Self.timestamp, signature: Self.signature)
    }

    @Test(arguments: [
        (String?.none, String?.some(signature)),
        (String?.some(timestamp), String?.none),
        (String?.none, String?.none),
        (String?.some("yesterday"), String?.some(signature)),
        (String?.some(""), String?.some(signature)),
        (String?.some("   "), String?.some(signature)),
        (String?.some("1531420618x"), String?.some(signature)),
        (String?.some("1531420618000000"), String?.some(signature)),
    ])
    func missingOrGarbledHeadersAreRejected(timestamp: String?, signature: String?) {
        #expect(throws: SignatureError.missingHeaders) {
            try Self.verifier().verify(body: Self.body, timestamp: timestamp, signature: signature)
        }
    }

    @Test(arguments: [
        "", "v0=", "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
        "a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b5",
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50300",
        "v0=z2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    ])
    func malformedSignatureIsRejected(signature: String) {
        #expect(throws: SignatureError.malformedSignature) {
            try Self.verifier().verify(body: Self.body, timestamp: Self.timestamp, signature: signature)
        }
    }

    @Test func signedFixtureBodiesVerifyByteForByte() throws {
        let verifier = Self.verifier(secret: "fixture-secret", at: 1_700_000_000)
        for body in [SlackFixtures.slashCommandForm, SlackFixtures.blockActionsForm, SlackFixtures.urlVerification] {
            let bytes = Array(body.utf8)
            let signature = verifier.sign(body: bytes, timestamp: "1700000000")
            try verifier.verify(body: bytes, timestamp: "1700000000", signature: signature)
        }
    }

    @Test func headersAloneAreCheckedBeforeTheBodyIsRead() throws {
        let verifier = Self.verifier()
        try verifier.checkHeaders(timestamp: Self.timestamp, signature: Self.signature)
        #expect(throws: SignatureError.missingHeaders) { try verifier.checkHeaders(timestamp: nil, signature: Self.signature) }
        #expect(throws: SignatureError.missingHeaders) { try verifier.checkHeaders(timestamp: Self.timestamp, signature: nil) }
        #expect(throws: SignatureError.missingHeaders) { try verifier.checkHeaders(timestamp: "1e9", signature: Self.signature) }
        #expect(throws: SignatureError.malformedSignature) { try verifier.checkHeaders(timestamp: Self.timestamp, signature: "v0=abc") }
        #expect(throws: SignatureError.staleTimestamp) { try verifier.checkHeaders(timestamp: "1531420317", signature: Self.signature) }
    }

    @Test func errorsHaveCodesAndMessages() {
        let all: [SignatureError] = [.missingHeaders, .staleTimestamp, .badSignature, .malformedSignature]
        #expect(Set(all.map(\.code)).count == all.count)
        for error in all {
            #expect(!error.description.isEmpty)
            #expect(error.userMessage.hasSuffix("."))
        }
    }
}
