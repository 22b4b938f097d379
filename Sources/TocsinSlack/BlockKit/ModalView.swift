import TocsinApp

/// `views.open`'s body: a modal of input blocks, one per question (Block Kit `input` with a
/// `plain_text_input` or a `static_select`); the answer's action id is always `answer`.
struct ModalOpenBody: Encodable {
    static let answerActionID = "answer"

    var triggerID: String
    var view: View

    private enum CodingKeys: String, CodingKey {
        case triggerID = "trigger_id"
        case view
    }

    struct PlainText: Encodable {
        var type = "plain_text"
        var text: String
    }

    struct Option: Encodable {
        var text: PlainText
        var value: String
        var description: PlainText?
    }

    struct Element: Encodable {
        var type: String
        var actionID: String
        var multiline: Bool?
        var options: [Option]?
        var initialValue: String?
        var maxLength: Int?

        private enum CodingKeys: String, CodingKey {
            case type, multiline, options
            case actionID = "action_id"
            case initialValue = "initial_value"
            case maxLength = "max_length"
        }
    }

    struct Block: Encodable {
        var type = "input"
        var blockID: String
        var label: PlainText
        var optional: Bool
        var element: Element

        private enum CodingKeys: String, CodingKey {
            case type, label, optional, element
            case blockID = "block_id"
        }
    }

    struct View: Encodable {
        var type = "modal"
        var callbackID: String
        var privateMetadata: String
        var title: PlainText
        var submit: PlainText
        var close: PlainText
        var blocks: [Block]

        private enum CodingKeys: String, CodingKey {
            case type, title, submit, close, blocks
            case callbackID = "callback_id"
            case privateMetadata = "private_metadata"
        }
    }

    init(_ form: FormDefinition, triggerID: String) {
        self.triggerID = triggerID
        let blocks = form.questions.map { question in
            let element = Self.element(question)
            return Block(blockID: question.id, label: PlainText(text: String(question.label.prefix(2000))), optional: question.isOptional, element: element)
        }
        view = View(
            callbackID: form.callbackID, privateMetadata: String(form.metadata.prefix(3000)),
            title: PlainText(text: String(form.title.prefix(24))), submit: PlainText(text: String(form.submitLabel.prefix(24))),
            close: PlainText(text: "Cancel"), blocks: blocks
        )
    }

    /// A question's input: a `static_select` (at most 100 options, Block Kit's limit) or a `plain_text_input`
    /// (its initial value at most 3,000 characters, `max_length`'s ceiling).
    private static func element(_ question: FormDefinition.Question) -> Element {
        if let options = question.options {
            return Element(type: "static_select", actionID: answerActionID, options: options.prefix(100).map {
                Option(text: PlainText(text: String($0.label.prefix(75))), value: String($0.value.prefix(150)),
                       description: $0.detail.map { PlainText(text: String($0.prefix(75))) })
            })
        }
        if let choices = question.choices {
            return Element(type: "static_select", actionID: answerActionID, options: choices.prefix(100).map {
                Option(text: PlainText(text: String($0.prefix(75))), value: String($0.prefix(150)))
            })
        }
        let limit = question.maxLength.map { min(max($0, 1), 3000) }
        return Element(
            type: "plain_text_input", actionID: answerActionID, multiline: question.isMultiline,
            initialValue: question.initialValue.map { String($0.prefix(limit ?? 3000)) }.flatMap { $0.isEmpty ? nil : $0 }, maxLength: limit
        )
    }
}
