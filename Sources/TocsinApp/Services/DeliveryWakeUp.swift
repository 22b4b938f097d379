/// A doorbell for the delivery service: ringing it says "the outbox has new work".
///
/// Rings made while the service is busy collapse into one, so it never falls behind on signals.
public final class DeliveryWakeUp: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func wake() {
        continuation.yield()
    }

    /// The rings, for the one delivery service that listens.
    var signals: AsyncStream<Void> { stream }

    func finish() {
        continuation.finish()
    }
}
