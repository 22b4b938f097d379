import Hummingbird

/// The sandbox's HTTP surface: Slack's Web API under `/api/<method>`, the web page, and the console endpoints.
struct SandboxRoutes {
    static let maximumBodySize = 10 * 1024 * 1024

    let workspace: SandboxWorkspace
    let console: CommandConsole

    func add(to router: Router<BasicRequestContext>) {
        router.post("api/:method") { request, context in try await webAPI(request, context) }
        router.get("api/:method") { request, context in try await webAPI(request, context) }
        router.get("/") { _, _ in
            Self.response(status: .ok, contentType: "text/html; charset=utf-8", body: SandboxPage.html)
        }
        router.get("sandbox/state") { _, _ in
            Self.json(await workspace.pageState())
        }
        router.post("sandbox/command") { request, _ in
            Self.json(await console.handleCommand(body: try await Self.body(request)))
        }
        router.post("sandbox/action") { request, _ in
            Self.json(await console.handleAction(body: try await Self.body(request)))
        }
        router.post("sandbox/view") { request, _ in
            Self.json(await console.handleViewSubmission(body: try await Self.body(request)))
        }
        router.post("sandbox/shortcut") { request, _ in
            Self.json(await console.handleShortcut(body: try await Self.body(request)))
        }
        router.post("sandbox/edit") { request, _ in
            Self.json(await console.handleEdit(body: try await Self.body(request)))
        }
        router.post("sandbox/delete") { request, _ in
            Self.json(await console.handleDelete(body: try await Self.body(request)))
        }
        router.post("sandbox/join") { request, _ in
            Self.json(await console.handleJoin(body: try await Self.body(request)))
        }
        router.post("sandbox/integration") { request, _ in
            Self.json(await console.handleIntegrationPost(body: try await Self.body(request)))
        }
        router.get("sandbox/socket") { _, _ in
            Self.json(await console.socket.state)
        }
        router.post("sandbox/socket/disconnect") { _, _ in
            Self.json(await console.socket.disconnect(reason: "refresh_requested"))
        }
        router.post("sandbox/socket/drop") { _, _ in
            Self.json(await console.socket.drop())
        }
        router.post("sandbox/socket/redeliver") { _, _ in
            Self.json(await console.socket.redeliverLast())
        }
        router.post("sandbox/ssl-check") { _, _ in
            Self.json(await console.handleSSLCheck())
        }
        router.post("sandbox/response/:id") { request, context in
            let id = try context.parameters.require("id")
            let outcome = await workspace.acceptResponse(id: id, body: try await Self.body(request))
            return Self.response(status: .init(code: outcome.status), contentType: "text/plain; charset=utf-8", body: outcome.text)
        }
    }

    private func webAPI(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let method = try context.parameters.require("method")
        if method == "apps.connections.open" {
            return Self.json(await openConnection(authorization: request.headers[.authorization]))
        }
        let answer = await workspace.serve(
            method: method,
            contentType: request.headers[.contentType],
            authorization: request.headers[.authorization],
            query: request.uri.query,
            body: try await Self.body(request)
        )
        var response: Response
        switch answer.body {
        case .json(let json):
            response = Self.response(
                status: .init(code: answer.status), contentType: "application/json; charset=utf-8", body: json.serialized()
            )
        case .html(let html):
            response = Self.response(status: .init(code: answer.status), contentType: "text/html; charset=utf-8", body: html)
        }
        if let retryAfter = answer.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    /// `apps.connections.open`: only the app-level token opens a Socket Mode connection (FACTS §6).
    private func openConnection(authorization: String?) async -> JSON {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return ["ok": false, "error": "not_authed"] }
        let token = String(authorization.dropFirst("Bearer ".count))
        guard token.hasPrefix("xapp-") else { return ["ok": false, "error": "not_allowed_token_type"] }
        guard token == workspace.seed.appToken else { return ["ok": false, "error": "invalid_auth"] }
        return ["ok": true, "url": .string(await console.socketURL())]
    }

    private static func body(_ request: Request) async throws -> String {
        var request = request
        let buffer = try await request.collectBody(upTo: maximumBodySize)
        return String(buffer: buffer)
    }

    private static func json(_ value: JSON) -> Response {
        response(status: .ok, contentType: "application/json; charset=utf-8", body: value.serialized())
    }

    private static func response(status: HTTPResponse.Status, contentType: String, body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }
}
