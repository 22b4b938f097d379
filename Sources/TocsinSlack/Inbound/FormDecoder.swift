/// `application/x-www-form-urlencoded` decoding, as Slack sends slash commands and interactions.
enum FormDecoder {
    /// The fields in order: `+` is a space, `%XX` a byte; a broken escape is kept literally.
    /// A raw trailing line break (from a body saved to a file) is not part of the last value.
    static func decode(_ body: [UInt8]) -> [(name: String, value: String)] {
        var body = body[...]
        while let last = body.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
            body = body.dropLast()
        }
        return body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = unescape(parts[0])
            let value = parts.count > 1 ? unescape(parts[1]) : ""
            return (name: name, value: value)
        }
    }

    /// The first value for each name.
    static func fields(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for field in decode(body) where fields[field.name] == nil {
            fields[field.name] = field.value
        }
        return fields
    }

    static func unescape(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
                index += 1
            } else if byte == UInt8(ascii: "%"), index + 2 < input.count,
                      let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
