import ArgumentParser
import Foundation
import Logging
import TocsinApp
import TocsinCore
import TocsinServer

/// `tocsin drill`: starts a practice incident from the command line and plays its script (alert evidence, a
/// check-in prompt, a status update, a wrap-up) over about two minutes, for the bot running on the same
/// database to deliver.
struct Drill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a drill (a practice incident) and play its two-minute script; the bot running on the same database delivers it."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "The catalog service the drill is on.")
    var service: String

    @Option(help: "The drill's severity (default: slack.default_severity).")
    var severity: String?

    @Option(help: "The drill's title (default: \"Practice: <service> error rate above 5 %\").")
    var title: String?

    @Option(help: "The user id commanding the drill (default: the service's first responder that is a user).")
    var commander: String?

    @Option(help: "How fast the script plays: 1 takes two minutes, 0.5 one, 0 plays every step at once.")
    var pace: Double = 1

    @Option(help: "Give up waiting for the bot to deliver the drill once nothing has moved for this many seconds.")
    var wait: Int = 60

    @OptionGroup var store: DatabaseOptions

    func run() async throws {
        guard pace.isFinite, pace >= 0, pace <= 10 else { throw ValidationError("--pace is a number from 0 to 10 (1 plays the script in two minutes).") }
        guard (1...3600).contains(wait) else { throw ValidationError("--wait is a number of seconds from 1 to 3600.") }
        let (loaded, _) = try options.load(embeddedDefaultWhenMissing: true)
        let configuration = loaded.configuration
        guard let entry = configuration.service(named: service) else {
            throw ValidationError("There is no service \(service) in the catalog; known services: \(configuration.services.map(\.name).joined(separator: ", ")).")
        }
        let level = severity.map { configuration.severity(named: $0) } ?? configuration.severity(named: configuration.slack.defaultSeverity)
        guard let level else {
            throw ValidationError("There is no severity \(severity ?? "?"); use one of \(configuration.severities.map(\.name.rawValue).joined(separator: ", ")).")
        }
        guard let commander = commander ?? DrillScript.defaultCommander(service: entry) else {
            throw ValidationError("\(entry.name) has no responder that is a user; name the drill's commander with --commander U….")
        }
        let plainTitle = CommandParser.singleLine(title ?? DrillScript.defaultTitle(service: entry.name))
        guard !plainTitle.isEmpty, plainTitle.count <= CommandParser.maxTitleLength else {
            throw ValidationError("--title must be 1 to \(CommandParser.maxTitleLength) characters.")
        }
        let script = DrillScript(severity: level.name, service: entry.name, title: plainTitle, commander: commander)
        let drill = try OfflineDrill(database: store.path(), configuration: configuration)
        var logger = Logger(label: "tocsin.drill")
        logger.logLevel = .warning
        let patience = Duration.seconds(wait)
        let drillChannel = configuration.drills.channel.map { "#\($0)" }
        let databaseName = drill.databaseName
        let (outcome, delivery) = try await drill.withRunner(logger: logger) { runner in
            let outcome = try await runner.run(script, pace: pace) { event in
                print(Self.line(event, script: script, drillChannel: drillChannel))
            }
            let number: Int = switch outcome {
            case .completed(let number), .stopped(let number, _, _): number
            }
            print("Waiting for the bot running on \(databaseName) to deliver drill #\(number)…")
            return (outcome, try await runner.waitForDelivery(of: number, patience: patience))
        }
        if case .stopped(let number, let step, let reason) = outcome {
            print("Drill #\(number) ended before the script's \(step.rawValue.replacingOccurrences(of: "_", with: " ")) step (\(reason.code)); the rest was not played.")
        }
        guard delivery.pending == 0 else {
            throw OperatorError(description: "Nothing was delivered for \(wait) s and \(delivery.pending) messages or calls of the drill are waiting: is the bot (tocsin serve, or tocsin sandbox) running on \(drill.databaseName)? The drill is stored; it goes out once the bot runs.")
        }
        print("Delivered: \(delivery.done) messages and calls\(delivery.failed > 0 ? ", \(delivery.failed) failed for good (the bot's log says why)" : ""). The drill stays open until the team resolves it.")
    }

    /// What the person running the drill reads as a step is stored.
    static func line(_ event: DrillRunner.Event, script: DrillScript, drillChannel: String?) -> String {
        let clock = String(format: "%d:%02d", event.elapsed / 60, event.elapsed % 60)
        let what = switch event.step {
        case .declare:
            "\(IncidentPlanner.drillMark) drill #\(event.incident) declared, \(script.severity) on \(script.service): \(script.title); commander \(script.commander); told "
                + (drillChannel ?? "no ring (no drills.channel configured)") + "; nobody paged"
        case .alertEvidence: "a practice alert attached as evidence"
        case .checkInPrompt: "the responders asked to check in"
        case .statusUpdate: "a status update posted (identified)"
        case .wrapUp: "script over: the commander is asked to resolve the drill"
        }
        return "\(clock)  \(what)"
    }
}
