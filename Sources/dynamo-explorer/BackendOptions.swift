import ArgumentParser
import DynamoCore
import DynamoEngine
import DynamoRemote
import Foundation

/// Where the data is: the shared `--db/--memory/--demo` flags of every command.
struct BackendOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file of the embedded engine (created if missing).")
    var db: String?

    @Flag(name: .long, help: "Keep the embedded database in memory; nothing is written to disk.")
    var memory = false

    @Flag(name: .long, help: "Load the sample tables (Shop, Movies, Metrics); in memory unless --db is given.")
    var demo = false

    @Flag(name: .long, help: "Sync every commit to disk (SQLite synchronous=FULL).")
    var durable = false

    @Option(
        name: .long, help: "Seconds between Time to Live sweeps that delete expired items while serving (0: never).")
    var ttlSweep: Double = 60

    @Option(name: .long, help: "Remote: the AWS profile (~/.aws/config, ~/.aws/credentials).")
    var profile: String?

    @Option(name: .long, help: "Remote: the AWS region, e.g. eu-west-1.")
    var region: String?

    @Option(
        name: .customLong("endpoint-url"),
        help: "Remote: a DynamoDB-compatible endpoint (DynamoDB Local, Alternator, moto, serve).")
    var endpointURL: String?

    @Flag(name: .long, help: "Remote: DynamoDB Local or our own serve at http://127.0.0.1:8000.")
    var local = false

    @Flag(
        name: .long,
        help: "Remote: take profile, region and endpoint from the environment alone (AWS_PROFILE, AWS_REGION…).")
    var remote = false

    @Option(name: .long, help: "Remote: seconds to wait for an answer before a call gives up, retries included.")
    var timeout: Double = 10

    /// True when any remote flag was given: the session talks to DynamoDB over HTTP.
    var isRemote: Bool { profile != nil || region != nil || endpointURL != nil || local || remote }

    func validate() throws {
        if isRemote, db != nil || memory || demo {
            let embedded = [db != nil ? "--db" : nil, memory ? "--memory" : nil, demo ? "--demo" : nil].compactMap {
                $0
            }
            throw ValidationError(
                "\(embedded.joined(separator: ", ")) (embedded) cannot be combined with remote flags (--profile, "
                    + "--region, --endpoint-url, --local, --remote)"
            )
        }
        for (flag, value) in [("--region", region), ("--profile", profile), ("--endpoint-url", endpointURL)] {
            if let value, value.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError(
                    "\(flag) was given an empty value; e.g. --region eu-west-1, --profile dev, "
                        + "--endpoint-url http://127.0.0.1:8000 (or leave the flag out)")
            }
        }
        if !(timeout > 0) || !timeout.isFinite {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
        if local, endpointURL != nil { throw ValidationError("--local and --endpoint-url cannot be used together") }
        if memory, db != nil { throw ValidationError("--memory and --db cannot be used together") }
        if ttlSweep < 0 || !ttlSweep.isFinite {
            throw ValidationError("--ttl-sweep must be 0 or a positive number of seconds")
        }
    }

    /// Runs `body` with the TTL sweeper working beside it (long-running faces only).
    func withExpirySweeps<T>(_ engine: EmbeddedEngine?, enabled: Bool = true, _ body: () async throws -> T)
        async rethrows -> T
    {
        guard ttlSweep > 0, enabled, let engine else { return try await body() }
        let sweeper = Task { await engine.sweepExpiredItemsPeriodically(every: .milliseconds(Int(ttlSweep * 1000))) }
        defer { sweeper.cancel() }
        return try await body()
    }

    /// The default database: `$XDG_DATA_HOME/dynamo-explorer/default.sqlite` (or `~/.local/share/…`).
    static var defaultDatabasePath: String {
        let env = ProcessInfo.processInfo.environment
        let base =
            env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("dynamo-explorer/default.sqlite")
    }

    /// Opens the embedded engine. A `--db` file is checked first (`DatabaseFile`): another
    /// application's database or a path in a missing directory is refused, and a new database is
    /// announced on stderr with its path, so "my tables are gone" always has an explanation.
    ///
    /// With `deferDemo`, `--demo` tables are left for the caller to load (the TUI draws its first
    /// frame while they load).
    func makeEngine(readOnly: Bool = false, deferDemo: Bool = false) throws -> EmbeddedEngine {
        let path: String? = memory ? nil : (db ?? (demo ? nil : BackendOptions.defaultDatabasePath))
        let engine: EmbeddedEngine
        if let path {
            if db == nil {
                // The default database lives in our own data folder, which we may create.
                let directory = (path as NSString).deletingLastPathComponent
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            let state: DatabaseFile.State
            do { state = try DatabaseFile.check(path, readOnly: readOnly && !demo) } catch {
                throw PlainUsageError(error.message)
            }
            engine = try EmbeddedEngine(path: path, durable: durable, readOnly: readOnly && !demo)
            if state == .new { printError("dynamo-explorer: created a new database at \(path)") }
        } else {
            engine = try EmbeddedEngine(path: nil, durable: durable)
        }
        if demo && !deferDemo { try DemoData.load(into: engine) }
        return engine
    }

    /// The session's backend: the remote one when a remote flag was given, else the embedded engine.
    func openBackend(readOnly: Bool = false, deferDemo: Bool = false) throws -> OpenedBackend {
        guard isRemote else {
            let engine = try makeEngine(readOnly: readOnly, deferDemo: deferDemo)
            return OpenedBackend(backend: engine, engine: engine)
        }
        let flags = RemoteFlags(profile: profile, region: region, endpointURL: endpointURL, local: local)
        do {
            let settings = try RemoteSettings.resolve(flags, environment: AWSEnvironment())
            if let note = settings.regionNote { printError("dynamo-explorer: " + note) }
            let backend = RemoteBackend(settings: settings, readTimeout: .milliseconds(Int64(timeout * 1000)))
            return OpenedBackend(backend: backend, engine: nil)
        } catch {
            throw PlainUsageError(error.description)
        }
    }

    /// True when the data lives only as long as this process.
    var isThrowAway: Bool { !isRemote && (memory || (demo && db == nil)) }
}

/// The backend a command works on, and the embedded engine behind it when there is one.
struct OpenedBackend {
    let backend: any Backend
    let engine: EmbeddedEngine?

    /// Checkpoints and closes an embedded database; nothing to do for a remote one.
    func close() { engine?.close() }
}

/// A usage problem that is about a value (a path, a port), not the command's shape: the message
/// alone is printed, exit status 2, without the usage text.
struct PlainUsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Prints to standard error (stdout belongs to results and to the MCP protocol).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
