/// `application/x-www-form-urlencoded` bodies for the Web API's form methods.
enum FormEncoder {
    /// Encodes the fields in order; everything but RFC 3986 unreserved characters is percent-escaped.
    static func encode(_ fields: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            escape(field.0, into: &out)
            out.append(UInt8(ascii: "="))
            escape(field.1, into: &out)
        }
        return out
    }

    private static func escape(_ string: String, into out: inout [UInt8]) {
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(Hex.uppercaseDigits[Int(byte >> 4)])
                out.append(Hex.uppercaseDigits[Int(byte & 0x0F)])
            }
        }
    }
}
