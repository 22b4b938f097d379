import TocsinCore

extension CommandCatalogLoader {
    /// The command definitions built into the binary: the repository's `commands/incident.yml`, embedded
    /// by SwiftPM through `Configuration/Builtin`, so a copied binary needs no file beside it.
    public static func builtin() throws(ConfigError) -> CommandCatalog {
        try parse(String(decoding: PackageResources.incident_yml, as: UTF8.self), source: "the built-in command definitions (commands/incident.yml)")
    }
}
