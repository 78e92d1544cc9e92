import Foundation

/// Runs `$VISUAL`, else `$EDITOR`, else `vi` on a private temporary file holding `text`.
///
/// The file is created with mode 0600 in a fresh directory and removed afterwards; the editor
/// runs through `/bin/sh` (so `EDITOR="code -w"` works) with the terminal handed over.
enum ExternalEditor {
    /// The saved text, or nil when the editor could not run or the file is gone.
    static func edit(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        var template = Array((NSTemporaryDirectory() + "dynamo-explorer-edit-XXXXXX").utf8CString)
        guard let directory = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) })
        else { return nil }
        let path = directory + "/item.json"
        defer {
            unlink(path)
            rmdir(directory)
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { return nil }
        let status = system("\(editor) '\(path)'")
        guard status != -1, status != 127 << 8 else { return nil }
        return try? String(contentsOfFile: path, encoding: .utf8)
    }
}
