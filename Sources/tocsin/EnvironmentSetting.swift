import ArgumentParser
import Foundation

/// A setting a flag gives and a `TOCSIN_*` variable can give instead, as twelve-factor deployments
/// expect: the flag wins, then the variable, then the default. A variable whose value the flag would
/// refuse is refused the same way, naming the variable, before the command runs.
enum EnvironmentSetting {
    /// The variable's value, or nil when it is unset or empty.
    static func text(_ variable: String, in environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let value = environment[variable], !value.isEmpty else { return nil }
        return value
    }

    /// `flag` when given, else the variable parsed as the flag would parse it, else `fallback`.
    static func value<Value: ExpressibleByArgument>(
        _ flag: Value?, flagName: String, variable: String, default fallback: Value,
        in environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Value {
        if let flag { return flag }
        guard let written = text(variable, in: environment) else { return fallback }
        guard let parsed = Value(argument: written) else {
            let choices = Value.allValueStrings.isEmpty ? "" : " (one of \(Value.allValueStrings.joined(separator: ", ")))"
            throw ValidationError("\(variable) is `\(written)`, which is not a valid value for \(flagName)\(choices).")
        }
        return parsed
    }

    /// A port from the flag or the variable, refused outside 0...65535 (0 asks the system for a free one).
    /// An optional port: nil when neither the flag nor the variable gives one; 1 to 65535 otherwise.
    static func optionalPort(_ flag: Int?, flagName: String, variable: String) throws -> Int? {
        guard flag != nil || text(variable) != nil else { return nil }
        let port = try value(flag, flagName: flagName, variable: variable, default: 0)
        guard (1...65535).contains(port) else {
            let origin = flag == nil ? "\(variable) is `\(port)`" : "\(flagName) \(port)"
            throw ValidationError("\(origin), which is not a port: give 1 to 65535.")
        }
        return port
    }

    static func port(_ flag: Int?, flagName: String, variable: String, default fallback: Int) throws -> Int {
        let port = try value(flag, flagName: flagName, variable: variable, default: fallback)
        guard (0...65535).contains(port) else {
            let origin = flag == nil ? "\(variable) is `\(port)`" : "\(flagName) \(port)"
            throw ValidationError("\(origin), which is not a port: give 0 to 65535.")
        }
        return port
    }
}
