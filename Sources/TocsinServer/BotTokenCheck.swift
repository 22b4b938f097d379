import Logging
import TocsinApp
import TocsinSlack

/// Why `serve` will not start with the credentials it was given; `description` is the operator's sentence.
public struct CredentialsRefused: Error, CustomStringConvertible {
    /// The platform's reason (`invalid_auth`, `token_revoked`, `account_inactive`, …).
    public var reason: String

    public var description: String {
        "Slack refuses SLACK_BOT_TOKEN (\(reason)): copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page, "
            + "reinstall the app if it was removed, and start again."
    }
}

/// Asks Slack who the bot is (`auth.test`) before serving. A token Slack refuses stops start-up with one
/// sentence, since every incident's work would wait on it; a Slack that cannot be reached does not stop it
/// (delivery waits for Slack and retries), so a network blip never keeps the bot down. What it learns is
/// kept in `settings.credentials` for `/readyz`.
public func checkBotToken(_ settings: ServerSettings, logger: Logger) async throws(CredentialsRefused) {
    let chat = SlackWebClient(
        baseURL: settings.apiURL, token: settings.botToken, requestTimeout: settings.apiTimeout,
        rateLimits: settings.rateLimits, logger: logger
    )
    do {
        let identity = try await chat.identity()
        settings.credentials.accepted()
        logger.info("Slack accepts the bot token", metadata: ["bot_user_id": "\(identity.userID)", "team_id": "\(identity.teamID)"])
    } catch .unauthorized(let reason) {
        settings.credentials.refused(reason)
        throw CredentialsRefused(reason: reason)
    } catch {
        settings.credentials.unverified("Slack could not be reached at start: \(error.code)")
        logger.warning("cannot check the bot token with Slack now; starting anyway, delivery will wait for Slack", metadata: ["reason": "\(error.code)"])
    }
}
