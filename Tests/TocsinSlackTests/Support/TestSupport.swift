import Foundation
import Logging
import Testing
@testable import TocsinSlack

/// Helpers shared by the test files.
enum TestSupport {
    static let token = "xoxb-test-token"

    static let logger: Logger = {
        var logger = Logger(label: "tocsin.slack.tests")
        logger.logLevel = .critical
        return logger
    }()

    /// A client pointed at the loopback server, with short timeouts so failures are quick.
    static func client(for server: LoopbackHTTPServer, requestTimeout: Double = 5) -> SlackWebClient {
        SlackWebClient(baseURL: server.baseURL, token: token, connectTimeout: 2, requestTimeout: requestTimeout, logger: logger)
    }

    /// The form fields of a request body.
    static func form(_ request: LoopbackHTTPServer.Request) -> [String: String] {
        FormDecoder.fields(request.body)
    }

    /// A JSON object from bytes (fails the test if it is not one).
    static func jsonObject(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        return try #require(object as? [String: Any], sourceLocation: sourceLocation)
    }

    static func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }
}
