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
    }

    struct Element: Encodable {
        var type: String
        var actionID: String
        var multiline: Bool?
        var options: [Option]?

        private enum CodingKeys: String, CodingKey {
            case type, multiline, options
            case actionID = "action_id"
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
            let element = question.choices.map { choices in
                Element(type: "static_select", actionID: Self.answerActionID, multiline: nil,
                        options: choices.map { Option(text: PlainText(text: String($0.prefix(75))), value: String($0.prefix(150))) })
            } ?? Element(type: "plain_text_input", actionID: Self.answerActionID, multiline: true, options: nil)
            return Block(blockID: question.id, label: PlainText(text: String(question.label.prefix(2000))), optional: question.isOptional, element: element)
        }
        view = View(
            callbackID: form.callbackID, privateMetadata: String(form.metadata.prefix(3000)),
            title: PlainText(text: String(form.title.prefix(24))), submit: PlainText(text: String(form.submitLabel.prefix(24))),
            close: PlainText(text: "Cancel"), blocks: blocks
        )
    }
}
