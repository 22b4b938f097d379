import Hummingbird
import Prometheus

/// Routes for the people running Tocsin: liveness, readiness and Prometheus metrics.
struct OperatorRoutes: Sendable {
    let metrics: MetricsEndpoint
    let readiness: Readiness

    /// Registers liveness and readiness, and the metrics unless `metrics` is false (served on a listener of their own).
    func register(on router: Router<BasicRequestContext>, metrics servesMetrics: Bool = true) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/readyz") { _, _ in
            let report = await readiness.check()
            return Response(
                status: report.isReady ? .ok : .serviceUnavailable, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: report.json))
            )
        }
        guard servesMetrics else { return }
        router.get("/metrics") { request, _ in
            guard metrics.admits(authorization: request.headers[.authorization]) else {
                return Response(
                    status: .unauthorized, headers: [.contentType: "text/plain; charset=utf-8", .wwwAuthenticate: "Bearer"],
                    body: .init(byteBuffer: ByteBuffer(string: "Send the metrics token (TOCSIN_METRICS_TOKEN) as Authorization: Bearer <token>.\n"))
                )
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: await metrics.exposition()))
            )
        }
    }
}
