import DynamoCore
import Foundation
import Synchronization

/// A small sample of a table's items (the first 50 a Scan returns), kept for a minute: what an
/// agent's names and types are checked against — a misspelt attribute, a number sent as a string.
/// One scan of one page serves every call to that table in the minute, so the checks stay cheap on
/// a remote backend.
public struct TableSample: Sendable {
    public static let size = 50
    public static let lifetime: TimeInterval = 60

    /// The sampled items, in DynamoDB JSON.
    public var items: [JSONValue]
    public var taken: Date

    /// Top-level attribute name → the type descriptors (`S`, `N`…) seen for it.
    public var types: [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for item in items {
            for (name, value) in item.objectValue ?? [:] {
                if let type = value.objectValue?.keys.first { out[name, default: []].insert(type) }
            }
        }
        return out
    }

    /// `{"name": ["S"], "year": ["N"]}`: what `describe_table` shows an agent.
    public var typesJSON: JSONValue {
        .object(types.mapValues { .array($0.sorted().map { .string($0) }) })
    }
}

/// Samples by table (and index), shared by every call of one runner.
public final class TableSampleCache: Sendable {
    private let samples = Mutex<[String: TableSample]>([:])

    public init() {}

    /// The table's sample, read now if there is none or it is older than a minute; nil when the
    /// table cannot be read (the caller's own call reports that).
    func sample(_ table: String, index: String? = nil, backend: any Backend) async -> TableSample? {
        let key = table + "\u{0}" + (index ?? "")
        if let kept = samples.withLock({ $0[key] }), Date().timeIntervalSince(kept.taken) < TableSample.lifetime {
            return kept
        }
        var request: [String: JSONValue] = ["TableName": .string(table), "Limit": .int(TableSample.size)]
        if let index { request["IndexName"] = .string(index) }
        guard let items = try? await backend.perform(.scan, .object(request))["Items"]?.arrayValue else { return nil }
        let sample = TableSample(items: items, taken: Date())
        samples.withLock { $0[key] = sample }
        return sample
    }

    /// Forgets a table's samples (it was deleted or recreated).
    func forget(_ table: String) {
        samples.withLock { $0 = $0.filter { !$0.key.hasPrefix(table + "\u{0}") } }
    }
}
