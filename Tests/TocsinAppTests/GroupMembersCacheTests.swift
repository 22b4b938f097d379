import Synchronization
import Testing
@testable import TocsinApp
import TocsinCore

/// A chat API that only answers user-group lookups, counting them; anything else is a test failure.
final class GroupLookupChat: ChatAPI {
    private let lookups = Mutex(0)
    var count: Int { lookups.withLock { $0 } }

    func userGroupMembers(handle: String) async throws(ChatError) -> [String] {
        lookups.withLock { $0 += 1 }
        return ["U1", "U2"]
    }

    private func unexpected(_ call: String) -> Never { fatalError("unexpected chat call \(call)") }
    func identity() async throws(ChatError) -> BotIdentity { unexpected("identity") }
    func createChannel(named name: String) async throws(ChatError) -> ChannelInfo { unexpected("createChannel") }
    func findChannel(named name: String) async throws(ChatError) -> FoundChannel? { unexpected("findChannel") }
    func joinChannel(id: String) async throws(ChatError) { unexpected("joinChannel") }
    func invite(userIDs: [String], toChannel channelID: String) async throws(ChatError) -> [RefusedInvite] { unexpected("invite") }
    func setTopic(_ topic: String, channelID: String) async throws(ChatError) { unexpected("setTopic") }
    func postMessage(_ message: OutgoingMessage, channelID: String) async throws(ChatError) -> String { unexpected("postMessage") }
    func updateMessage(_ message: OutgoingMessage, channelID: String, ts: String) async throws(ChatError) { unexpected("updateMessage") }
    func openForm(_ form: FormDefinition, triggerID: String) async throws(ChatError) { unexpected("openForm") }
    func addReaction(_ name: String, channelID: String, ts: String) async throws(ChatError) { unexpected("addReaction") }
    func findMessage(marker: String, channelID: String, threadTS: String?) async throws(ChatError) -> String? { unexpected("findMessage") }
}

@Suite struct GroupMembersCacheTests {
    @Test func aGroupIsLookedUpOnceWithinItsLifetime() async throws {
        let chat = GroupLookupChat()
        let cache = GroupMembersCache(lifetime: .seconds(300))
        for _ in 0..<50 {
            #expect(try await cache.members(of: "payments-oncall", chat) == ["U1", "U2"])
        }
        _ = try await cache.members(of: "PAYMENTS-ONCALL", chat)
        #expect(chat.count == 1)
        _ = try await cache.members(of: "sre", chat)
        #expect(chat.count == 2)
    }

    @Test func anExpiredEntryIsLookedUpAgain() async throws {
        let chat = GroupLookupChat()
        let cache = GroupMembersCache(lifetime: .zero)
        _ = try await cache.members(of: "payments-oncall", chat)
        _ = try await cache.members(of: "payments-oncall", chat)
        #expect(chat.count == 2)
    }
}
