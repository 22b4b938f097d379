import Testing
@testable import TocsinApp
import TocsinCore
import TocsinTestSupport

/// A chat platform that only answers user-group lookups; any other call fails the test.
private func groupLookupChat() -> RecordingChat {
    var script = ChatScript()
    script.userGroupMembers = { _ in ["U1", "U2"] }
    return RecordingChat(script)
}

@Suite struct GroupMembersCacheTests {
    @Test func aGroupIsLookedUpOnceWithinItsLifetime() async throws {
        let chat = groupLookupChat()
        let cache = GroupMembersCache(lifetime: .seconds(300))
        for _ in 0..<50 {
            #expect(try await cache.members(of: "payments-oncall", chat) == ["U1", "U2"])
        }
        _ = try await cache.members(of: "PAYMENTS-ONCALL", chat)
        #expect(chat.calls == [.userGroupMembers(handle: "payments-oncall")])
        _ = try await cache.members(of: "sre", chat)
        #expect(chat.calls == [.userGroupMembers(handle: "payments-oncall"), .userGroupMembers(handle: "sre")])
    }

    @Test func anExpiredEntryIsLookedUpAgain() async throws {
        let chat = groupLookupChat()
        let cache = GroupMembersCache(lifetime: .zero)
        _ = try await cache.members(of: "payments-oncall", chat)
        _ = try await cache.members(of: "payments-oncall", chat)
        #expect(chat.calls.count == 2)
    }
}
