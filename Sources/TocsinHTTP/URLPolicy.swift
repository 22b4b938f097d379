import Foundation

/// HTTPS everywhere, plain HTTP only to this machine.
///
/// The bot token travels in every request, so a plain-HTTP URL to another host
/// is refused before libcurl sees it; loopback stays allowed for the sandbox
/// workspace and tests.
enum URLPolicy {
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]

    /// Throws for URLs libcurl must not be given; returns whether the host is loopback.
    @discardableResult
    static func check(_ url: String) throws(TransportError) -> Bool {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { throw .invalidURL(url) }
        switch scheme {
        case "https":
            return loopbackHosts.contains(host.lowercased())
        case "http":
            guard loopbackHosts.contains(host.lowercased()) else { throw .insecureURL(url) }
            return true
        default:
            throw .invalidURL(url)
        }
    }
}
