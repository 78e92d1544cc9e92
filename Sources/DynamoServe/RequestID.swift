import Synchronization

/// `x-amzn-RequestId` values shaped like DynamoDB's (52 characters of A–Z and 0–9), unique per process run.
///
/// A random prefix drawn once and a counter: a `UUID()` per response cost a call to the system's random
/// source on every request for a value nobody reads twice.
enum RequestID {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
    static let prefix = String(decoding: (0..<39).map { _ in alphabet.randomElement()! }, as: UTF8.self)
    static let counter = Atomic<UInt64>(0)

    /// The next id: the prefix, then the counter in base 36, 13 digits (36^13 > 2^64).
    static func next() -> String {
        var n = counter.add(1, ordering: .relaxed).newValue
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 13)
        var i = digits.count - 1
        while n > 0 {
            digits[i] = alphabet[Int(n % 36)]
            n /= 36
            i -= 1
        }
        return prefix + String(decoding: digits, as: UTF8.self)
    }
}
