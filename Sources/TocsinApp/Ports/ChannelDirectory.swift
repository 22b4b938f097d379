import TocsinCore

/// The ring channels the bot has found or created, by name, so each is looked up on the platform once.
///
/// A remembered channel is a hint, not a lock: two processes that both create a channel find the platform
/// refusing the second name and adopt the first, then both remember the same id.
public protocol ChannelDirectory: Sendable {
    /// A ring channel's id, once found or created.
    func knownChannel(named name: String) async throws(StoreError) -> ChannelInfo?
    /// Remembers (or replaces) the channel known by this name.
    func rememberChannel(_ channel: ChannelInfo) async throws(StoreError)
}
