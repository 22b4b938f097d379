import ArgumentParser
import TocsinApp
import TocsinCore

/// `tocsin manifest`: prints the Slack app manifest for a deployment at a public URL.
struct Manifest: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the Slack app manifest (YAML) for a deployment.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "The public base URL Slack will call, e.g. https://tocsin.example.com")
    var url: String = "https://tocsin.example.com"

    @Option(help: "The app's display name.")
    var name: String = "Tocsin"

    @Flag(help: "For `tocsin serve --socket-mode`: Slack delivers over a WebSocket, so no request URLs (--url is ignored).")
    var socketMode = false

    func run() throws {
        let (_, catalog) = try options.load(embeddedDefaultWhenMissing: true)
        print(AppManifest(catalog: catalog, baseURL: url, name: name, socketMode: socketMode).yaml)
    }
}
