import Foundation

/// Encodes the values the stores keep as JSON text (outbox effects, rich text, timeline details) in one pass,
/// writing each value as it is encoded instead of building a tree first as `JSONEncoder` does.
///
/// It exists for speed: a declaration encodes about ten effects inside the write path, and `JSONEncoder` was
/// a tenth of the CPU of a declaration storm. The text is what `JSONEncoder` with its default strategies
/// writes, keys in the order they are encoded: `JSONDecoder` reads it back to the same value. A value this
/// encoder cannot write in one pass (one that writes into a container after leaving it, or asks for a super
/// encoder) and any value that fails is handed to `JSONEncoder`, which decides.
public enum ColumnEncoder {
    private static let fallback = JSONEncoder()

    /// `value` as JSON text, or the error `JSONEncoder` throws for it.
    public static func encode<Value: Encodable>(_ value: Value) throws -> String {
        if let text = try? encodeInOnePass(value) { return text }
        return String(decoding: try fallback.encode(value), as: UTF8.self)
    }

    /// `value` as JSON text written in one pass; throws ``OnePassUnsupported`` for a value that needs a tree.
    static func encodeInOnePass<Value: Encodable>(_ value: Value) throws -> String {
        let output = JSONOutput()
        try output.writeValue(value)
        guard !output.isUnsupported, output.open.isEmpty else { throw OnePassUnsupported() }
        return String(decoding: output.bytes, as: UTF8.self)
    }
}

/// A value the one-pass encoder cannot write; `JSONEncoder` encodes it instead.
struct OnePassUnsupported: Error {}

/// The text being written and the containers still open in it, innermost last.
final class JSONOutput {
    struct Open {
        var id: Int
        var closer: UInt8
        var count: Int
    }

    // Only one encoding uses an output, on one thread, and no access to these overlaps another: the dynamic
    // exclusivity checks Swift adds to a class's stored properties were a fifth of the encoding time.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    @exclusivity(unchecked) var open: [Open] = []
    @exclusivity(unchecked) private var nextID = 0
    /// Set when a value did something a one-pass writer cannot follow.
    @exclusivity(unchecked) var isUnsupported = false

    init() {
        bytes.reserveCapacity(512)
    }

    /// Opens a container (`{` or `[`) at the current position and returns its id.
    func openContainer(_ opener: UInt8, closer: UInt8) -> Int {
        nextID += 1
        bytes.append(opener)
        open.append(Open(id: nextID, closer: closer, count: 0))
        return nextID
    }

    /// Makes container `id` the innermost again, closing those opened inside it since, and counts one more
    /// element in it (writing the comma). Throws when `id` was closed already.
    func startElement(in id: Int) throws {
        while let last = open.last, last.id != id {
            close()
            if open.isEmpty { break }
        }
        guard let last = open.last, last.id == id else {
            isUnsupported = true
            throw OnePassUnsupported()
        }
        if last.count > 0 { bytes.append(UInt8(ascii: ",")) }
        open[open.count - 1].count += 1
    }

    /// Whether container `id` is still open.
    func isOpen(_ id: Int) -> Bool {
        open.contains { $0.id == id }
    }

    func close() {
        guard let last = open.popLast() else { return }
        bytes.append(last.closer)
    }

    /// Closes every container opened after the first `depth` ones.
    func close(downTo depth: Int) {
        while open.count > depth { close() }
    }

    func writeKey(_ key: String) {
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    func writeNull() {
        bytes.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")])
    }

    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    func writeBool(_ value: Bool) {
        bytes.append(contentsOf: value ? Self.trueText : Self.falseText)
    }

    func writeInteger<Integer: BinaryInteger>(_ value: Integer) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A finite number as `JSONEncoder` writes it (`3` for 3.0); throws for NaN and the infinities.
    func writeFloatingPoint<Number: BinaryFloatingPoint & LosslessStringConvertible>(_ value: Number) throws {
        guard value.isFinite else {
            isUnsupported = true
            throw OnePassUnsupported()
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A string with the escapes `JSONEncoder` writes: quote, backslash, slash and the control characters.
    func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most text has nothing to escape: copied whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") }) {
            bytes.append(contentsOf: value.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "/"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "/")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x00..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes any value at the current position: the types `JSONEncoder` treats specially as it does, the
    /// rest through their own `encode(to:)`, closing whatever containers they opened.
    func writeValue<Value: Encodable>(_ value: Value) throws {
        // JSONEncoder writes these three its own way, not through their `encode(to:)`.
        if Value.self == URL.self, let url = value as? URL {
            writeString(url.absoluteString)
            return
        }
        if Value.self == Data.self, let data = value as? Data {
            writeString(data.base64EncodedString())
            return
        }
        if Value.self == Decimal.self {
            isUnsupported = true
            throw OnePassUnsupported()
        }
        let depth = open.count
        let encoder = OnePassEncoder(output: self)
        try value.encode(to: encoder)
        if !encoder.wroteValue {
            // A value that encoded nothing is an empty object, as JSONEncoder writes it.
            bytes.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
        }
        close(downTo: depth)
    }
}

/// The `Encoder` handed to one value's `encode(to:)`: it writes at the position its parent prepared.
struct OnePassEncoder: Encoder {
    let output: JSONOutput
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private let state = EncoderState()

    init(output: JSONOutput) {
        self.output = output
    }

    /// Whether the value wrote anything (a container or a single value).
    var wroteValue: Bool { state.container != nil || state.wroteSingleValue }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(OnePassKeyedContainer<Key>(output: output, id: openOnce("{", closer: "}")))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        OnePassUnkeyedContainer(output: output, id: openOnce("[", closer: "]"))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        OnePassSingleValueContainer(output: output, state: state)
    }

    /// The container this value opened; asked again (as a class and its superclass do), the same one.
    private func openOnce(_ opener: Character, closer: Character) -> Int {
        if let existing = state.container {
            if !output.isOpen(existing) || state.opener != opener { output.isUnsupported = true }
            return existing
        }
        if state.wroteSingleValue { output.isUnsupported = true }
        let id = output.openContainer(opener.asciiValue ?? 0, closer: closer.asciiValue ?? 0)
        state.container = id
        state.opener = opener
        return id
    }
}

/// What one value's encoder has written so far.
final class EncoderState {
    @exclusivity(unchecked) var container: Int?
    @exclusivity(unchecked) var opener: Character?
    @exclusivity(unchecked) var wroteSingleValue = false
}

struct OnePassKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let output: JSONOutput
    let id: Int
    var codingPath: [any CodingKey] { [] }

    private func start(_ key: Key) throws {
        try output.startElement(in: id)
        output.writeKey(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { try start(key); output.writeNull() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try start(key); output.writeBool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try start(key); output.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try start(key); try output.writeFloatingPoint(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try start(key); try output.writeFloatingPoint(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try start(key); output.writeInteger(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try start(key); output.writeInteger(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try start(key); output.writeInteger(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try start(key); output.writeInteger(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try start(key); output.writeInteger(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try start(key); output.writeInteger(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try start(key); output.writeInteger(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try start(key); output.writeInteger(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try start(key); output.writeInteger(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try start(key); output.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try start(key); try output.writeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(OnePassKeyedContainer<NestedKey>(output: output, id: nested(key, "{", "}")))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        OnePassUnkeyedContainer(output: output, id: nested(key, "[", "]"))
    }

    mutating func superEncoder() -> any Encoder { unsupported() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { unsupported() }

    private func nested(_ key: Key, _ opener: Character, _ closer: Character) -> Int {
        do {
            try start(key)
        } catch {
            return 0
        }
        return output.openContainer(opener.asciiValue ?? 0, closer: closer.asciiValue ?? 0)
    }

    private func unsupported() -> any Encoder {
        output.isUnsupported = true
        return OnePassEncoder(output: output)
    }
}

struct OnePassUnkeyedContainer: UnkeyedEncodingContainer, OnePassElementWriter {
    let output: JSONOutput
    let id: Int
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0

    init(output: JSONOutput, id: Int) {
        self.output = output
        self.id = id
    }

    mutating func startElement() throws {
        try output.startElement(in: id)
        count += 1
    }


    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(OnePassKeyedContainer<NestedKey>(output: output, id: nested("{", "}")))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        OnePassUnkeyedContainer(output: output, id: nested("[", "]"))
    }

    mutating func superEncoder() -> any Encoder {
        output.isUnsupported = true
        return OnePassEncoder(output: output)
    }

    private mutating func nested(_ opener: Character, _ closer: Character) -> Int {
        do {
            try startElement()
        } catch {
            return 0
        }
        return output.openContainer(opener.asciiValue ?? 0, closer: closer.asciiValue ?? 0)
    }
}

struct OnePassSingleValueContainer: SingleValueEncodingContainer, OnePassElementWriter {
    let output: JSONOutput
    let state: EncoderState
    var codingPath: [any CodingKey] { [] }

    /// A single value is written once, by a value that opened no container.
    func startElement() throws {
        guard !state.wroteSingleValue, state.container == nil else {
            output.isUnsupported = true
            throw OnePassUnsupported()
        }
        state.wroteSingleValue = true
    }

}

/// The writes an unkeyed and a single-value container share: each value starts its element, then is written.
protocol OnePassElementWriter {
    var output: JSONOutput { get }
    mutating func startElement() throws
}

extension OnePassElementWriter {
    mutating func encodeNil() throws { try startElement(); output.writeNull() }
    mutating func encode(_ value: Bool) throws { try startElement(); output.writeBool(value) }
    mutating func encode(_ value: String) throws { try startElement(); output.writeString(value) }
    mutating func encode(_ value: Double) throws { try startElement(); try output.writeFloatingPoint(value) }
    mutating func encode(_ value: Float) throws { try startElement(); try output.writeFloatingPoint(value) }
    mutating func encode(_ value: Int) throws { try startElement(); output.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { try startElement(); output.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { try startElement(); output.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { try startElement(); output.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { try startElement(); output.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { try startElement(); output.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { try startElement(); output.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { try startElement(); output.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { try startElement(); output.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { try startElement(); output.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try startElement(); try output.writeValue(value) }
}
