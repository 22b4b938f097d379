/// Reads JSON text into ``JSON``, keeping object member order and number literals as received.
///
/// A hand-written reader rather than `JSONSerialization` so that `blocks` sent by the bot can be
/// recorded and replayed in the order the bot wrote them.
struct JSONParser {
    struct Failure: Error, Equatable {
        var offset: Int
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    private static let maximumDepth = 256

    static func parse(_ text: String) throws(Failure) -> JSON {
        var parser = JSONParser(bytes: Array(text.utf8))
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw Failure(offset: parser.index) }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            index += 1
        }
    }

    private mutating func expect(_ literal: String, _ value: JSON) throws(Failure) -> JSON {
        for byte in literal.utf8 {
            guard current == byte else { throw Failure(offset: index) }
            index += 1
        }
        return value
    }

    private mutating func value() throws(Failure) -> JSON {
        switch current {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case .some(let byte) where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte): return try number()
        default: throw Failure(offset: index)
        }
    }

    private mutating func nested<T>(_ body: (inout JSONParser) throws(Failure) -> T) throws(Failure) -> T {
        depth += 1
        guard depth <= Self.maximumDepth else { throw Failure(offset: index) }
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func object() throws(Failure) -> JSON {
        try nested { (parser: inout JSONParser) throws(Failure) -> JSON in
            parser.index += 1
            var members: [JSON.Member] = []
            parser.skipWhitespace()
            if parser.current == UInt8(ascii: "}") {
                parser.index += 1
                return .object(members)
            }
            while true {
                parser.skipWhitespace()
                guard parser.current == UInt8(ascii: "\"") else { throw Failure(offset: parser.index) }
                let key = try parser.string()
                parser.skipWhitespace()
                guard parser.current == UInt8(ascii: ":") else { throw Failure(offset: parser.index) }
                parser.index += 1
                parser.skipWhitespace()
                members.append(JSON.Member(key: key, value: try parser.value()))
                parser.skipWhitespace()
                switch parser.current {
                case UInt8(ascii: ","): parser.index += 1
                case UInt8(ascii: "}"):
                    parser.index += 1
                    return .object(members)
                default: throw Failure(offset: parser.index)
                }
            }
        }
    }

    private mutating func array() throws(Failure) -> JSON {
        try nested { (parser: inout JSONParser) throws(Failure) -> JSON in
            parser.index += 1
            var items: [JSON] = []
            parser.skipWhitespace()
            if parser.current == UInt8(ascii: "]") {
                parser.index += 1
                return .array(items)
            }
            while true {
                parser.skipWhitespace()
                items.append(try parser.value())
                parser.skipWhitespace()
                switch parser.current {
                case UInt8(ascii: ","): parser.index += 1
                case UInt8(ascii: "]"):
                    parser.index += 1
                    return .array(items)
                default: throw Failure(offset: parser.index)
                }
            }
        }
    }

    private mutating func number() throws(Failure) -> JSON {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard try digits() > 0 else { throw Failure(offset: index) }
        if current == UInt8(ascii: ".") {
            index += 1
            guard try digits() > 0 else { throw Failure(offset: index) }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard try digits() > 0 else { throw Failure(offset: index) }
        }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    private mutating func digits() throws(Failure) -> Int {
        var count = 0
        while let byte = current, (0x30...0x39).contains(byte) {
            index += 1
            count += 1
        }
        return count
    }

    private mutating func string() throws(Failure) -> String {
        index += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        var chunkStart = index
        func flush(_ parser: JSONParser, upTo end: Int, into scalars: inout String.UnicodeScalarView) {
            if end > chunkStart {
                scalars.append(contentsOf: String(decoding: parser.bytes[chunkStart..<end], as: UTF8.self).unicodeScalars)
            }
        }
        while true {
            guard let byte = current else { throw Failure(offset: index) }
            switch byte {
            case UInt8(ascii: "\""):
                flush(self, upTo: index, into: &scalars)
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush(self, upTo: index, into: &scalars)
                index += 1
                scalars.append(try escape())
                chunkStart = index
            case 0x00..<0x20:
                throw Failure(offset: index)
            default:
                index += 1
            }
        }
    }

    private mutating func escape() throws(Failure) -> Unicode.Scalar {
        guard let byte = current else { throw Failure(offset: index) }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try hex4()
            if (0xD800..<0xDC00).contains(first) {
                guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    return "\u{FFFD}"
                }
                index += 2
                let second = try hex4()
                guard (0xDC00..<0xE000).contains(second) else { return "\u{FFFD}" }
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                return Unicode.Scalar(combined) ?? "\u{FFFD}"
            }
            return Unicode.Scalar(first) ?? "\u{FFFD}"
        default:
            throw Failure(offset: index - 1)
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Failure(offset: index) }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = UInt32(String(UnicodeScalar(byte)), radix: 16) else { throw Failure(offset: index) }
            value = value * 16 + digit
        }
        index += 4
        return value
    }
}
