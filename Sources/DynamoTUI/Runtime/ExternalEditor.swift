import Foundation

/// Runs `$VISUAL`, else `$EDITOR`, else `vi` on a private temporary file holding `text`.
///
/// The file is created with mode 0600 in a fresh directory and removed afterwards; the editor
/// runs through `/bin/sh` (so `EDITOR="code -w"` works) with the terminal handed over. While it
/// runs, the terminal's signals are the editor's: Ctrl-C and Ctrl-\ reach it and not the app, and
/// when it stops itself (Ctrl-Z) the app stops with it, so the shell gets the terminal back.
enum ExternalEditor {
    /// The saved text, or nil when the editor could not run or the file is gone.
    static func edit(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        var template = Array((NSTemporaryDirectory() + "dynamo-explorer-edit-XXXXXX").utf8CString)
        guard
            let directory = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({
                String(cString: $0)
            })
        else { return nil }
        let path = directory + "/item.json"
        defer {
            unlink(path)
            rmdir(directory)
        }
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { return nil }
        guard run(shellCommand: "\(editor) '\(path)'") else { return nil }
        return try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// The signals the terminal sends that belong to the editor while it runs.
    static let terminalSignals = [SIGINT, SIGQUIT, SIGTSTP]

    /// Runs `/bin/sh -c command` and waits for it; false when it could not start (or the shell
    /// found no such command). The app ignores the terminal's signals meanwhile; the child gets
    /// their default actions back.
    static func run(shellCommand: String) -> Bool {
        var saved: [Int32: sigaction] = [:]
        var ignore = sigaction()
        #if os(Linux)
            ignore.__sigaction_handler.sa_handler = SIG_IGN
        #else
            ignore.__sigaction_u.__sa_handler = SIG_IGN
        #endif
        for sig in terminalSignals {
            var old = sigaction()
            sigaction(sig, &ignore, &old)
            saved[sig] = old
        }
        defer {
            for (sig, old) in saved {
                var old = old
                sigaction(sig, &old, nil)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in terminalSignals { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let words: [String] = ["/bin/sh", "-c", shellCommand]
        var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) }
        argv.append(nil)
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, &attributes, argv, environ) == 0 else { return false }
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WUNTRACED)
            if waited == -1 {
                if errno == EINTR { continue }
                return false
            }
            if status & 0xff == 0x7f {
                // The editor stopped (Ctrl-Z): stop the app too, then wake the editor when continued.
                kill(getpid(), SIGSTOP)
                kill(pid, SIGCONT)
                continue
            }
            break
        }
        let exited = status & 0x7f == 0
        return !(exited && (status >> 8) & 0xff == 127)
    }
}
