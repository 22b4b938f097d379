import Foundation

/// The way to the bot that Slack would take: the Socket Mode connection while the bot holds one open,
/// otherwise a signed HTTP request to the bot's URL.
extension CommandConsole {
    /// Sends `payload` as a Socket Mode envelope of `type` when a client is connected (its acknowledgement's
    /// `payload` then reads as a JSON answer body), else posts `http()` to `url`; nil when there is neither.
    func dispatch(
        _ type: String, payload: JSON, acceptsResponsePayload: Bool = false, url: URL?,
        http: () -> (body: String, contentType: String)
    ) async -> Result<BotDelivery.Reply, BotDelivery.Failure>? {
        if let acknowledged = await socket.deliver(type: type, payload: payload, acceptsResponsePayload: acceptsResponsePayload) {
            return acknowledged
                .map { BotDelivery.Reply(status: 200, contentType: "application/json", body: $0 == .null ? "" : $0.serialized()) }
                .mapError { _ in .timedOut }
        }
        guard let url else { return nil }
        let request = http()
        return await delivery.post(request.body, contentType: request.contentType, to: url)
    }
}
