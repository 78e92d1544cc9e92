import DynamoCore
import DynamoTools

/// `n` in the table list: a new table's name, keys, billing and secondary indexes as a form whose
/// result is one `create_table` call — shown before it runs, logged like any other.
///
/// Fields are rows of text or of choices; `+` adds an index (five more rows), `-` removes the
/// focused one. The form checks what it can (names, a sort key's type, capacities) before the call
/// is built; the engine or DynamoDB checks the rest.
public struct TableForm: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        public var id: String
        public var label: String
        public var value = ""
        /// For a choice row: what ←/→ cycle through (`value` is one of them).
        public var choices: [String]?
        public var isChoice: Bool { choices != nil }
    }

    public var rows: [Row]
    public var focus = 0
    /// Indexes added so far (their rows are `index<N>.…`).
    var indexCount = 0

    static let keyTypes = ["S", "N", "B"]
    static let billing = ["PAY_PER_REQUEST", "PROVISIONED"]

    public init() {
        rows = [
            Row(id: "table", label: "Table name"),
            Row(id: "pk", label: "Partition key"),
            Row(id: "pk.type", label: "  type", value: "S", choices: Self.keyTypes),
            Row(id: "sk", label: "Sort key (optional)"),
            Row(id: "sk.type", label: "  type", value: "S", choices: Self.keyTypes),
            Row(id: "billing", label: "Billing", value: "PAY_PER_REQUEST", choices: Self.billing),
        ]
    }

    public var focusedRow: Row? { rows.indices.contains(focus) ? rows[focus] : nil }

    func value(_ id: String) -> String {
        rows.first { $0.id == id }?.value.trimmingCharacters(in: .whitespaces) ?? ""
    }

    mutating func moveFocus(by step: Int) {
        guard !rows.isEmpty else { return }
        focus = (focus + step + rows.count) % rows.count
    }

    /// ←/→ on a choice row.
    mutating func cycle(by step: Int) {
        guard let choices = focusedRow?.choices, !choices.isEmpty else { return }
        let current = choices.firstIndex(of: rows[focus].value) ?? 0
        rows[focus].value = choices[(current + step + choices.count) % choices.count]
        if rows[focus].id == "billing" { showCapacity(rows[focus].value == "PROVISIONED") }
    }

    /// Provisioned billing needs both capacities: their rows follow the billing row while it says so.
    mutating func showCapacity(_ show: Bool) {
        rows.removeAll { $0.id == "read" || $0.id == "write" }
        guard show, let at = rows.firstIndex(where: { $0.id == "billing" }) else { return }
        rows.insert(
            contentsOf: [
                Row(id: "read", label: "  read capacity", value: "5"),
                Row(id: "write", label: "  write capacity", value: "5"),
            ], at: at + 1)
    }

    /// `+`: a global index with its own keys and projection, focused on its name.
    mutating func addIndex() {
        indexCount += 1
        let p = "index\(indexCount)."
        rows += [
            Row(id: p + "name", label: "Index \(indexCount) name"),
            Row(id: p + "kind", label: "  kind", value: "global", choices: ["global", "local"]),
            Row(id: p + "pk", label: "  partition key"),
            Row(id: p + "pk.type", label: "    type", value: "S", choices: Self.keyTypes),
            Row(id: p + "sk", label: "  sort key (optional)"),
            Row(id: p + "sk.type", label: "    type", value: "S", choices: Self.keyTypes),
            Row(id: p + "projection", label: "  projection", value: "ALL", choices: ["ALL", "KEYS_ONLY"]),
        ]
        focus = rows.count - 7
    }

    /// `-`: removes the index the focus is in.
    mutating func removeIndex() {
        guard let id = focusedRow?.id, id.hasPrefix("index"), let dot = id.firstIndex(of: ".") else { return }
        let prefix = String(id[...dot])
        let first = rows.firstIndex { $0.id.hasPrefix(prefix) } ?? focus
        rows.removeAll { $0.id.hasPrefix(prefix) }
        focus = max(0, min(first - 1, rows.count - 1))
    }

    /// The `create_table` call, or the first thing that keeps the form from making one.
    public func call() -> Result<ToolCall, EditError> {
        let table = value("table")
        guard table.count >= 3, table.count <= 255,
            table.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) })
        else {
            return .failure(EditError("a table name is 3 to 255 of a-z A-Z 0-9 _ - ."))
        }
        guard !value("pk").isEmpty else { return .failure(EditError("the partition key needs a name")) }
        var arguments: [String: JSONValue] = [
            "table": .string(table),
            "partition_key": ["name": .string(value("pk")), "type": .string(value("pk.type"))],
        ]
        if !value("sk").isEmpty {
            arguments["sort_key"] = ["name": .string(value("sk")), "type": .string(value("sk.type"))]
        }
        arguments["billing_mode"] = .string(value("billing"))
        if value("billing") == "PROVISIONED" {
            guard let read = Int(value("read")), let write = Int(value("write")), read > 0, write > 0 else {
                return .failure(EditError("provisioned billing needs read and write capacity of at least 1"))
            }
            arguments["capacity"] = ["read": .int(read), "write": .int(write)]
        }
        var indexes: [JSONValue] = []
        for number in 1...max(1, indexCount) {
            let p = "index\(number)."
            guard rows.contains(where: { $0.id == p + "name" }) else { continue }
            guard !value(p + "name").isEmpty else { return .failure(EditError("index \(number) needs a name")) }
            guard !value(p + "pk").isEmpty else {
                return .failure(EditError("index \(value(p + "name")) needs a partition key"))
            }
            var index: [String: JSONValue] = [
                "name": .string(value(p + "name")), "type": .string(value(p + "kind")),
                "partition_key": ["name": .string(value(p + "pk")), "type": .string(value(p + "pk.type"))],
                "projection": .string(value(p + "projection")),
            ]
            if !value(p + "sk").isEmpty {
                index["sort_key"] = ["name": .string(value(p + "sk")), "type": .string(value(p + "sk.type"))]
            }
            indexes.append(.object(index))
        }
        if !indexes.isEmpty { arguments["indexes"] = .array(indexes) }
        return .success(ToolCall(name: "create_table", arguments: .object(arguments)))
    }
}

/// `D` in the table list: the table goes only when its name is typed again.
public struct DeleteTablePrompt: Equatable, Sendable {
    public var table: String
    public var typed = ""

    /// The `delete_table` call once the typed name matches; `confirm` carries the same check to the tool.
    public var call: ToolCall? {
        typed == table
            ? ToolCall(name: "delete_table", arguments: ["table": .string(table), "confirm": .string(table)])
            : nil
    }
}
