import Foundation
import Testing

@testable import TocsinSandbox

@Suite("Channels and members")
struct ConversationsTests {
    @Test(
        "Channel-name rules",
        arguments: [
            ("", "invalid_name_required"),
            (String(repeating: "a", count: 81), "invalid_name_maxlength"),
            ("Incident", "invalid_name_specials"),
            ("inc 42", "invalid_name_specials"),
            ("inc#42", "invalid_name_specials"),
            ("inc.42", "invalid_name_specials"),
            ("café", "invalid_name_specials"),
            ("---", "invalid_name_punctuation"),
            ("_-_", "invalid_name_punctuation"),
        ]
    )
    func nameRules(name: String, error: String) async throws {
        try await Sandbox.with { sandbox in
            let answer = try await sandbox.call("conversations.create", ["name": name])
            #expect(answer.status == 200)
            #expect(answer.error == error)
            #expect(await sandbox.workspace.channels().count == 4)
        }
    }

    @Test func acceptableNames() async throws {
        try await Sandbox.with { sandbox in
            for name in ["inc-42-checkout", "a", "x_y", "-a-", String(repeating: "b", count: 80), "42"] {
                let answer = try await sandbox.call("conversations.create", ["name": name])
                #expect(answer.ok, "\(name): \(answer.body)")
            }
        }
    }

    @Test func createAnswersLikeSlack() async throws {
        try await Sandbox.with { sandbox in
            let answer = try await sandbox.call("conversations.create", ["name": "inc-1-checkout"])
            let channel = try #require(answer["channel"])
            let id = try #require(channel["id"]?.stringValue)
            #expect(id.count == 11 && id.hasPrefix("C"))
            #expect(id.dropFirst().allSatisfy { $0.isUppercase || $0.isNumber })
            #expect(channel["name"] == "inc-1-checkout")
            #expect(channel["creator"] == "U0TOCSIN")
            #expect(channel["is_member"] == .bool(true))
            #expect(channel["is_private"] == .bool(false))
            #expect(channel["is_channel"] == .bool(true))
            #expect(channel["is_archived"] == .bool(false))
            #expect(channel["topic"]?["value"] == "")
            #expect(channel["purpose"]?["last_set"] == 0)
            #expect(channel["created"].map { if case .number = $0 { true } else { false } } == true)
            let stored = try #require(await sandbox.workspace.channel(id: id))
            #expect(stored.members == ["U0TOCSIN"])
            #expect(stored.creator == "U0TOCSIN")
        }
    }

    @Test func namesStayTakenAfterArchiving() async throws {
        try await Sandbox.with { sandbox in
            #expect(try await sandbox.call("conversations.create", ["name": "general"]).error == "name_taken")
            let id = try await sandbox.createChannel("inc-7-db")
            #expect(try await sandbox.call("conversations.create", ["name": "inc-7-db"]).error == "name_taken")
            #expect(try await sandbox.call("conversations.archive", ["channel": id]).ok)
            #expect(try await sandbox.call("conversations.archive", ["channel": id]).error == "already_archived")
            #expect(try await sandbox.call("conversations.create", ["name": "inc-7-db"]).error == "name_taken")
            #expect(await sandbox.workspace.channel(named: "inc-7-db")?.isArchived == true)
            #expect(try await sandbox.post(id, "late").error == "is_archived")
        }
    }

    @Test func archiveRules() async throws {
        try await Sandbox.with { sandbox in
            let general = try #require(await sandbox.workspace.channel(named: "general"))
            let payments = try #require(await sandbox.workspace.channel(named: "payments"))
            #expect(try await sandbox.call("conversations.archive", ["channel": general.id]).error == "cant_archive_general")
            #expect(try await sandbox.call("conversations.archive", ["channel": payments.id]).error == "not_in_channel")
            #expect(try await sandbox.call("conversations.archive", ["channel": "C0NOPE"]).error == "channel_not_found")
        }
    }

    @Test func inviteSemantics() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-2-checkout")
            let payments = try #require(await sandbox.workspace.channel(named: "payments"))

            let notMember = try await sandbox.call("conversations.invite", ["channel": payments.id, "users": "U04SRE"])
            #expect(notMember.error == "not_in_channel")
            #expect(try await sandbox.call("conversations.invite", ["channel": id]).error == "no_user")
            #expect(try await sandbox.call("conversations.invite", ["channel": "C0NOPE", "users": "U04SRE"]).error == "channel_not_found")
            let tooMany = (0..<101).map { "U\($0)" }.joined(separator: ",")
            #expect(try await sandbox.call("conversations.invite", ["channel": id, "users": tooMany]).error == "too_many_users")
            #expect(try await sandbox.call("conversations.invite", ["channel": id, "users": "U0TOCSIN"]).error == "cant_invite_self")

            let invited = try await sandbox.call("conversations.invite", ["channel": id, "users": "U01PAYLEAD,U02ONCALL1"])
            #expect(invited.ok)
            #expect(invited["channel"]?["id"] == .string(id))
            #expect(await sandbox.workspace.channel(id: id)?.members == ["U0TOCSIN", "U01PAYLEAD", "U02ONCALL1"])

            let again = try await sandbox.call("conversations.invite", ["channel": id, "users": "U01PAYLEAD"])
            #expect(again.error == "already_in_channel")
            #expect(again["errors"]?.arrayValue?.first?["user"] == "U01PAYLEAD")

            // Without force, one bad id fails the call and nobody is invited.
            let mixed = try await sandbox.call("conversations.invite", ["channel": id, "users": "U04SRE,U0GHOST,U05EXEC"])
            #expect(mixed.error == "user_not_found")
            #expect(mixed["errors"] == [["user": "U0GHOST", "ok": false, "error": "user_not_found"]])
            #expect(await sandbox.workspace.channel(id: id)?.members.count == 3)

            // With force, the valid ones are invited and the rest reported.
            let forced = try await sandbox.call(
                "conversations.invite", ["channel": id, "users": "U04SRE,U0GHOST,U01PAYLEAD,U05EXEC", "force": "true"]
            )
            #expect(forced.ok, "\(forced.body)")
            #expect(forced["errors"]?.arrayValue?.map { $0["error"]?.stringValue } == ["user_not_found", "already_in_channel"])
            #expect(
                await sandbox.workspace.channel(id: id)?.members == ["U0TOCSIN", "U01PAYLEAD", "U02ONCALL1", "U04SRE", "U05EXEC"]
            )
        }
    }

    @Test func joinWarnsWhenAlreadyIn() async throws {
        try await Sandbox.with { sandbox in
            let incidents = try #require(await sandbox.workspace.channel(named: "incidents"))
            #expect(!incidents.members.contains("U0TOCSIN"))
            let joined = try await sandbox.call("conversations.join", ["channel": incidents.id])
            #expect(joined.ok)
            #expect(joined["warning"] == nil)
            #expect(joined["channel"]?["is_member"] == .bool(true))
            let again = try await sandbox.call("conversations.join", ["channel": incidents.id])
            #expect(again.ok)
            #expect(again["warning"] == "already_in_channel")
            #expect(again["response_metadata"]?["warnings"] == ["already_in_channel"])
            #expect(try await sandbox.call("conversations.join", ["channel": "C0NOPE"]).error == "channel_not_found")
            #expect(await sandbox.workspace.channel(id: incidents.id)?.members.last == "U0TOCSIN")
        }
    }

    @Test func privateChannelsTheBotIsNotInAreInvisible() async throws {
        try await Sandbox.with { sandbox in
            let answer = try await sandbox.call("conversations.create", ["name": "secret", "is_private": "true"])
            let id = try #require(answer["channel"]?["id"]?.stringValue)
            #expect(answer["channel"]?["is_private"] == .bool(true))
            let info = try await sandbox.call("conversations.info", ["channel": id, "include_num_members": "true"])
            #expect(info["channel"]?["num_members"] == 1)
            let listed = try await sandbox.call("conversations.list", ["types": "public_channel,private_channel"])
            #expect(listed["channels"]?.arrayValue?.contains { $0["id"] == .string(id) } == true)
            let publicOnly = try await sandbox.call("conversations.list")
            #expect(publicOnly["channels"]?.arrayValue?.contains { $0["id"] == .string(id) } == false)
            #expect(try await sandbox.call("conversations.list", ["types": "rooms"]).error == "invalid_types")
        }
    }

    @Test func seededPrivateChannelsAreSeenOnlyByMembersAndOnlyAsPrivateChannels() async throws {
        var seed = SandboxSeed.demo
        seed.privateChannels = [
            SandboxPrivateChannel(name: "exec-private", botIsMember: true),
            SandboxPrivateChannel(name: "hr-private", botIsMember: false),
        ]
        try await Sandbox.with(seed: seed) { sandbox in
            let member = try #require(await sandbox.workspace.channel(named: "exec-private"))
            let outsider = try #require(await sandbox.workspace.channel(named: "hr-private"))
            #expect(member.isPrivate && member.members.contains("U0TOCSIN"))
            #expect(outsider.isPrivate && !outsider.members.contains("U0TOCSIN"))

            func listed(_ form: [String: String]) async throws -> [String] {
                try await sandbox.call("conversations.list", form)["channels"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            }
            #expect(try await listed([:]) == ["general", "payments", "incidents", "exec-incidents"])
            #expect(try await listed(["types": "private_channel"]) == ["exec-private"])
            #expect(try await listed(["types": "public_channel,private_channel"]).suffix(1) == ["exec-private"])

            // A member may read and post but not join (private channels are joined by invitation).
            let info = try await sandbox.call("conversations.info", ["channel": member.id])
            #expect(info["channel"]?["is_private"] == .bool(true))
            #expect(info["channel"]?["is_member"] == .bool(true))
            #expect(try await sandbox.post(member.id, "hello").ok)
            #expect(try await sandbox.call("conversations.join", ["channel": member.id]).error == "method_not_supported_for_channel_type")

            // To a non-member the channel does not exist, yet its name is taken.
            for method in ["conversations.info", "conversations.join", "conversations.history"] {
                #expect(try await sandbox.call(method, ["channel": outsider.id]).error == "channel_not_found", "\(method)")
            }
            #expect(try await sandbox.post(outsider.id, "hello").error == "channel_not_found")
            #expect(try await sandbox.call("conversations.create", ["name": "hr-private"]).error == "name_taken")
        }
    }

    @Test func archivedChannelsRefuseJoinsAndKeepTheirNames() async throws {
        try await Sandbox.with { sandbox in
            let payments = try #require(await sandbox.workspace.channel(named: "payments"))
            #expect(!payments.members.contains("U0TOCSIN"))
            #expect(await sandbox.workspace.archiveChannel(named: "payments"))
            #expect(await !sandbox.workspace.archiveChannel(named: "payments"))
            #expect(await !sandbox.workspace.archiveChannel(named: "no-such-channel"))

            #expect(try await sandbox.call("conversations.join", ["channel": payments.id]).error == "is_archived")
            #expect(try await sandbox.call("conversations.create", ["name": "payments"]).error == "name_taken")
            #expect(await sandbox.workspace.channel(id: payments.id)?.members.contains("U0TOCSIN") == false)
            // Listed (archived) unless the caller excludes archived channels.
            let all = try await sandbox.call("conversations.list")["channels"]?.arrayValue ?? []
            #expect(all.first { $0["name"] == "payments" }?["is_archived"] == .bool(true))
            let active = try await sandbox.call("conversations.list", ["exclude_archived": "true"])["channels"]?.arrayValue ?? []
            #expect(!active.contains { $0["name"] == "payments" })
        }
    }

    @Test func listPaginatesWithOpaqueCursors() async throws {
        try await Sandbox.with { sandbox in
            let archived = try await sandbox.createChannel("inc-old")
            _ = try await sandbox.call("conversations.archive", ["channel": archived])
            var names: [String] = []
            var cursor = ""
            var pages = 0
            repeat {
                var form = ["limit": "2"]
                if !cursor.isEmpty { form["cursor"] = cursor }
                let page = try await sandbox.call("conversations.list", form)
                #expect(page.ok)
                names += page["channels"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
                cursor = try #require(page["response_metadata"]?["next_cursor"]?.stringValue)
                pages += 1
            } while !cursor.isEmpty && pages < 10
            #expect(names == ["general", "payments", "incidents", "exec-incidents", "inc-old"])
            #expect(pages == 3)
            let active = try await sandbox.call("conversations.list", ["exclude_archived": "true"])
            #expect(active["channels"]?.arrayValue?.count == 4)
            #expect(try await sandbox.call("conversations.list", ["cursor": "bm9wZQ=="]).error == "invalid_cursor")
            #expect(try await sandbox.call("conversations.list", ["limit": "many"]).error == "invalid_limit")
        }
    }

    @Test func membersPaginate() async throws {
        try await Sandbox.with { sandbox in
            let general = try #require(await sandbox.workspace.channel(named: "general"))
            let first = try await sandbox.call("conversations.members", ["channel": general.id, "limit": "3"])
            #expect(first["members"] == ["U01PAYLEAD", "U02ONCALL1", "U03ONCALL2"])
            let cursor = try #require(first["response_metadata"]?["next_cursor"]?.stringValue)
            let second = try await sandbox.call("conversations.members", ["channel": general.id, "limit": "3", "cursor": cursor])
            #expect(second["members"] == ["U04SRE", "U05EXEC"])
            #expect(second["response_metadata"]?["next_cursor"] == "")
        }
    }

    @Test func topicAndPurpose() async throws {
        try await Sandbox.with { sandbox in
            let id = try await sandbox.createChannel("inc-3-api")
            let set = try await sandbox.call("conversations.setTopic", ["channel": id, "topic": "SEV1 · investigating"])
            #expect(set.ok)
            #expect(set["channel"]?["topic"]?["value"] == "SEV1 · investigating")
            #expect(set["channel"]?["topic"]?["creator"] == "U0TOCSIN")
            let long = String(repeating: "x", count: 251)
            #expect(try await sandbox.call("conversations.setTopic", ["channel": id, "topic": long]).error == "too_long")
            #expect(try await sandbox.call("conversations.setPurpose", ["channel": id, "purpose": "Checkout errors"]).ok)
            #expect(try await sandbox.call("conversations.setPurpose", ["channel": id, "purpose": long]).error == "too_long")
            let payments = try #require(await sandbox.workspace.channel(named: "payments"))
            #expect(try await sandbox.call("conversations.setTopic", ["channel": payments.id, "topic": "x"]).error == "not_in_channel")
            let stored = try #require(await sandbox.workspace.channel(id: id))
            #expect(stored.topic == "SEV1 · investigating")
            #expect(stored.purpose == "Checkout errors")
            #expect(await sandbox.workspace.messages(inChannel: id).isEmpty)
        }
    }
}
