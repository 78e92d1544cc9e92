import DynamoCore

/// Pages read one after another until a goal or a budget is reached, with live progress.
///
/// `F` fills a page that a filter left short: it reads on from the page's cursor and adds what
/// matches to the page, until the page holds `pageSize` rows or the budget is spent. `x` with
/// "all pages" reads from the first page to collect rows for a file. `Esc` stops either; what was
/// read stays, and the cursor to continue is kept.
public struct PageWalk: Equatable, Sendable {
    public enum Goal: Equatable, Sendable {
        case fill(target: Int)
        case export(path: String, format: Export.Format)
    }

    public var goal: Goal
    public var pages = 0
    public var scanned = 0
    public var matched = 0
    public var readUnits = 0.0
    /// Most pages one walk reads.
    public var budgetPages: Int
    /// Most read capacity units one walk spends (nil: pages only).
    public var budgetUnits: Double?
    /// Rows collected for an export.
    public var collected: [Item] = []
    /// Items in the table, for the export's progress bar (0 when unknown).
    public var expectedItems = 0
    /// Set by Esc: the walk ends when the running page comes back.
    public var stopRequested = false

    public static let fillBudgetPages = 50
    public static let fillBudgetUnits = 100.0
    public static let exportBudgetPages = 500

    public init(goal: Goal, budgetPages: Int, budgetUnits: Double? = nil, expectedItems: Int = 0) {
        self.goal = goal
        self.budgetPages = budgetPages
        self.budgetUnits = budgetUnits
        self.expectedItems = expectedItems
    }

    /// Takes one page's numbers (read units from the result's `consumed_capacity`).
    mutating func record(count: Int, scanned: Int, readUnits units: Double) {
        pages += 1
        matched += count
        self.scanned += scanned
        readUnits += units
    }

    var budgetSpent: Bool { pages >= budgetPages || budgetUnits.map { readUnits >= $0 } == true }

    /// `F: 7 pages · scanned 700 · matched 23 · 3.5 RCU · budget 50 pages` (the view adds the key that stops it)
    public var progress: String {
        let what: String
        switch goal {
        case .fill: what = "fetching on"
        case .export: what = "exporting"
        }
        var parts = [
            "\(what): \(pages) page\(pages == 1 ? "" : "s")", "scanned \(scanned)", "matched \(matched)",
            String(format: "%.1f RCU", readUnits),
            "budget \(budgetPages) pages" + (budgetUnits.map { String(format: " or %.0f RCU", $0) } ?? ""),
        ]
        if case .export = goal, expectedItems > 0 { parts.insert(Self.bar(done: scanned, of: expectedItems), at: 0) }
        return parts.joined(separator: " · ")
    }

    /// `[#####.....] 50%`
    static func bar(done: Int, of total: Int, width: Int = 10) -> String {
        let fraction = min(1, Double(done) / Double(max(1, total)))
        let filled = Int((fraction * Double(width)).rounded())
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + "\(Int((fraction * 100).rounded()))%"
    }

}
