/// Reading a running bot's `/metrics`: the benchmarks tell replicas apart by what each reports of itself.
extension LoopbackClient {
    /// The sum of every sample of `name` (all label sets), or nil when the bot does not answer or has none.
    func metricSum(_ name: String) async -> Double? {
        guard let reply = try? await get("/metrics", timeout: 2), reply.status == 200 else { return nil }
        var sum: Double?
        for line in reply.body.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            guard let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { continue }
            sum = (sum ?? 0) + value
        }
        return sum
    }

    /// Whether the bot says it leads delivery (`tocsin_delivery_leader`).
    func leadsDelivery() async -> Bool {
        await metricSum("tocsin_delivery_leader") == 1
    }
}
