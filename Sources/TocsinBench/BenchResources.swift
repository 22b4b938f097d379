import Foundation
import TocsinApp
import TocsinCore

/// The bot's inputs for every benchmark: the embedded default configuration, the slash command's
/// definition and the templates, found relative to the current directory (the repository root under
/// `make bench`).
struct BenchResources: Sendable {
    enum Failure: Error, CustomStringConvertible {
        case missing(String)

        var description: String {
            switch self {
            case .missing(let path):
                "\(path) is not there; run tocsin-bench from the repository root (make bench does)."
            }
        }
    }

    let configuration: TocsinConfiguration
    let catalog: CommandCatalog
    let templatesDirectory: String
    let root: URL

    static func load() throws -> BenchResources {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let loaded = try ConfigurationLoader.parse(DefaultConfiguration.yaml, source: "the embedded default configuration")
        let commands = root.appendingPathComponent(loaded.commandsFile).path
        let templates = root.appendingPathComponent(loaded.templatesDirectory).path
        for path in [commands, templates] where !FileManager.default.fileExists(atPath: path) {
            throw Failure.missing(path)
        }
        return BenchResources(
            configuration: loaded.configuration, catalog: try CommandCatalogLoader.load(path: commands),
            templatesDirectory: templates, root: root
        )
    }

    /// A fresh, unique path for a SQLite database in the temporary directory.
    static func temporaryDatabase(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tocsin-bench-\(name)-\(UUID().uuidString).sqlite").path
    }

    /// Removes a database and its WAL companions.
    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
