import TocsinCore

/// The declare form (a modal): what it asks, and how a submission becomes the same ``IncidentDeclaration``
/// `/incident declare SEVn service title` gives, or the problems to show beside each field.
///
/// The service is a choice of the catalog (each with its tier) while it has at most
/// ``DeclareForm/largestServiceChoice`` services, Block Kit's limit for a static select; a larger catalog gets a
/// text field instead, checked on submission against the catalog (a near miss is answered "did you mean …?").
public struct DeclareForm: Sendable {
    /// Routes the submission back to the declare handler.
    public static let callbackID = "declare_incident"
    /// The callback ids of the global shortcut ("Declare incident") and the message shortcut
    /// ("Declare incident from this message"), as the app manifest names them.
    public static let globalShortcutID = "declare_incident"
    public static let messageShortcutID = "declare_incident_from_message"
    /// The most options a choice may offer (Block Kit's static select).
    public static let largestServiceChoice = 100

    /// The fields, by the id their answer comes back under.
    public enum Field: String, Sendable, CaseIterable {
        case title, severity, service, description
        /// Optional: choosing its one option declares a drill (``IncidentDeclaration/isDrill``).
        case drill
    }

    /// The value of the drill field's one option.
    public static let drillChoice = "drill"

    /// The message a message shortcut was used on: it fills the description and becomes the first timeline entry.
    public struct SourceMessage: Sendable, Equatable {
        public var channelID: String
        public var ts: String
        public var userID: String
        public var text: String

        public init(channelID: String, ts: String, userID: String, text: String) {
            self.channelID = channelID
            self.ts = ts
            self.userID = userID
            self.text = text
        }

        /// What the form carries back (the text comes back as the description).
        var metadata: String { "message \(channelID) \(ts) \(userID)" }

        /// The message named by a submission's metadata, with the description as its text.
        init?(metadata: String, text: String) {
            let parts = metadata.split(separator: " ").map(String.init)
            guard parts.count == 4, parts[0] == "message" else { return nil }
            self.init(channelID: parts[1], ts: parts[2], userID: parts[3], text: text)
        }
    }

    let configuration: TocsinConfiguration

    public init(configuration: TocsinConfiguration) {
        self.configuration = configuration
    }

    /// The form, empty, or with a message's text as the description.
    public func definition(from message: SourceMessage? = nil) -> FormDefinition {
        let severities = configuration.severities.map {
            FormDefinition.Option(value: $0.name.rawValue, label: $0.name.rawValue, detail: $0.summary.isEmpty ? nil : $0.summary)
        }
        let service: FormDefinition.Question
        if configuration.services.count <= Self.largestServiceChoice {
            service = FormDefinition.Question(
                id: Field.service.rawValue, label: "Service", isOptional: true,
                options: configuration.services.map { FormDefinition.Option(value: $0.name, label: $0.name, detail: "tier \($0.tier)" + ($0.team.map { " · \($0)" } ?? "")) }
            )
        } else {
            service = FormDefinition.Question(
                id: Field.service.rawValue, label: "Service (its name in the catalog)", isOptional: true, isMultiline: false, maxLength: 80
            )
        }
        return FormDefinition(
            callbackID: Self.callbackID, title: "Declare incident", submitLabel: "Declare", metadata: message?.metadata ?? "",
            questions: [
                FormDefinition.Question(id: Field.title.rawValue, label: "What is broken?", isMultiline: false, maxLength: CommandParser.maxTitleLength),
                FormDefinition.Question(id: Field.severity.rawValue, label: "Severity", options: severities),
                service,
                FormDefinition.Question(
                    id: Field.description.rawValue, label: "Description", isOptional: true, initialValue: message?.text,
                    maxLength: CommandParser.maxTextLength
                ),
                FormDefinition.Question(
                    id: Field.drill.rawValue, label: "Drill (practice)", isOptional: true,
                    options: [FormDefinition.Option(value: Self.drillChoice, label: "Yes, this is a drill", detail: "no real ring told, nobody paged, no KPI")]
                ),
            ]
        )
    }

    /// A submission read: the declaration and its description, or a sentence for each field that is wrong.
    public func read(_ answers: [String: String]) -> Result<(IncidentDeclaration, description: String?), FormErrors> {
        var problems: [String: String] = [:]
        let title = CommandParser.singleLine(answers[Field.title.rawValue] ?? "")
        if title.isEmpty {
            problems[Field.title.rawValue] = "Say what is broken, e.g. Card payments failing."
        } else if title.count > CommandParser.maxTitleLength {
            problems[Field.title.rawValue] = "Keep the title under \(CommandParser.maxTitleLength) characters; put details in the description."
        }
        let severityText = answers[Field.severity.rawValue] ?? ""
        let severity = configuration.severity(named: severityText)
        if severity == nil {
            let known = configuration.severities.map(\.name.rawValue).joined(separator: ", ")
            problems[Field.severity.rawValue] = severityText.isEmpty ? "Choose a severity: \(known)." : "There is no severity \(severityText) here; choose one of \(known)."
        }
        let serviceText = (answers[Field.service.rawValue] ?? "").trimmingWhitespace
        var service: String?
        if !serviceText.isEmpty {
            if let entry = configuration.service(named: serviceText) {
                service = entry.name
            } else {
                let nearest = NearestName.suggestion(for: serviceText, among: configuration.services.map(\.name))
                problems[Field.service.rawValue] = "There is no service \(serviceText) in the catalog" + (nearest.map { "; did you mean \($0)?" } ?? "; leave it empty if none fits.")
            }
        }
        let description = (answers[Field.description.rawValue] ?? "").trimmingWhitespace
        if description.count > CommandParser.maxTextLength {
            problems[Field.description.rawValue] = "Keep the description under \(CommandParser.maxTextLength) characters; link to a document for the rest."
        }
        guard problems.isEmpty, let severity else { return .failure(FormErrors(byField: problems)) }
        let isDrill = answers[Field.drill.rawValue] == Self.drillChoice
        return .success((IncidentDeclaration(severity: severity.name, service: service, title: title, isDrill: isDrill), description.isEmpty ? nil : description))
    }
}

/// What is wrong with a submitted form, by field id: shown beside each field, the form staying open.
public struct FormErrors: Error, Sendable, Equatable {
    public var byField: [String: String]

    public init(byField: [String: String]) {
        self.byField = byField
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
