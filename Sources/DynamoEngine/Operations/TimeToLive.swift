import DynamoCore
import Foundation
import GRDB

/// Time to Live: deleting expired items, as DynamoDB's background process does.
///
/// DynamoDB deletes an item some time after the epoch-seconds Number in its TTL attribute has passed
/// (until then the item still shows up in reads), removes it from every index like a normal delete,
/// and ignores attributes that are not Numbers or that lie more than five years in the past. The
/// engine does the same when `sweepExpiredItems` runs; long-running faces (`serve`, `--mcp`) call
/// it periodically.
extension EmbeddedEngine {
    /// Expiration times further in the past than this are not eligible for deletion.
    static let ttlMaximumAge: TimeInterval = 5 * 365 * 24 * 3600

    /// True while the TTL sweep deletes: its stream records carry DynamoDB's service identity.
    @TaskLocal static var sweepingExpiredItems = false

    /// Deletes every expired item of every table with TTL enabled; returns how many were deleted.
    @discardableResult
    public func sweepExpiredItems(now: Date? = nil) throws(DynamoError) -> Int {
        let now = now ?? clock()
        let tables = catalog.withLock { Array($0.values) }.filter {
            $0.schema.ttlEnabled && $0.schema.ttlAttribute != nil
        }
        var deleted = 0
        for handle in tables {
            let result = Self.$sweepingExpiredItems.withValue(true) { () -> Result<Int, DynamoError> in
                do throws(DynamoError) { return .success(try sweep(handle, now: now.timeIntervalSince1970)) } catch {
                    return .failure(error)
                }
            }
            deleted += try result.get()
        }
        return deleted
    }

    /// Sweeps every `interval` until the task is cancelled; errors are skipped (the next sweep retries).
    public func sweepExpiredItemsPeriodically(every interval: Duration) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            _ = try? sweepExpiredItems()
            _ = try? trimJournal()
        }
    }

    /// Whether `item` has expired at `now` (epoch seconds) under TTL attribute `attribute`.
    static func isExpired(_ item: Item, attribute: String, now: TimeInterval) -> Bool {
        guard case .n(let number)? = item[attribute], let expiry = Double(number.description) else { return false }
        return expiry < now && expiry >= now - ttlMaximumAge
    }

    private func sweep(_ handle: TableHandle, now: TimeInterval) throws(DynamoError) -> Int {
        guard let attribute = handle.schema.ttlAttribute else { return 0 }
        // Find candidates with a read (no write lock held while scanning), then delete each one in a
        // write transaction that checks again: the item may have changed in between.
        let candidates: [StoredKey] = try database {
            try writer.read { db in
                var keys: [StoredKey] = []
                let rows = try Row.fetchCursor(db, sql: "SELECT h, pk, sk, item FROM \(handle.sqlTable)")
                while let row = try rows.next() {
                    let item = try row.withUnsafeData(atIndex: 3) { data -> Item in
                        guard let data else { return [:] }
                        return try data.withUnsafeBytes { try ItemCodec.decode($0) }
                    }
                    if Self.isExpired(item, attribute: attribute, now: now) {
                        keys.append(StoredKey(hash: row[0], pk: row[1], sk: row[2]))
                    }
                }
                return keys
            }
        }
        var deleted = 0
        for batch in stride(from: 0, to: candidates.count, by: 256) {
            let keys = candidates[batch..<min(batch + 256, candidates.count)]
            deleted += try database {
                try writer.write { db -> Int in
                    var count = 0
                    for key in keys {
                        guard let current = try readItem(db, handle, key),
                            Self.isExpired(current, attribute: attribute, now: now)
                        else { continue }
                        try writeItem(db, handle, key: key, old: current, new: nil)
                        count += 1
                    }
                    return count
                }
            }
        }
        return deleted
    }
}
