import Foundation

/// The Web API call pipeline: latency, injected failures, authentication, rate limits, the method, the record.
extension SandboxWorkspace {
    /// Answers one HTTP request to `/api/<method>`, counted in ``callsInProgress()`` until answered.
    nonisolated func serve(
        method: String, contentType: String?, authorization: String?, query: String?, body: String
    ) async -> WebAPIAnswer {
        await countCall(+1)
        let answer = await answer(method: method, contentType: contentType, authorization: authorization, query: query, body: body)
        await countCall(-1)
        return answer
    }

    private func countCall(_ change: Int) {
        unansweredCalls += change
    }

    private nonisolated func answer(
        method: String, contentType: String?, authorization: String?, query: String?, body: String
    ) async -> WebAPIAnswer {
        let delay = await latency
        if delay > 0 { await Self.sleep(seconds: delay) }
        let request: WebAPIRequest
        do {
            request = try WebAPIRequest.decode(
                method: method, contentType: contentType, authorization: authorization, query: query, body: body
            )
        } catch {
            return await record(
                WebAPIRequest(method: method, params: WebAPIParams([:]), token: nil),
                .failure(SlackError(error.code))
            )
        }
        switch await takeInjectedFailure(for: request) {
        case .answered(let answer):
            return answer
        case .delayed(let seconds):
            await Self.sleep(seconds: seconds)
        case .none:
            break
        }
        return await perform(request)
    }

    private enum Injection {
        case none
        case answered(WebAPIAnswer)
        case delayed(Double)
    }

    private func takeInjectedFailure(for request: WebAPIRequest) -> Injection {
        switch failurePlan.take(method: request.method) {
        case nil: .none
        case .hang(let seconds): .delayed(seconds)
        case .httpStatus(let status): .answered(record(request, .serverError(status: status)))
        case .slackError(let code): .answered(record(request, .failure(SlackError(code))))
        case .rateLimited(let retryAfter): .answered(record(request, .rateLimited(retryAfter: retryAfter)))
        }
    }

    /// Applies one call as Slack does: unknown method, then the token, then the rate limit, then the method itself.
    func perform(_ request: WebAPIRequest, now: Date = Date()) -> WebAPIAnswer {
        guard let method = WebAPIMethod(rawValue: request.method) else {
            return record(request, .failure(SlackError("unknown_method"), status: 404), now: now)
        }
        guard let token = request.token else { return record(request, .failure(SlackError("not_authed")), now: now) }
        guard token == seed.botToken else { return record(request, .failure(SlackError("invalid_auth")), now: now) }
        guard !botTokenRevoked else { return record(request, .failure(SlackError("token_revoked")), now: now) }
        if rateLimitsEnabled {
            let channel = method == .chatPostMessage ? rateLimitChannelKey(request.params["channel"]) : nil
            if let wait = rateLimiter.admit(method: method.rawValue, limit: method.rateLimit, channel: channel, now: rateLimitClock?() ?? now) {
                return record(request, .rateLimited(retryAfter: wait), now: now)
            }
        }
        let answer: WebAPIAnswer
        do {
            answer = .success(try dispatch(method, request.params, now: now))
        } catch {
            answer = .failure(error)
        }
        return record(request, answer, now: now)
    }

    private func dispatch(_ method: WebAPIMethod, _ params: WebAPIParams, now: Date) throws(SlackError) -> JSON {
        switch method {
        case .authTest: authTest()
        case .bookmarksAdd: try bookmarksAdd(params, now: now)
        case .chatGetPermalink: try chatGetPermalink(params)
        case .chatPostEphemeral: try chatPostEphemeral(params, now: now)
        case .chatPostMessage: try chatPostMessage(params, now: now)
        case .chatUpdate: try chatUpdate(params, now: now)
        case .conversationsArchive: try conversationsArchive(params)
        case .conversationsCreate: try conversationsCreate(params, now: now)
        case .conversationsHistory: try conversationsHistory(params)
        case .conversationsInfo: try conversationsInfo(params)
        case .conversationsInvite: try conversationsInvite(params)
        case .conversationsJoin: try conversationsJoin(params)
        case .conversationsList: try conversationsList(params)
        case .conversationsMembers: try conversationsMembers(params)
        case .conversationsOpen: try conversationsOpen(params, now: now)
        case .conversationsReplies: try conversationsReplies(params)
        case .conversationsSetPurpose: try conversationsSetText(\.purpose, "purpose", params, now: now)
        case .conversationsSetTopic: try conversationsSetText(\.topic, "topic", params, now: now)
        case .pinsAdd: try pinsAdd(params)
        case .reactionsAdd: try reactionsAdd(params)
        case .usergroupsList: usergroupsList(params)
        case .usergroupsUsersList: try usergroupsUsersList(params)
        case .usersInfo: try usersInfo(params)
        case .viewsOpen: try viewsOpen(params)
        }
    }

    /// `chat.postMessage` is limited per channel; a name and its id count as the same channel.
    private func rateLimitChannelKey(_ raw: String?) -> String? {
        guard let raw else { return nil }
        return channelRecord(forPostTarget: raw)?.id ?? raw
    }

    @discardableResult
    private func record(_ request: WebAPIRequest, _ answer: WebAPIAnswer, now: Date = Date()) -> WebAPIAnswer {
        callLog.append(
            SandboxCall(
                method: request.method, params: request.params.values, httpStatus: answer.status,
                error: answer.error, time: now
            )
        )
        return answer
    }

    static func sleep(seconds: Double) async {
        // A cancelled wait still answers: the effect of a slow call happens even if the client went away.
        try? await Task.sleep(for: .milliseconds(Int((seconds * 1000).rounded())))
    }
}
