import GRDB

extension EmbeddedEngine {
    /// Runs `body` in one `BEGIN IMMEDIATE` … `COMMIT` transaction on the writer, rolled back if it throws.
    ///
    /// The same transaction GRDB's `write` opens, with `BEGIN` and `COMMIT` kept as prepared statements on
    /// the connection: `write` parses both anew on every call, which measured about a tenth of a point
    /// write (`dynamo-bench`, `DX_BENCH_PROFILE=put` under `perf`).
    func writeTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
            do {
                let result = try body(db)
                try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
                noteOwnCommit(db)
                return result
            } catch {
                if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK TRANSACTION") }
                throw error
            }
        }
    }
}
