import Foundation

/// Cursor pagination as Slack does it: an opaque base64 `next_cursor`, `""` on the last page.
enum Pagination {
    /// Reads `limit`: absent means `defaultLimit`; not a positive integer is `invalid_limit`; above `maximum` is capped.
    static func limit(_ params: WebAPIParams, default defaultLimit: Int, maximum: Int) throws(SlackError) -> Int {
        guard let text = params["limit"] else { return defaultLimit }
        guard let value = Int(text), value >= 0 else { throw SlackError("invalid_limit") }
        return value == 0 ? defaultLimit : min(value, maximum)
    }

    /// The offset a cursor stands for; 0 when there is none; `invalid_cursor` when it was not one of ours.
    static func offset(_ params: WebAPIParams, count: Int) throws(SlackError) -> Int {
        guard let cursor = params["cursor"] else { return 0 }
        guard let data = Data(base64Encoded: cursor),
            let text = String(data: data, encoding: .utf8),
            text.hasPrefix("offset:"),
            let offset = Int(text.dropFirst("offset:".count)),
            (0...count).contains(offset)
        else { throw SlackError("invalid_cursor") }
        return offset
    }

    static func cursor(offset: Int, count: Int) -> String {
        offset < count ? Data("offset:\(offset)".utf8).base64EncodedString() : ""
    }

    /// One page of `items` with the cursor for the next.
    static func page<T>(_ items: [T], _ params: WebAPIParams, default defaultLimit: Int, maximum: Int)
        throws(SlackError) -> (items: ArraySlice<T>, nextCursor: String)
    {
        let limit = try limit(params, default: defaultLimit, maximum: maximum)
        let start = try offset(params, count: items.count)
        let end = min(items.count, start + limit)
        return (items[start..<end], cursor(offset: end, count: items.count))
    }
}
