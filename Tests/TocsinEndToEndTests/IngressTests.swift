import Foundation
import Testing

/// What the bot answers to bad or unusual input, over loopback; nothing stored changes.
@Suite struct IngressTests {
    static let form = "token=x&team_id=T0SANDBOX&channel_id=C0GENERAL&channel_name=general&user_id=U05EXEC&user_name=e&command=%2Fincident&text=declare+SEV1+checkout+Card+payments+failing"

    @Test func unsignedWronglySignedStaleOrTamperedRequestsGet401AndDeclareNothing() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                let contentType = "application/x-www-form-urlencoded"
                let now = Int(Date().timeIntervalSince1970)
                let attempts = [
                    try await bot.post("/slack/commands", body: Self.form, contentType: contentType, signed: false),
                    try await bot.post("/slack/commands", body: Self.form, contentType: contentType, secret: "not-the-secret"),
                    try await bot.post("/slack/commands", body: Self.form, contentType: contentType, timestamp: now - 301),
                    try await bot.post("/slack/commands", body: Self.form, contentType: contentType, timestamp: now + 400),
                    try await bot.post("/slack/commands", body: Self.form + "+now", contentType: contentType, signatureBody: Self.form),
                    try await bot.post("/slack/events", body: #"{"type":"url_verification","challenge":"abc"}"#, contentType: "application/json", secret: "nope"),
                    try await bot.post("/slack/interactions", body: "payload=%7B%7D", contentType: contentType, signed: false),
                ]
                for reply in attempts {
                    #expect(reply.status == .unauthorized)
                }
                let list = try await bot.command("list")
                #expect(list.text.hasPrefix("No active incidents"))
            }
            #expect(await harness.workspace.calls().isEmpty)
        }
    }

    @Test func malformedBodiesGet400() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                let missingFields = try await bot.post("/slack/commands", body: "text=declare+x", contentType: "application/x-www-form-urlencoded")
                #expect(missingFields.status == .badRequest)
                let notJSON = try await bot.post("/slack/events", body: "{not json", contentType: "application/json")
                #expect(notJSON.status == .badRequest)
                let noPayload = try await bot.post("/slack/interactions", body: "something=else", contentType: "application/x-www-form-urlencoded")
                #expect(noPayload.status == .badRequest)
            }
        }
    }

    @Test func unknownSubcommandsAndSeveritiesAreAnsweredWithWhatToType() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                let unknown = try await bot.command("frobnicate now")
                #expect(unknown.status == .ok)
                #expect(unknown.json["response_type"] as? String == "ephemeral")
                #expect(unknown.text == "I don't know `/incident frobnicate`; type `/incident help` to see what I can do.")

                let severity = try await bot.command("declare SEV7 checkout down")
                #expect(severity.text.contains("There is no severity SEV7 here; use one of SEV0, SEV1, SEV2"))

                let empty = try await bot.command("")
                #expect(empty.text.contains("/incident help"))

                let help = try await bot.command("help")
                #expect(help.text.contains("`/incident declare [--drill] [SEVn] [service] &lt;title&gt;`"), "the help text is escaped for Slack once")

                let list = try await bot.command("list")
                #expect(list.text.hasPrefix("No active incidents"))
            }
            #expect(await harness.workspace.calls().isEmpty)
        }
    }

    /// Issue #15: help on one subcommand, and a mistyped subcommand answered with the one meant.
    @Test func helpOnASubcommandAndAMistypeAreAnsweredWithWhatToType() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                let help = try await bot.command("help status")
                #expect(help.json["response_type"] as? String == "ephemeral")
                #expect(help.text.hasPrefix("`/incident status &lt;investigating|identified|monitoring&gt; &lt;what changed&gt;`"))
                #expect(help.text.hasSuffix("Example: `/incident status identified Bad deploy of payments-api, rolling back`"))

                let mistyped = try await bot.command("stauts identified rolling back")
                #expect(mistyped.text == "I don't know `/incident stauts`; did you mean `/incident status`? `/incident help status` shows how to use it.")
            }
            #expect(await harness.workspace.calls().isEmpty)
        }
    }

    @Test func badInputDoesNotDisturbAnIncidentAlreadyStored() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                _ = try await bot.command("declare SEV2 search Results are stale")
                _ = try await bot.command("declare SEV9 search again")
                _ = try await bot.post("/slack/commands", body: "garbage", contentType: "application/x-www-form-urlencoded")
                _ = try await bot.post("/slack/commands", body: Self.form, contentType: "application/x-www-form-urlencoded", secret: "wrong")
                let list = try await bot.command("list")
                #expect(list.text.contains("*Active incidents (1)*"))
                #expect(list.text.contains("#1 *SEV2* Results are stale · search"))
            }
        }
    }

    @Test func aRetriedDeclarationDeclaresOnce() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                let first = try await bot.command("declare SEV2 search Results are stale", triggerID: "1334.7384.8088")
                let retried = try await bot.command("declare SEV2 search Results are stale", triggerID: "1334.7384.8088")
                #expect(first.text.hasPrefix("Declared incident #1"))
                #expect(retried.text.hasPrefix("I already declared incident #1 for this request"))
                let list = try await bot.command("list")
                #expect(list.text.contains("*Active incidents (1)*"))
            }
        }
    }

    @Test func repliesEscapeWhatThePersonTyped() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                // Slack escapes what the person typed (`Retries & <timeouts>`) before sending it.
                let reply = try await bot.command("declare SEV2 Retries &amp; &lt;timeouts&gt;")
                #expect(reply.text.contains(": Retries &amp; &lt;timeouts&gt;. "))
                let list = try await bot.command("list")
                #expect(list.text.contains("Retries &amp; &lt;timeouts&gt;"))
            }
        }
    }

    @Test func urlVerificationGetsItsChallengeBack() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                let body = #"{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"#
                let reply = try await bot.post("/slack/events", body: body, contentType: "application/json")
                #expect(reply.status == .ok)
                #expect(reply.json["challenge"] as? String == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
            }
        }
    }

    @Test func healthAndMetricsAnswer() async throws {
        try await Harness.withSandbox { harness in
            try await harness.withBot { bot in
                let health = try await bot.get("/healthz")
                #expect(health.status == .ok)
                #expect(health.body == "ok\n")
                let metrics = try await bot.get("/metrics")
                #expect(metrics.status == .ok)
            }
        }
    }
}
