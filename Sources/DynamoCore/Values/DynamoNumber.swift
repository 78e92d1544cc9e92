/// An exact decimal number with DynamoDB's precision and range.
///
/// DynamoDB numbers carry up to 38 significant digits with magnitudes from `1E-130` to
/// `9.9999999999999999999999999999999999999E+125`. A `Double` cannot hold that, so the value
/// is kept as its digits and a decimal exponent, normalised so that equal numbers are equal
/// values (`1.0`, `1`, `001` and `1E0` are the same number):
///
/// ```swift
/// let a = try DynamoNumber("1.50")      // 1.5
/// let b = try DynamoNumber("1E+2")      // 100
/// try a.adding(b).description           // "101.5"
/// ```
public struct DynamoNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The largest count of significant digits DynamoDB stores.
    public static let maxDigits = 38
    /// Adjusted exponents allowed: the value is `0.d1d2… × 10^exponent`.
    static let minExponent = -129
    static let maxExponent = 126

    /// True for negative values; never true for zero.
    public let isNegative: Bool
    /// Significant decimal digits (0…9), no leading or trailing zeros; empty for zero.
    public let digits: [UInt8]
    /// The value is `0.digits × 10^exponent` (0 for zero).
    public let exponent: Int

    public static let zero = DynamoNumber(uncheckedNegative: false, digits: [], exponent: 0)

    init(uncheckedNegative: Bool, digits: [UInt8], exponent: Int) {
        self.isNegative = uncheckedNegative
        self.digits = digits
        self.exponent = exponent
    }

    public var isZero: Bool { digits.isEmpty }

    /// Parses DynamoDB number text, e.g. `"-12.5"`, `"1E+10"`, `".5"`, with DynamoDB's validation.
    public init(_ text: String) throws(DynamoError) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var mantissa: [UInt8] = []
        var pointPosition: Int? = nil
        var sawDigit = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let b = bytes[index]
            if b >= 0x30 && b <= 0x39 {
                mantissa.append(b - 0x30)
                sawDigit = true
            } else if b == UInt8(ascii: "."), pointPosition == nil {
                pointPosition = mantissa.count
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { throw DynamoNumber.conversionError }
        var explicitExponent = 0
        if index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else {
                throw DynamoNumber.conversionError
            }
            index += 1
            var expNegative = false
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                expNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.endIndex else { throw DynamoNumber.conversionError }
            var value = 0
            while index < bytes.endIndex {
                let b = bytes[index]
                guard b >= 0x30 && b <= 0x39 else { throw DynamoNumber.conversionError }
                if value < 100_000 { value = value * 10 + Int(b - 0x30) }
                index += 1
            }
            explicitExponent = expNegative ? -value : value
        }
        let integerDigits = pointPosition ?? mantissa.count
        try self.init(negative: negative, rawDigits: mantissa, pointAfter: integerDigits, exponent10: explicitExponent)
    }

    /// Builds a normalised number from `digits` with the decimal point after `pointAfter` digits, times
    /// `10^exponent10`.
    init(negative: Bool, rawDigits: [UInt8], pointAfter: Int, exponent10: Int) throws(DynamoError) {
        guard let first = rawDigits.firstIndex(where: { $0 != 0 }) else {
            self = .zero
            return
        }
        let last = rawDigits.lastIndex(where: { $0 != 0 })!
        let significant = Array(rawDigits[first...last])
        let adjusted = pointAfter - first + exponent10
        guard adjusted <= DynamoNumber.maxExponent else {
            throw DynamoError.validation(
                "Number overflow. Attempting to store a number with magnitude larger than supported range")
        }
        guard adjusted >= DynamoNumber.minExponent else {
            throw DynamoError.validation(
                "Number underflow. Attempting to store a number with magnitude smaller than supported range")
        }
        guard significant.count <= DynamoNumber.maxDigits else {
            throw DynamoError.validation("Attempting to store more than 38 significant digits in a Number")
        }
        self.init(uncheckedNegative: negative, digits: significant, exponent: adjusted)
    }

    static var conversionError: DynamoError {
        DynamoError.validation("A value provided cannot be converted into a number")
    }

    public init(_ value: Int) {
        // Int always fits: at most 19 digits and a small exponent.
        self = (try? DynamoNumber(String(value))) ?? .zero
    }

    /// Canonical text, as DynamoDB returns it: plain notation, no exponent, no superfluous zeros.
    public var description: String {
        if digits.isEmpty { return "0" }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + 4)
        if isNegative { out.append(UInt8(ascii: "-")) }
        if exponent <= 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            for _ in 0..<(-exponent) { out.append(UInt8(ascii: "0")) }
            for d in digits { out.append(d + 0x30) }
        } else if exponent >= digits.count {
            for d in digits { out.append(d + 0x30) }
            for _ in 0..<(exponent - digits.count) { out.append(UInt8(ascii: "0")) }
        } else {
            for (i, d) in digits.enumerated() {
                if i == exponent { out.append(UInt8(ascii: ".")) }
                out.append(d + 0x30)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The number's share of an item's size: 1 byte, plus a byte per two significant digits on each
    /// side of the decimal point, plus 1 if negative (measured against DynamoDB by others).
    public var storageSize: Int {
        if digits.isEmpty { return 1 }
        let integerDigits = max(0, min(digits.count, exponent))
        let fractionDigits = digits.count - integerDigits
        return 1 + (integerDigits + 1) / 2 + (fractionDigits + 1) / 2 + (isNegative ? 1 : 0)
    }

    public static func < (lhs: DynamoNumber, rhs: DynamoNumber) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// Three-way comparison by value: -1, 0 or 1.
    public static func compare(_ a: DynamoNumber, _ b: DynamoNumber) -> Int {
        let signA = a.isZero ? 0 : (a.isNegative ? -1 : 1)
        let signB = b.isZero ? 0 : (b.isNegative ? -1 : 1)
        if signA != signB { return signA < signB ? -1 : 1 }
        if signA == 0 { return 0 }
        let magnitude = compareMagnitude(a, b)
        return signA > 0 ? magnitude : -magnitude
    }

    static func compareMagnitude(_ a: DynamoNumber, _ b: DynamoNumber) -> Int {
        if a.exponent != b.exponent { return a.exponent < b.exponent ? -1 : 1 }
        let n = min(a.digits.count, b.digits.count)
        for i in 0..<n where a.digits[i] != b.digits[i] { return a.digits[i] < b.digits[i] ? -1 : 1 }
        if a.digits.count == b.digits.count { return 0 }
        return a.digits.count < b.digits.count ? -1 : 1
    }

    public var negated: DynamoNumber {
        isZero ? self : DynamoNumber(uncheckedNegative: !isNegative, digits: digits, exponent: exponent)
    }

    /// Exact sum; fails as DynamoDB does when the result needs more than 38 digits or leaves the range.
    public func adding(_ other: DynamoNumber) throws(DynamoError) -> DynamoNumber {
        if isZero { return other }
        if other.isZero { return self }
        // Align both as integers scaled by 10^lowest, where lowest is the smallest digit position.
        let lowA = exponent - digits.count
        let lowB = other.exponent - other.digits.count
        let low = min(lowA, lowB)
        let width = max(exponent, other.exponent) - low
        let a = DynamoNumber.aligned(self, low: low, width: width)
        let b = DynamoNumber.aligned(other, low: low, width: width)
        var resultDigits: [UInt8]
        var negative: Bool
        if isNegative == other.isNegative {
            resultDigits = DynamoNumber.addDigits(a, b)
            negative = isNegative
        } else {
            let cmp = DynamoNumber.compareMagnitude(self, other)
            if cmp == 0 { return .zero }
            if cmp > 0 {
                resultDigits = DynamoNumber.subtractDigits(a, b)
                negative = isNegative
            } else {
                resultDigits = DynamoNumber.subtractDigits(b, a)
                negative = other.isNegative
            }
        }
        return try DynamoNumber(
            negative: negative, rawDigits: resultDigits, pointAfter: resultDigits.count, exponent10: low)
    }

    public func subtracting(_ other: DynamoNumber) throws(DynamoError) -> DynamoNumber {
        try adding(other.negated)
    }

    /// The digits as an integer of `width` digits (most significant first) scaled by `10^low`.
    static func aligned(_ n: DynamoNumber, low: Int, width: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: width)
        let leadingZeros = width - (n.exponent - low)
        for (i, d) in n.digits.enumerated() { out[leadingZeros + i] = d }
        return out
    }

    static func addDigits(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: a.count + 1)
        var carry: UInt8 = 0
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            let s = a[i] + b[i] + carry
            out[i + 1] = s % 10
            carry = s / 10
        }
        out[0] = carry
        return out
    }

    /// a - b for a ≥ b, equal widths.
    static func subtractDigits(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: a.count)
        var borrow: Int = 0
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            var d = Int(a[i]) - Int(b[i]) - borrow
            if d < 0 {
                d += 10
                borrow = 1
            } else {
                borrow = 0
            }
            out[i] = UInt8(d)
        }
        return out
    }
}
