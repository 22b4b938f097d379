/// What Slack's message composer sends for what a person typed.
///
/// Slack escapes `&`, `<` and `>` (`&amp;`, `&lt;`, `&gt;`) in text it hands to apps, and, for a
/// slash command registered with `should_escape: true` (as Tocsin's manifest is) and for messages,
/// writes people as `<@U…>`, channels as `<#C…>`, user groups as `<!subteam^S…>`, `@here` as
/// `<!here>` and typed URLs as `<https://…>` (the formatting reference, "Escaping text" and
/// "Retrieving messages"). Slash commands carry the name after a bar (`<@U…|priya>`), messages don't.
/// Written independently of the bot's decoder, so the two readings of the documentation check each other.
struct Composer {
    enum Surface { case slashCommand, message }

    let users: [SandboxUser]
    let botUserID: String
    let botName: String
    let userGroups: [SandboxUserGroup]
    /// Channels by id and name.
    let channels: [(id: String, name: String)]

    /// Slack's form of `typed` on that surface.
    func compose(_ typed: String, for surface: Surface) -> String {
        var output = ""
        var word = ""
        for character in typed {
            if character.isWhitespace {
                output += convert(word, for: surface)
                output.append(character)
                word = ""
            } else {
                word.append(character)
            }
        }
        return output + convert(word, for: surface)
    }

    /// One whitespace-separated word: a mention, channel or URL in markup (trailing punctuation kept
    /// outside), anything else escaped.
    private func convert(_ word: String, for surface: Surface) -> String {
        guard let first = word.first else { return "" }
        let lower = word.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            let (url, trailing) = splitTrailingPunctuation(word)
            return "<" + Self.escape(url) + ">" + Self.escape(trailing)
        }
        guard first == "@" || first == "#" else { return Self.escape(word) }
        let (token, trailing) = splitTrailingPunctuation(String(word.dropFirst()))
        guard let markup = reference(first, token, for: surface) else { return Self.escape(word) }
        return markup + Self.escape(trailing)
    }

    private func reference(_ sigil: Character, _ name: String, for surface: Surface) -> String? {
        let withName = surface == .slashCommand
        if sigil == "#" {
            guard let channel = channels.first(where: { $0.name == name }) else { return nil }
            return withName ? "<#\(channel.id)|\(channel.name)>" : "<#\(channel.id)>"
        }
        if ["here", "channel", "everyone"].contains(name) { return "<!\(name)>" }
        if name == botName { return withName ? "<@\(botUserID)|\(botName)>" : "<@\(botUserID)>" }
        if let user = users.first(where: { $0.name == name }) {
            return withName ? "<@\(user.id)|\(user.name)>" : "<@\(user.id)>"
        }
        if let group = userGroups.first(where: { $0.handle == name }) {
            return withName ? "<!subteam^\(group.id)|@\(group.handle)>" : "<!subteam^\(group.id)>"
        }
        return nil
    }

    /// `priya,` → (`priya`, `,`): punctuation after a name or URL is not part of it.
    private func splitTrailingPunctuation(_ text: String) -> (String, String) {
        var body = Substring(text)
        var trailing = ""
        while let last = body.last, ".,;:!?)".contains(last) {
            trailing.insert(last, at: trailing.startIndex)
            body = body.dropLast()
        }
        return (String(body), trailing)
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
