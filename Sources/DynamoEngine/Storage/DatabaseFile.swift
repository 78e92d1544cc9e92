import Foundation
import GRDB

/// Checks a `--db` path before the engine opens it, so a typo or another application's database
/// is never changed: the engine only creates a file in a directory that exists, and only opens a
/// SQLite file that is empty or already a dynamo-explorer database.
public enum DatabaseFile {
    /// What the engine will find at the path.
    public enum State: Equatable, Sendable {
        /// Nothing there yet: a new database will be created.
        case new
        /// A dynamo-explorer database (or an empty SQLite file).
        case ours
    }

    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    static let sqliteHeader = Array("SQLite format 3\u{0}".utf8)

    public static func check(_ path: String, readOnly: Bool) throws(Problem) -> State {
        guard !path.isEmpty else { throw Problem(message: "--db needs a file path, e.g. --db ./data.sqlite") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw Problem(
                    message:
                        "--db \(path) is a directory; give a file inside it, e.g. --db "
                        + "\((path as NSString).appendingPathComponent("data.sqlite"))"
                )
            }
            return try checkExisting(path, readOnly: readOnly)
        }
        if readOnly {
            throw Problem(message: "\(path) does not exist, and --read-only cannot create it")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Problem(
                message:
                    "cannot create \(path): the directory \(parent) does not exist (check the path, or create it first)"
            )
        }
        guard FileManager.default.isWritableFile(atPath: parent) else {
            throw Problem(message: "cannot create \(path): the directory \(parent) is not writable")
        }
        return .new
    }

    static func checkExisting(_ path: String, readOnly: Bool) throws(Problem) -> State {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Problem(message: "cannot read \(path) (permissions)")
        }
        let head = [UInt8](handle.readData(ofLength: 16))
        try? handle.close()
        if head.isEmpty { return .ours }
        guard head == sqliteHeader else {
            throw Problem(
                message:
                    "\(path) is not a SQLite database; dynamo-explorer leaves it untouched (choose another --db path)")
        }
        let tables: [String]
        do {
            var config = Configuration()
            config.readonly = true
            // With no write-ahead log beside it the file holds everything: read it immutably, which
            // creates no -wal or -shm file next to it.
            let hasLog = FileManager.default.fileExists(atPath: path + "-wal")
            let queue = try DatabaseQueue(path: hasLog ? path : immutableURI(path), configuration: config)
            tables = try queue.read { db in
                try String.fetchAll(
                    db,
                    sql:
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            }
            try queue.close()
        } catch {
            throw Problem(message: "cannot open \(path) as a SQLite database: \(error)")
        }
        if !tables.isEmpty, !tables.contains("dx_tables") {
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            throw Problem(
                message:
                    "\(path) is another application's SQLite database (tables: \(shown)); dynamo-explorer leaves it "
                    + "untouched (choose another --db path)"
            )
        }
        if !readOnly, !FileManager.default.isWritableFile(atPath: path) {
            throw Problem(message: "\(path) is not writable; add --read-only to browse it without changes")
        }
        return .ours
    }

    /// How `--read-only` opens a file so that nothing is left beside it and read-only media work.
    public enum ReadOnlyOpening: Equatable, Sendable {
        /// The file and its directory are writable: a normal connection refusing every write
        /// (`PRAGMA query_only`), which as the last connection removes its -wal and -shm on close.
        case queryOnly
        /// Nothing can be created beside the file (read-only media) and no log is there: SQLite's
        /// `immutable` open, which needs no -shm.
        case immutable
        /// Anything else: SQLite's read-only open.
        case readOnly
    }

    public static func readOnlyOpening(_ path: String) -> ReadOnlyOpening {
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        let directoryWritable = access(parent, W_OK) == 0
        if directoryWritable, access(path, W_OK) == 0 { return .queryOnly }
        if !directoryWritable, !FileManager.default.fileExists(atPath: path + "-wal") { return .immutable }
        return .readOnly
    }

    /// `file:/path?immutable=1`, with the characters a URI reserves escaped.
    public static func immutableURI(_ path: String) -> String {
        let absolute = (path as NSString).isAbsolutePath ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let escaped = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:\(escaped)?immutable=1"
    }
}
