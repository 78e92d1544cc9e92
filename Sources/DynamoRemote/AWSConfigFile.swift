import Foundation

/// The AWS CLI's shared files, `~/.aws/config` and `~/.aws/credentials`, parsed as the CLI reads
/// them: `[default]`, `[profile NAME]` (config) or `[NAME]` (credentials), `[sso-session NAME]`,
/// `[services NAME]`, `#`/`;` comments, and indented sub-settings (`dynamodb =` then
/// `  endpoint_url = …`), which become keys like `dynamodb.endpoint_url`.
public struct AWSConfigFile: Sendable, Equatable {
    /// Sections by their full header, e.g. `profile dev`, `default`, `sso-session corp`.
    public var sections: [String: [String: String]]

    public init(sections: [String: [String: String]] = [:]) {
        self.sections = sections
    }

    public init(text: String) {
        var sections: [String: [String: String]] = [:]
        var current: String?
        var parent: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
                let name = trimmed.dropFirst().dropLast().split(separator: " ", omittingEmptySubsequences: true).joined(
                    separator: " ")
                current = name
                parent = nil
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let section = current, let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let indented = line.first == " " || line.first == "\t"
            if indented, let parent {
                sections[section]?["\(parent).\(key)"] = value
            } else if value.isEmpty {
                parent = key
            } else {
                parent = nil
                sections[section]?[key] = value
            }
        }
        self.sections = sections
    }

    /// Reads a file; a missing file is an empty one.
    public static func load(_ path: String) -> AWSConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else { return AWSConfigFile() }
        return AWSConfigFile(text: String(decoding: data, as: UTF8.self))
    }

    /// A profile's settings from the config file (`[default]` or `[profile NAME]`).
    public func configProfile(_ name: String) -> [String: String]? {
        name == "default" ? sections["default"] ?? sections["profile default"] : sections["profile \(name)"]
    }

    /// A profile's settings from the credentials file (`[NAME]`).
    public func credentialsProfile(_ name: String) -> [String: String]? { sections[name] }
}
