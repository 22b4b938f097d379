import Metrics

/// Delivery while the chat platform refuses the bot's credentials: one call goes through per
/// interval, as a probe, and the rest wait. A wrong, revoked or expired token delays every
/// incident's work until an operator fixes it, instead of failing it for good.
actor CredentialsPause {
    private let probeInterval: Duration
    private let clock = ContinuousClock()
    /// Why the platform refused, while it does.
    private(set) var refusal: String?
    private var nextProbe: ContinuousClock.Instant?
    private let paused = Gauge(label: "tocsin_delivery_paused")

    init(probeInterval: Duration) {
        self.probeInterval = probeInterval
        paused.record(0)
    }

    /// Records a refusal; true when delivery was running until now.
    func refused(_ reason: String) -> Bool {
        let newly = refusal == nil
        refusal = reason
        nextProbe = clock.now.advanced(by: probeInterval)
        paused.record(1)
        return newly
    }

    /// Records a call the platform accepted; true when delivery was paused until now.
    func accepted() -> Bool {
        guard refusal != nil else { return false }
        refusal = nil
        nextProbe = nil
        paused.record(0)
        return true
    }

    /// How many of `count` runnable entries may be tried now: all while the credentials work,
    /// one per probe interval while they are refused.
    func admit(_ count: Int) -> Int {
        guard refusal != nil, count > 0 else { return count }
        guard let due = nextProbe, clock.now >= due else { return 0 }
        nextProbe = clock.now.advanced(by: probeInterval)
        return 1
    }
}
