import Foundation

/// One Web API call as the workspace sees it: the method, its arguments as strings, and the token presented.
///
/// Built from the HTTP request the way Slack reads it: arguments from the query string, a form body or a
/// JSON body; the token from `Authorization: Bearer` or, for form bodies only, a `token` field.
struct WebAPIRequest: Sendable {
    var method: String
    var params: WebAPIParams
    var token: String?

    /// Why a body could not be read; answered as a Slack error.
    struct DecodingError: Error, Equatable {
        var code: String
    }

    static func decode(
        method: String, contentType: String?, authorization: String?, query: String?, body: String
    ) throws(DecodingError) -> WebAPIRequest {
        var values: [String: String] = [:]
        // Tokens in query strings are refused for current apps (FACTS §5), so a query `token` is dropped.
        for field in FormURLEncoding.decode(query ?? "") ?? [] where field.name != "token" {
            values[field.name] = field.value
        }
        var token = bearerToken(authorization)
        let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let isBlank = body.allSatisfy(\.isWhitespace)
        switch mediaType {
        case "application/json":
            guard !isBlank else { break }
            guard case .object(let members) = try? JSONParser.parse(body) else { throw DecodingError(code: "invalid_json") }
            for member in members where member.key != "token" {
                values[member.key] = member.value.parameterText
            }
        case "application/x-www-form-urlencoded", "":
            guard let fields = FormURLEncoding.decode(body) else { throw DecodingError(code: "invalid_form_data") }
            for field in fields {
                if field.name == "token" {
                    token = token ?? field.value
                } else {
                    values[field.name] = field.value
                }
            }
        default:
            guard isBlank else { throw DecodingError(code: "invalid_post_type") }
        }
        return WebAPIRequest(method: method, params: WebAPIParams(values), token: token)
    }

    private static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

/// A call's arguments with the readings Slack applies: empty means absent, booleans are `true` or `1`.
struct WebAPIParams: Sendable {
    let values: [String: String]

    init(_ values: [String: String]) {
        self.values = values
    }

    /// The argument, or nil when it is absent or empty.
    subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    func isPresent(_ name: String) -> Bool { values[name] != nil }

    func bool(_ name: String) -> Bool {
        guard let value = self[name]?.lowercased() else { return false }
        return value == "true" || value == "1"
    }
}
