import Foundation

/// Reads fixture text as plain JSON values, independently of the decoders under test.
enum JSONSerializationHelper {
    static func object(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    static func array(_ text: String) -> [[String: Any]]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]]
    }

    static func data(_ value: Any) -> [UInt8] {
        (try? Array(JSONSerialization.data(withJSONObject: value))) ?? []
    }
}
