import Foundation

/// A severity, by the name the configuration gives it (`SEV1`, `P2`).
///
/// The names are an operator's choice, so this is not an enum: it is a validated name, one word of at most
/// ``maximumLength`` characters, so it can be typed after `/incident declare` and shown in a topic. The
/// configuration knows the order (``TocsinConfiguration/severities``, most severe first;
/// ``TocsinConfiguration/rank(of:)``). Stored and encoded as the plain name, as before it had a type.
public struct Severity: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The longest name a severity may have.
    public static let maximumLength = 32

    /// The name, as the configuration spells it.
    public let rawValue: String

    /// A severity named `rawValue`; nil when it is not one word of 1 to ``maximumLength`` visible characters.
    public init?(rawValue: String) {
        guard Self.isValidName(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// A severity written in source code (a test, a built-in default). Only a literal can reach this initialiser
    /// (a `StaticString` cannot be made from data), so names from outside always pass ``init(rawValue:)``;
    /// a literal that is not a valid name stops debug builds and tests.
    public init(stringLiteral name: StaticString) {
        let text = name.description
        assert(Self.isValidName(text), "\(text) is not a valid severity name")
        rawValue = text
    }

    /// Whether `name` can name a severity: not empty, at most ``maximumLength`` characters, no spaces or control characters.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= maximumLength
            && name.unicodeScalars.allSatisfy { !CharacterSet.whitespacesAndNewlines.contains($0) && !CharacterSet.controlCharacters.contains($0) }
    }

    public var description: String { rawValue }
}
