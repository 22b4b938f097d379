/// Slack adds fields and reuses names with other shapes across event types (`channel` is an
/// object in `channel_created`, `user` one in `team_join`), so the inbound wire types read
/// each field on its own and treat a field of an unexpected shape as absent.
extension KeyedDecodingContainer {
    func lenient<Value: Decodable>(_ type: Value.Type, _ key: Key) -> Value? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }
}

/// `{"id": …}` objects (`user`, `team`, `channel` in interaction payloads).
struct WireIDObject: Decodable {
    var id: String?

    private enum CodingKeys: String, CodingKey { case id }

    init(from decoder: any Decoder) throws {
        id = try decoder.container(keyedBy: CodingKeys.self).lenient(String.self, .id)
    }
}
