/// `application/x-www-form-urlencoded` decoding, as Slack sends slash commands and interactions.
///
/// One pass over the bytes: every slash command goes through here before it is answered.
enum FormDecoder {
    /// The fields in order: `+` is a space, `%XX` a byte; a broken escape is kept literally.
    /// A raw trailing line break (from a body saved to a file) is not part of the last value.
    static func decode(_ body: [UInt8]) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        forEachField(body) { name, value in fields.append((name: name, value: value)) }
        return fields
    }

    /// The first value for each name.
    static func fields(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        fields.reserveCapacity(16)
        forEachField(body) { name, value in
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    private static func forEachField(_ body: [UInt8], _ visit: (String, String) -> Void) {
        body.withUnsafeBufferPointer { bytes in
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
                end -= 1
            }
            var start = 0
            while start < end {
                var stop = start
                var equals: Int?
                while stop < end, bytes[stop] != UInt8(ascii: "&") {
                    if equals == nil, bytes[stop] == UInt8(ascii: "=") { equals = stop }
                    stop += 1
                }
                if stop > start {
                    let nameEnd = equals ?? stop
                    let name = unescape(UnsafeBufferPointer(rebasing: bytes[start..<nameEnd]))
                    let value = equals.map { unescape(UnsafeBufferPointer(rebasing: bytes[($0 + 1)..<stop])) } ?? ""
                    visit(name, value)
                }
                start = stop + 1
            }
        }
    }

    private static func unescape(_ input: UnsafeBufferPointer<UInt8>) -> String {
        guard input.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else {
            return String(decoding: input, as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
                index += 1
            } else if byte == UInt8(ascii: "%"), index + 2 < input.count,
                      let high = Hex.value(input[index + 1]), let low = Hex.value(input[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
