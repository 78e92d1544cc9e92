import Testing

@testable import DynamoCore

@Suite struct CodecTests {
    @Test func jsonKeepsNumbersExact() throws {
        let doc = try JSONValue.parse(
            #"{"a": 12345678901234567890.123456789, "b": [1, -2e5, "x\u00e9\ud83d\ude00"], "c": null}"#)
        #expect(doc["a"]?.numberText == "12345678901234567890.123456789")
        #expect(try JSONValue.parse(doc.jsonText) == doc)
        #expect(doc["b"]?.arrayValue?[2].stringValue == "xé😀")
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "tru", "{\"a\":1}x", "\"\u{01}\"", "\"\\ud800\"",
    ])
    func jsonRejectsMalformed(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func jsonRejectsDeepNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func typedJSONRoundTripsEveryType() throws {
        let text =
            #"{"s":{"S":"x"},"n":{"N":"1.50"},"b":{"B":"AAE="},"ss":{"SS":["b","a"]},"ns":{"NS":["2","1.0"]},"bs":{"BS":["AA=="]},"t":{"BOOL":true},"z":{"NULL":true},"l":{"L":[{"S":"e"}]},"m":{"M":{"k":{"N":"-0"}}}}"#
        let item = try TypedJSON.decodeItem(try JSONValue.parse(text))
        #expect(item["n"] == .n(try DynamoNumber("1.5")))
        #expect(item["ss"] == .ss(["a", "b"]))
        #expect(item["b"] == .b([0, 1]))
        #expect(try TypedJSON.decodeItem(TypedJSON.encodeItem(item)) == item)
    }

    @Test func typedJSONValidation() throws {
        #expect(
            throws: DynamoError.validation("One or more parameter values were invalid: An string set may not be empty")
        ) {
            try TypedJSON.decode(try JSONValue.parse(#"{"SS": []}"#))
        }
        #expect(
            throws: DynamoError.validation(
                "One or more parameter values were invalid: Input collection contains duplicates")
        ) {
            try TypedJSON.decode(try JSONValue.parse(#"{"NS": ["1", "1.0"]}"#))
        }
        #expect(
            throws: DynamoError.validation(
                "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
            )
        ) {
            try TypedJSON.decode(try JSONValue.parse(#"{"S": "a", "N": "1"}"#))
        }
        #expect(
            throws: DynamoError.validation(
                "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
        ) {
            try TypedJSON.decode(try JSONValue.parse(#"{}"#))
        }
        #expect(throws: DynamoError.self) { try TypedJSON.decode(try JSONValue.parse(#"{"NULL": false}"#)) }
        #expect(throws: DynamoError.self) { try TypedJSON.decode(try JSONValue.parse(#"{"SS": ["a", 1]}"#)) }
    }

    @Test func plainJSONIsLosslessOrRefuses() throws {
        let json = try JSONValue.parse(
            #"{"price": 19.990000000000000000001, "tags": {"$ss": ["b", "a"]}, "blob": {"$b": "AAE="}, "ids": {"$ns": [2, 1]}, "nested": {"x": [true, null]}}"#
        )
        let item = try PlainJSON.decodeItem(json)
        #expect(item["price"] == .n(try DynamoNumber("19.990000000000000000001")))
        #expect(item["tags"] == .ss(["a", "b"]))
        #expect(item["blob"] == .b([0, 1]))
        #expect(try PlainJSON.decodeItem(try PlainJSON.encodeItem(item)) == item)
        // A one-key map that would read back as a tag or as typed JSON is written with $m, and reads back.
        let tricky: [AttributeValue] = [
            .m(["$ss": .s("not a set")]), .m(["N": .s("5")]), .m(["$m": .n(try DynamoNumber("1"))]),
        ]
        for value in tricky {
            let encoded = try PlainJSON.encode(value)
            #expect(encoded["$m"] != nil)
            #expect(try PlainJSON.decode(encoded) == value)
        }
        #expect(throws: DynamoError.self) { try PlainJSON.decode(try JSONValue.parse(#"{"N": "5"}"#)) }
        #expect(throws: DynamoError.self) { try PlainJSON.decode(try JSONValue.parse("1e400")) }
    }

    @Test func itemSizeFollowsDynamoDBRules() throws {
        #expect(ItemSize.of(["ab": .s("xyz")]) == 5)
        #expect(ItemSize.of(["a": .bool(true), "b": .null]) == 4)
        #expect(ItemSize.of(["l": .l([.s("ab"), .s("c")])]) == 1 + 3 + (1 + 2) + (1 + 1))
        #expect(ItemSize.of(["m": .m(["k": .s("v")])]) == 1 + 3 + 1 + 1 + 1)
        #expect(ItemSize.of(["n": .n(try DynamoNumber("12345"))]) == 1 + 1 + 3)
    }
}
