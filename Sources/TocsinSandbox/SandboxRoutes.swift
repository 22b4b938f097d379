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
        router.post("sandbox/edit") { request, _ in
            Self.json(await console.handleEdit(body: try await Self.body(request)))
        }
        router.post("sandbox/delete") { request, _ in
            Self.json(await console.handleDelete(body: try await Self.body(request)))
        }
        router.post("sandbox/integration") { request, _ in
            Self.json(await console.handleIntegrationPost(body: try await Self.body(request)))
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
