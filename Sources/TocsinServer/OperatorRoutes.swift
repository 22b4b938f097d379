import Hummingbird
import Prometheus

/// Routes for the people running Tocsin: liveness and Prometheus metrics.
struct OperatorRoutes: Sendable {
    let metrics: PrometheusCollectorRegistry

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer()))
            )
        }
    }
}
