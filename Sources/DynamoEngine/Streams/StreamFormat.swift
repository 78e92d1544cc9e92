import DynamoCore
import Foundation

/// DynamoDB Streams' wire formats for what the engine stores: sequence numbers, shard ids, ARNs and
/// shard iterators.
///
/// The engine keeps one shard per stream (AWS splits shards over time; a reader that follows
/// `NextShardIterator` and lists shards with `DescribeStream` works the same on both).
enum StreamFormat {
    /// Sequence numbers are decimal strings of 21 digits that sort as numbers and as text.
    static func sequenceNumber(_ seq: Int64) -> String {
        String(seq).leftPadded(to: 21)
    }

    static func sequence(from text: String) -> Int64? {
        guard !text.isEmpty, text.count <= 40, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else {
            return nil
        }
        return Int64(text.drop { $0 == "0" }.isEmpty ? "0" : String(text.drop { $0 == "0" }))
    }

    /// `shardId-<creation ms, 20 digits>-<8 hex>`, DynamoDB's shape.
    static func shardID(stream: Int64, created: Double) -> String {
        let padded = String(Int64(created * 1000)).leftPadded(to: 20)
        var h: UInt32 = 2_166_136_261
        for b in "\(stream)@\(created)".utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        return "shardId-\(padded)-" + String(h, radix: 16).leftPadded(to: 8)
    }

    /// The table name and label in a stream ARN (`arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL`).
    static func parseArn(_ arn: String) -> (table: String, label: String)? {
        guard arn.hasPrefix("arn:"), let tableRange = arn.range(of: ":table/"),
            let streamRange = arn.range(of: "/stream/", range: tableRange.upperBound..<arn.endIndex)
        else { return nil }
        let table = String(arn[tableRange.upperBound..<streamRange.lowerBound])
        let label = String(arn[streamRange.upperBound...])
        return table.isEmpty || label.isEmpty ? nil : (table, label)
    }

    /// A shard iterator: which stream, the position (records after this sequence), and when it was
    /// issued (iterators expire after 15 minutes). Opaque to clients, as DynamoDB's are.
    struct Iterator: Equatable {
        var stream: Int64
        var after: Int64
        var issuedMillis: Int64

        static let lifetime: TimeInterval = 15 * 60

        var text: String {
            let plain = "dx1|\(stream)|\(after)|\(issuedMillis)"
            return Data(plain.utf8).base64EncodedString()
        }

        init(stream: Int64, after: Int64, issued: Date) {
            self.stream = stream
            self.after = after
            issuedMillis = Int64(issued.timeIntervalSince1970 * 1000)
        }

        init?(text: String) {
            guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8) else {
                return nil
            }
            let parts = plain.split(separator: "|")
            guard parts.count == 4, parts[0] == "dx1", let stream = Int64(parts[1]), let after = Int64(parts[2]),
                let issued = Int64(parts[3])
            else { return nil }
            self.stream = stream
            self.after = after
            issuedMillis = issued
        }

        func isExpired(at now: Date) -> Bool {
            now.timeIntervalSince1970 - Double(issuedMillis) / 1000 > Self.lifetime
        }
    }

    /// A 32-hex event id that is stable for a record.
    static func eventID(_ seq: Int64, stream: Int64) -> String {
        var a: UInt64 = 14_695_981_039_346_656_037
        for b in "\(stream):\(seq)".utf8 { a = (a ^ UInt64(b)) &* 1_099_511_628_211 }
        let b = a &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: seq)
        return String(a, radix: 16).leftPadded(to: 16) + String(b, radix: 16).leftPadded(to: 16)
    }
}
