import Foundation
import TocsinApp
import TocsinCore
import TocsinJSON

/// The JSON columns' coders, made once (they hold no per-call state), and the one place a JSON column is
/// written and read: a value that cannot be encoded is refused before the write, and a stored value that
/// cannot be decoded is an error naming its row, never a silent default.
enum RecordJSON {
    static let decoder = JSONDecoder()

    /// `value` as its column holds it; throws `.unstorable` naming `what` when it cannot be encoded.
    static func column<Value: Encodable>(_ value: Value, _ what: @autoclosure () -> String) throws(StoreError) -> String {
        do {
            return try ColumnEncoder.encode(value)
        } catch {
            throw .unstorable("\(what()) cannot be encoded: \(error)")
        }
    }

    /// A JSON column read back; throws `.corrupt` naming `what` when it does not hold a `Value`.
    static func decode<Value: Decodable>(_ type: Value.Type, from stored: String, _ what: @autoclosure () -> String) throws(StoreError) -> Value {
        do {
            return try decoder.decode(type, from: Data(stored.utf8))
        } catch {
            throw .corrupt("\(what()) cannot be read: \(error)")
        }
    }
}
