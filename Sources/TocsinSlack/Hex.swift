/// Hexadecimal digits as Slack's formats use them: percent-escapes in forms, `\u00XX` in JSON, and the
/// request signature's 64 digits.
enum Hex {
    static let lowercaseDigits = Array("0123456789abcdef".utf8)
    static let uppercaseDigits = Array("0123456789ABCDEF".utf8)

    /// The value of one hex digit (either case), or nil for any other byte.
    static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The bytes as lowercase hex, two digits each.
    static func lowercase(_ bytes: [UInt8]) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            digits.append(lowercaseDigits[Int(byte >> 4)])
            digits.append(lowercaseDigits[Int(byte & 0xF)])
        }
        return String(decoding: digits, as: UTF8.self)
    }
}
