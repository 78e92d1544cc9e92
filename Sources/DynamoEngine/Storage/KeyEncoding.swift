import DynamoCore

/// Order-preserving byte encodings of key values, so SQLite's BLOB order (memcmp) is DynamoDB's order.
///
/// Strings are their UTF-8 bytes and binary its bytes (both compare as unsigned bytes, as in
/// DynamoDB). Numbers become: a sign byte, a two-byte exponent and one byte per digit, with every
/// byte after the sign complemented for negatives so that larger magnitudes sort first.
enum KeyEncoding {
    static func encode(_ value: AttributeValue) -> [UInt8] {
        switch value {
        case .s(let s): return Array(s.utf8)
        case .b(let b): return b
        case .n(let n): return encode(n)
        default: return []
        }
    }

    static func encode(_ n: DynamoNumber) -> [UInt8] {
        if n.isZero { return [0x80] }
        // Exponent range -129…126 is shifted to stay positive; digits 0…9 become 0x01…0x0A.
        let e = UInt16(n.exponent + 1000)
        var out: [UInt8] = [n.isNegative ? 0x40 : 0xC0, UInt8(e >> 8), UInt8(e & 0xFF)]
        out.reserveCapacity(n.digits.count + 4)
        for d in n.digits { out.append(d + 1) }
        if n.isNegative {
            for i in 1..<out.count { out[i] = ~out[i] }
            out.append(0xFF)  // a shorter negative digit string is the larger number
        }
        return out
    }

    /// One attribute of a multi-attribute key: order-preserving and self-delimiting, so a run of components
    /// compares attribute by attribute. Strings and binary escape 0x00 as 0x00 0xFF and end with 0x00 0x00;
    /// a positive number ends with 0x00 (a shorter digit string is the smaller number); negatives and zero
    /// delimit themselves already.
    static func component(_ value: AttributeValue) -> [UInt8] {
        switch value {
        case .s(let s): return escaped(Array(s.utf8)) + [0x00, 0x00]
        case .b(let b): return escaped(b) + [0x00, 0x00]
        case .n(let n): return n.isNegative || n.isZero ? encode(n) : encode(n) + [0x00]
        default: return []
        }
    }

    /// A component's bytes without its end: what every string or binary starting with `prefix` starts with.
    static func componentPrefix(_ prefix: AttributeValue) -> [UInt8] {
        switch prefix {
        case .s(let s): return escaped(Array(s.utf8))
        case .b(let b): return escaped(b)
        default: return component(prefix)
        }
    }

    static func escaped(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 2)
        for b in bytes {
            out.append(b)
            if b == 0 { out.append(0xFF) }
        }
        return out
    }

    /// A 32-bit hash of the partition key bytes: the scan order and the parallel-scan segment
    /// boundaries. FNV-1a followed by MurmurHash3's finalizer, whose avalanche spreads keys that differ
    /// only in their last characters (`p1`, `p2`, …) over the whole range, so segments get even shares.
    static func partitionHash(_ bytes: [UInt8]) -> Int64 {
        var h: UInt32 = 2_166_136_261
        for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
        h ^= h >> 16
        h = h &* 0x85eb_ca6b
        h ^= h >> 13
        h = h &* 0xc2b2_ae35
        h ^= h >> 16
        return Int64(h)
    }

    /// The smallest byte string greater than every string starting with `prefix`, or nil if none.
    static func prefixSuccessor(_ prefix: [UInt8]) -> [UInt8]? {
        var p = prefix
        while let last = p.last {
            if last < 0xFF {
                p[p.count - 1] = last + 1
                return p
            }
            p.removeLast()
        }
        return nil
    }
}
