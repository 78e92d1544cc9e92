import DynamoCore
import Foundation

/// Sample tables for `--demo`: a single-table e-commerce design with a GSI and an LSI, a Movies
/// table, and a time series — a few thousand items, so paging and indexes are worth exploring.
/// Generated from a fixed seed, so every demo database holds the same data.
public enum DemoData {
    public static let tableNames = ["Shop", "Movies", "Metrics"]

    /// Creates and fills the demo tables that do not exist yet.
    public static func load(into engine: EmbeddedEngine) throws {
        let existing = Set(engine.tableNames)
        var rng = SeededGenerator(seed: 20_261_125)
        if !existing.contains("Shop") { try loadShop(engine, &rng) }
        if !existing.contains("Movies") { try loadMovies(engine, &rng) }
        if !existing.contains("Metrics") { try loadMetrics(engine, &rng) }
    }

    static func create(_ engine: EmbeddedEngine, _ json: String) throws {
        _ = try engine.performSync(.createTable, try JSONValue.parse(json))
    }

    static func write(_ engine: EmbeddedEngine, table: String, items: [Item]) throws {
        var start = 0
        while start < items.count {
            let chunk = items[start..<min(start + 25, items.count)]
            let requests: [JSONValue] = chunk.map { ["PutRequest": ["Item": TypedJSON.encodeItem($0)]] }
            _ = try engine.performSync(.batchWriteItem, ["RequestItems": .object([table: .array(requests)])])
            start += 25
        }
    }

    static func n(_ text: String) -> AttributeValue { .n((try? DynamoNumber(text)) ?? .zero) }
    static func n(_ value: Int) -> AttributeValue { .n(DynamoNumber(value)) }

    static func loadShop(_ engine: EmbeddedEngine, _ rng: inout SeededGenerator) throws {
        try create(
            engine,
            """
            {"TableName": "Shop", "BillingMode": "PAY_PER_REQUEST",
             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk",
               "AttributeType": "S"},
               {"AttributeName": "gsi1pk", "AttributeType": "S"}, {"AttributeName": "gsi1sk", "AttributeType": "S"},
               {"AttributeName": "createdAt", "AttributeType": "S"}],
             "GlobalSecondaryIndexes": [{"IndexName": "GSI1", "Projection": {"ProjectionType": "ALL"},
               "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"}, {"AttributeName": "gsi1sk",
                 "KeyType": "RANGE"}]}],
             "LocalSecondaryIndexes": [{"IndexName": "ByCreatedAt", "Projection": {"ProjectionType": "KEYS_ONLY"},
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "createdAt",
                 "KeyType": "RANGE"}]}]}
            """)
        var items: [Item] = []
        let products = shopProducts(&items, &rng)
        shopCustomers(&items, products: products, &rng)
        try write(engine, table: "Shop", items: items)
    }

    /// The shop's 100 products; returns (id, category, price in cents) for the orders to use.
    static func shopProducts(_ items: inout [Item], _ rng: inout SeededGenerator) -> [(String, String, Int)] {
        let categories = ["books", "games", "garden", "kitchen", "music", "tools"]
        var products: [(String, String, Int)] = []
        for p in 1...100 {
            let id = String(format: "P%04d", p)
            let category = categories[rng.next(categories.count)]
            let cents = 199 + rng.next(20_000)
            products.append((id, category, cents))
            items.append([
                "pk": .s("PRODUCT#\(id)"), "sk": .s("META"), "type": .s("product"),
                "name": .s("\(category.capitalized) item \(p)"), "category": .s(category),
                "price": n("\(cents / 100).\(String(format: "%02d", cents % 100))"),
                "stock": n(rng.next(500)),
                "tags": .ss(Array(Set([category, ["new", "sale", "popular"][rng.next(3)]])).sorted()),
                "gsi1pk": .s("CATEGORY#\(category)"), "gsi1sk": .s("PRODUCT#\(id)"),
                "createdAt": .s(date(&rng, year: 2024)),
            ])
        }
        return products
    }

    /// 200 customers, each with a profile and up to 14 orders of the products.
    static func shopCustomers(_ items: inout [Item], products: [(String, String, Int)], _ rng: inout SeededGenerator) {
        let first = [
            "Ada", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Alan", "Radia", "Edsger",
            "Hedy",
        ]
        let last = [
            "Lovelace", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Turing", "Perlman",
            "Dijkstra", "Lamarr",
        ]
        let cities = ["Lisbon", "Oslo", "Austin", "Kyoto", "Nairobi", "Lima", "Dublin", "Pune"]
        for c in 1...200 {
            let id = String(format: "C%04d", c)
            let name = "\(first[rng.next(first.count)]) \(last[rng.next(last.count)])"
            let joined = date(&rng, year: 2023)
            var profile: Item = [
                "pk": .s("CUSTOMER#\(id)"), "sk": .s("PROFILE"), "type": .s("customer"), "name": .s(name),
                "email": .s("\(name.lowercased().replacingOccurrences(of: " ", with: "."))\(c)@example.com"),
                "address": .m(["city": .s(cities[rng.next(cities.count)]), "zip": .s(String(10000 + rng.next(89999)))]),
                "createdAt": .s(joined), "vip": .bool(rng.next(10) == 0),
            ]
            if rng.next(4) == 0 { profile["phone"] = .null }
            items.append(profile)
            for _ in 0..<rng.next(15) { items.append(shopOrder(customer: id, products: products, &rng)) }
        }
    }

    static func shopOrder(customer id: String, products: [(String, String, Int)], _ rng: inout SeededGenerator) -> Item
    {
        let statuses = ["pending", "paid", "shipped", "delivered", "returned"]
        let placed = date(&rng, year: 2025)
        let orderId = String(format: "O%06d", rng.next(1_000_000))
        let status = statuses[rng.next(statuses.count)]
        var lines: [AttributeValue] = []
        var total = 0
        for _ in 0..<(1 + rng.next(4)) {
            let product = products[rng.next(products.count)]
            let qty = 1 + rng.next(3)
            total += product.2 * qty
            lines.append(.m(["product": .s(product.0), "qty": n(qty)]))
        }
        return [
            "pk": .s("CUSTOMER#\(id)"), "sk": .s("ORDER#\(placed)#\(orderId)"), "type": .s("order"),
            "status": .s(status), "total": n("\(total / 100).\(String(format: "%02d", total % 100))"),
            "lines": .l(lines), "createdAt": .s(placed),
            "gsi1pk": .s("STATUS#\(status)"), "gsi1sk": .s(placed),
        ]
    }

    static func loadMovies(_ engine: EmbeddedEngine, _ rng: inout SeededGenerator) throws {
        try create(
            engine,
            """
            {"TableName": "Movies", "BillingMode": "PAY_PER_REQUEST",
             "KeySchema": [{"AttributeName": "year", "KeyType": "HASH"}, {"AttributeName": "title",
               "KeyType": "RANGE"}],
             "AttributeDefinitions": [{"AttributeName": "year", "AttributeType": "N"}, {"AttributeName": "title",
               "AttributeType": "S"},
               {"AttributeName": "genre", "AttributeType": "S"}, {"AttributeName": "rating", "AttributeType": "N"}],
             "GlobalSecondaryIndexes": [{"IndexName": "GenreRating", "Projection": {"ProjectionType": "INCLUDE",
               "NonKeyAttributes": ["director"]},
               "KeySchema": [{"AttributeName": "genre", "KeyType": "HASH"}, {"AttributeName": "rating",
                 "KeyType": "RANGE"}]}]}
            """)
        let adjectives = [
            "Silent", "Crimson", "Last", "Hidden", "Broken", "Golden", "Endless", "Midnight", "Frozen", "Wild", "Lost",
            "Electric",
        ]
        let nouns = [
            "River", "Empire", "Garden", "Signal", "Harbor", "Machine", "Summer", "Orbit", "Canyon", "Letter",
            "Station", "Kingdom",
        ]
        let genres = ["Drama", "Comedy", "Sci-Fi", "Thriller", "Animation", "Documentary", "Western"]
        let directors = ["A. Varda", "S. Ray", "A. Kurosawa", "J. Campion", "B. Joon-ho", "C. Denis", "W. Kar-wai"]
        var items: [Item] = []
        var seen = Set<String>()
        while items.count < 1000 {
            let year = 1950 + rng.next(75)
            let title =
                "The \(adjectives[rng.next(adjectives.count)]) \(nouns[rng.next(nouns.count)])"
                + (rng.next(3) == 0 ? " \(2 + rng.next(4))" : "")
            guard seen.insert("\(year)|\(title)").inserted else { continue }
            let rating = 10 + rng.next(90)
            var item: Item = [
                "year": n(year), "title": .s(title), "genre": .s(genres[rng.next(genres.count)]),
                "rating": n("\(rating / 10).\(rating % 10)"), "director": .s(directors[rng.next(directors.count)]),
                "runtime": n(80 + rng.next(100)),
                "info": .m([
                    "plot": .s(
                        "A story about a \(nouns[rng.next(nouns.count)].lowercased()) and a "
                            + "\(adjectives[rng.next(adjectives.count)].lowercased()) promise."
                    ),
                    "actors": .l(
                        (0..<(1 + rng.next(3))).map { _ in
                            .s("\(["R.", "M.", "T.", "L."][rng.next(4)]) \(nouns[rng.next(nouns.count)])son")
                        }),
                ]),
            ]
            if rng.next(5) == 0 {
                item["awards"] = .ss(
                    Array(Set((0..<(1 + rng.next(2))).map { _ in ["Palme", "Oscar", "BAFTA", "Lion"][rng.next(4)] }))
                        .sorted())
            }
            items.append(item)
        }
        try write(engine, table: "Movies", items: items)
    }

    static func loadMetrics(_ engine: EmbeddedEngine, _ rng: inout SeededGenerator) throws {
        try create(
            engine,
            """
            {"TableName": "Metrics", "BillingMode": "PAY_PER_REQUEST",
             "KeySchema": [{"AttributeName": "device", "KeyType": "HASH"}, {"AttributeName": "ts", "KeyType": "RANGE"}],
             "AttributeDefinitions": [{"AttributeName": "device", "AttributeType": "S"}, {"AttributeName": "ts",
               "AttributeType": "N"}]}
            """)
        _ = try engine.performSync(
            .updateTimeToLive,
            ["TableName": "Metrics", "TimeToLiveSpecification": ["Enabled": true, "AttributeName": "expires"]])
        var items: [Item] = []
        // The series ends a few hours before the demo starts and expires 90 days after each reading,
        // so the TTL sweeper of a running demo leaves it alone.
        let base = (Int(Date().timeIntervalSince1970) / 3600 - 24) * 3600
        for d in 1...20 {
            let device = String(format: "sensor-%02d", d)
            var value = 150 + rng.next(100)
            for i in 0..<100 {
                value += rng.next(11) - 5
                let ts = base + i * 300
                items.append([
                    "device": .s(device), "ts": n(ts), "celsius": n("\(value / 10).\(abs(value % 10))"),
                    "battery": n(100 - i / 2), "expires": n(ts + 90 * 86400),
                ])
            }
        }
        try write(engine, table: "Metrics", items: items)
    }

    static func date(_ rng: inout SeededGenerator, year: Int) -> String {
        String(
            format: "%04d-%02d-%02dT%02d:%02d:00Z", year, 1 + rng.next(12), 1 + rng.next(28), rng.next(24), rng.next(60)
        )
    }
}
