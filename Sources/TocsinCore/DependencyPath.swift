/// How two services are connected in the catalog's dependency graph (`depends_on`), so that two incidents
/// on them are shown together with the reason: `checkout → payments-api` says checkout depends on
/// payments-api, directly or through the services in between.
///
/// The path is always written from the dependent to the dependency, whichever incident came first; one
/// service alone means both incidents are on the same service.
public struct DependencyPath: Sendable, Hashable, Codable {
    /// Service names, the dependent first; each depends directly on the next.
    public var services: [String]

    public init(services: [String]) {
        self.services = services
    }

    /// Both incidents are on this one service.
    public var isSameService: Bool { services.count == 1 }

    /// The path as people read it: `checkout → payments-api → card-gateway`, or `checkout` for one service.
    public var text: String { services.joined(separator: " → ") }
}

/// The catalog's dependency graph, read from `services[].depends_on`, and the paths through it.
///
/// Relatedness follows dependency edges in one direction at a time, transitively: a service is related to
/// everything it depends on (its dependencies, their dependencies, …) and to everything that depends on it,
/// because an outage travels along those edges. Two services that only share a dependency (siblings) are
/// not related through it: that would link every incident on a shared platform to every other. The walk
/// is breadth first with a visited set, so the path found is a shortest one and a cycle (which
/// `check-config` refuses, but a graph built by hand may hold) cannot make it loop.
public struct ServiceGraph: Sendable {
    /// Lowercased name → lowercased names it depends on directly, in configured order.
    private let dependencies: [String: [String]]
    /// Lowercased name → the name as configured.
    private let names: [String: String]

    public init(services: [ServiceEntry]) {
        var dependencies: [String: [String]] = [:]
        var names: [String: String] = [:]
        for service in services {
            let key = service.name.lowercased()
            names[key] = names[key] ?? service.name
            dependencies[key, default: []].append(contentsOf: service.dependsOn.map { $0.lowercased() })
        }
        self.dependencies = dependencies
        self.names = names
    }

    /// How `first` and `second` are connected: the same service, `first` depending on `second` (directly or
    /// not), or `second` depending on `first`; nil when neither depends on the other. Names are matched
    /// ignoring case; a name not in the catalog is related to nothing but itself.
    public func path(between first: String, and second: String) -> DependencyPath? {
        let from = first.lowercased()
        let to = second.lowercased()
        if from == to { return DependencyPath(services: [display(from)]) }
        if let down = walk(from: from, to: to) { return DependencyPath(services: down.map(display)) }
        if let up = walk(from: to, to: from) { return DependencyPath(services: up.map(display)) }
        return nil
    }

    /// Every service `service` has a path to (``path(between:and:)``): itself, everything it depends on and
    /// everything that depends on it, transitively. Each is named as configured and lowercased, so a store
    /// can match the names incidents carry without walking the graph for each incident.
    public func relatedServices(to service: String) -> Set<String> {
        let start = service.lowercased()
        var dependents: [String: [String]] = [:]
        for (node, targets) in dependencies {
            for target in targets { dependents[target, default: []].append(node) }
        }
        let keys = Self.reachable(from: start, along: dependencies).union(Self.reachable(from: start, along: dependents))
        return Set(keys.flatMap { [$0, display($0)] } + [service])
    }

    /// `start` and every node reached from it along `edges`.
    private static func reachable(from start: String, along edges: [String: [String]]) -> Set<String> {
        Set(breadthFirst(from: start, along: edges, until: nil).keys).union([start])
    }

    /// The shortest chain of direct dependencies from `start` to `goal` (both included).
    private func walk(from start: String, to goal: String) -> [String]? {
        let previous = Self.breadthFirst(from: start, along: dependencies, until: goal)
        guard previous[goal] != nil else { return nil }
        var path = [goal]
        var step = goal
        while let before = previous[step] {
            path.append(before)
            step = before
        }
        return path.reversed()
    }

    /// Walks `edges` breadth first from `start` with a visited set (so a cycle ends the walk), stopping once
    /// `goal` is reached: each node reached, with the node it was first reached from.
    private static func breadthFirst(from start: String, along edges: [String: [String]], until goal: String?) -> [String: String] {
        var previous: [String: String] = [:]
        var visited: Set<String> = [start]
        var queue = [start]
        var index = 0
        while index < queue.count {
            let node = queue[index]
            index += 1
            for next in edges[node] ?? [] where visited.insert(next).inserted {
                previous[next] = node
                if next == goal { return previous }
                queue.append(next)
            }
        }
        return previous
    }

    private func display(_ key: String) -> String {
        names[key] ?? key
    }
}
