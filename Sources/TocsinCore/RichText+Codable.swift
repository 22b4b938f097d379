/// Text alone is stored as a plain JSON string, so values written before rich text existed (and
/// stored effects that held a string) read back unchanged; anything else is an array of parts.
extension RichText: Codable {
    private enum PartKey: String, CodingKey {
        case text, user, channel, link, name, label, strong
    }

    public init(from decoder: any Decoder) throws {
        if let plain = try? decoder.singleValueContainer().decode(String.self) {
            self.init(plain)
            return
        }
        var list = try decoder.unkeyedContainer()
        var parts: [Part] = []
        while !list.isAtEnd {
            let part = try list.nestedContainer(keyedBy: PartKey.self)
            if let text = try part.decodeIfPresent(String.self, forKey: .text) {
                parts.append(.text(text))
            } else if let id = try part.decodeIfPresent(String.self, forKey: .user) {
                parts.append(.user(id: id, name: try part.decodeIfPresent(String.self, forKey: .name)))
            } else if let id = try part.decodeIfPresent(String.self, forKey: .channel) {
                parts.append(.channel(id: id, name: try part.decodeIfPresent(String.self, forKey: .name)))
            } else if let url = try part.decodeIfPresent(String.self, forKey: .link) {
                parts.append(.link(url: url, label: try part.decodeIfPresent(String.self, forKey: .label)))
            } else if let words = try part.decodeIfPresent(String.self, forKey: .strong) {
                parts.append(.strong(words))
            } else {
                throw DecodingError.dataCorruptedError(forKey: .text, in: part, debugDescription: "A rich-text part names no text, user, channel, link or strong words.")
            }
        }
        self.init(parts: parts)
    }

    public func encode(to encoder: any Encoder) throws {
        switch parts.count {
        case 0:
            var single = encoder.singleValueContainer()
            try single.encode("")
        case 1:
            if case .text(let plain) = parts[0] {
                var single = encoder.singleValueContainer()
                try single.encode(plain)
                return
            }
            try encodeParts(to: encoder)
        default:
            try encodeParts(to: encoder)
        }
    }

    private func encodeParts(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        for part in parts {
            var object = list.nestedContainer(keyedBy: PartKey.self)
            switch part {
            case .text(let text):
                try object.encode(text, forKey: .text)
            case .user(let id, let name):
                try object.encode(id, forKey: .user)
                try object.encodeIfPresent(name, forKey: .name)
            case .channel(let id, let name):
                try object.encode(id, forKey: .channel)
                try object.encodeIfPresent(name, forKey: .name)
            case .link(let url, let label):
                try object.encode(url, forKey: .link)
                try object.encodeIfPresent(label, forKey: .label)
            case .strong(let words):
                try object.encode(words, forKey: .strong)
            }
        }
    }
}
