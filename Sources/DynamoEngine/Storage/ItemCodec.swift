import DynamoCore

/// A compact binary form of items for storage: a type tag, a varint length and the payload.
/// Much faster to read back than JSON, and it keeps numbers as their canonical text.
enum ItemCodec {
    enum Tag: UInt8 { case s = 1, n, b, ss, ns, bs, boolFalse, boolTrue, null, l, m }

    static func encode(_ item: Item) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        writeVarint(item.count, &out)
        for (name, value) in item {
            writeBytes(name.utf8, &out)
            write(value, &out)
        }
        return out
    }

    static func writeVarint(_ value: Int, _ out: inout [UInt8]) {
        var v = UInt64(value)
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func writeBytes<C: Collection>(_ bytes: C, _ out: inout [UInt8]) where C.Element == UInt8 {
        writeVarint(bytes.count, &out)
        out.append(contentsOf: bytes)
    }

    static func write(_ value: AttributeValue, _ out: inout [UInt8]) {
        switch value {
        case .s(let s):
            out.append(Tag.s.rawValue)
            writeBytes(s.utf8, &out)
        case .n(let n):
            out.append(Tag.n.rawValue)
            writeBytes(n.description.utf8, &out)
        case .b(let b):
            out.append(Tag.b.rawValue)
            writeBytes(b, &out)
        case .ss(let set):
            out.append(Tag.ss.rawValue)
            writeVarint(set.count, &out)
            for s in set { writeBytes(s.utf8, &out) }
        case .ns(let set):
            out.append(Tag.ns.rawValue)
            writeVarint(set.count, &out)
            for n in set { writeBytes(n.description.utf8, &out) }
        case .bs(let set):
            out.append(Tag.bs.rawValue)
            writeVarint(set.count, &out)
            for b in set { writeBytes(b, &out) }
        case .bool(let b): out.append(b ? Tag.boolTrue.rawValue : Tag.boolFalse.rawValue)
        case .null: out.append(Tag.null.rawValue)
        case .l(let list):
            out.append(Tag.l.rawValue)
            writeVarint(list.count, &out)
            for e in list { write(e, &out) }
        case .m(let map):
            out.append(Tag.m.rawValue)
            writeVarint(map.count, &out)
            for (k, v) in map {
                writeBytes(k.utf8, &out)
                write(v, &out)
            }
        }
    }

    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        mutating func varint() throws(DynamoError) -> Int {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard index < bytes.count, shift < 64 else { throw corrupt() }
                let b = bytes[index]
                index += 1
                result |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return Int(result) }
                shift += 7
            }
        }

        mutating func rawBytes() throws(DynamoError) -> UnsafeRawBufferPointer {
            let n = try varint()
            guard n >= 0, index + n <= bytes.count else { throw corrupt() }
            defer { index += n }
            return UnsafeRawBufferPointer(rebasing: bytes[index..<(index + n)])
        }

        mutating func string() throws(DynamoError) -> String { String(decoding: try rawBytes(), as: UTF8.self) }
        mutating func number() throws(DynamoError) -> DynamoNumber { try DynamoNumber(try string()) }

        mutating func value() throws(DynamoError) -> AttributeValue {
            guard index < bytes.count, let tag = Tag(rawValue: bytes[index]) else { throw corrupt() }
            index += 1
            switch tag {
            case .s: return .s(try string())
            case .n: return .n(try number())
            case .b: return .b(Array(try rawBytes()))
            case .ss:
                let n = try varint()
                var a: [String] = []
                a.reserveCapacity(n)
                for _ in 0..<n { a.append(try string()) }
                return .ss(a)
            case .ns:
                let n = try varint()
                var a: [DynamoNumber] = []
                a.reserveCapacity(n)
                for _ in 0..<n { a.append(try number()) }
                return .ns(a)
            case .bs:
                let n = try varint()
                var a: [[UInt8]] = []
                a.reserveCapacity(n)
                for _ in 0..<n { a.append(Array(try rawBytes())) }
                return .bs(a)
            case .boolFalse: return .bool(false)
            case .boolTrue: return .bool(true)
            case .null: return .null
            case .l:
                let n = try varint()
                var a: [AttributeValue] = []
                a.reserveCapacity(n)
                for _ in 0..<n { a.append(try value()) }
                return .l(a)
            case .m:
                let n = try varint()
                var m = [String: AttributeValue](minimumCapacity: n)
                for _ in 0..<n {
                    let k = try string()
                    m[k] = try value()
                }
                return .m(m)
            }
        }

        func corrupt() -> DynamoError { DynamoError(type: "InternalServerError", message: "Stored item is corrupt") }
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws(DynamoError) -> Item {
        var reader = Reader(bytes: bytes)
        let n = try reader.varint()
        var item = Item(minimumCapacity: n)
        for _ in 0..<n {
            let name = try reader.string()
            item[name] = try reader.value()
        }
        return item
    }

    static func decode(_ bytes: [UInt8]) throws(DynamoError) -> Item {
        do {
            return try bytes.withUnsafeBytes { buffer in try decode(buffer) }
        } catch let e as DynamoError {
            throw e
        } catch {
            throw DynamoError(type: "InternalServerError", message: "\(error)")
        }
    }
}
