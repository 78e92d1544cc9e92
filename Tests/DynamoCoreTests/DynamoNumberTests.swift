import Testing

@testable import DynamoCore

@Suite struct DynamoNumberTests {
    @Test(arguments: [
        ("1.0", "1"), ("-0", "0"), ("001", "1"), ("1E+2", "100"), ("1.50", "1.5"), (".5", "0.5"), ("5.", "5"),
        ("-12.340", "-12.34"), ("1e-5", "0.00001"),
        ("123456789012345678901234567890123456.78", "123456789012345678901234567890123456.78"),
        ("0.000", "0"), ("+7", "7"), ("1E125", "1" + String(repeating: "0", count: 125)),
    ])
    func normalises(input: String, expected: String) throws {
        #expect(try DynamoNumber(input).description == expected)
    }

    @Test func rejectsWithDynamoDBMessages() {
        #expect(throws: DynamoError.validation("Attempting to store more than 38 significant digits in a Number")) {
            try DynamoNumber(String(repeating: "1", count: 39))
        }
        #expect(
            throws: DynamoError.validation(
                "Number overflow. Attempting to store a number with magnitude larger than supported range")
        ) {
            try DynamoNumber("1E126")
        }
        #expect(
            throws: DynamoError.validation(
                "Number underflow. Attempting to store a number with magnitude smaller than supported range")
        ) {
            try DynamoNumber("1E-131")
        }
        for bad in ["", "abc", "1.2.3", "1e", "--1", "NaN", "Infinity", " 1", "0x10"] {
            #expect(throws: DynamoError.validation("A value provided cannot be converted into a number")) {
                try DynamoNumber(bad)
            }
        }
    }

    @Test func boundariesAreAccepted() throws {
        _ = try DynamoNumber("9.9999999999999999999999999999999999999E+125")
        _ = try DynamoNumber("-9.9999999999999999999999999999999999999E+125")
        _ = try DynamoNumber("1E-130")
        #expect(try DynamoNumber("1" + String(repeating: "0", count: 50)).description.count == 51)
    }

    @Test func comparesByValue() throws {
        let ordered = [
            "-1E+20", "-100", "-1.5", "-1", "-0.001", "0", "0.001", "0.5", "1", "1.5", "2", "10", "100", "1E+20",
        ]
        let numbers = try ordered.map { try DynamoNumber($0) }
        for i in 0..<numbers.count {
            for j in 0..<numbers.count {
                #expect((numbers[i] < numbers[j]) == (i < j), "\(ordered[i]) vs \(ordered[j])")
            }
        }
        #expect(try DynamoNumber("1.0") == DynamoNumber("1"))
    }

    @Test func addsAndSubtractsExactly() throws {
        #expect(try DynamoNumber("0.1").adding(DynamoNumber("0.2")).description == "0.3")
        #expect(try DynamoNumber("1").subtracting(DynamoNumber("1")).description == "0")
        #expect(try DynamoNumber("-5.5").adding(DynamoNumber("2.25")).description == "-3.25")
        #expect(
            try DynamoNumber("99999999999999999999999999999999999999").adding(DynamoNumber("-1")).description
                == "99999999999999999999999999999999999998")
        #expect(throws: DynamoError.validation("Attempting to store more than 38 significant digits in a Number")) {
            try DynamoNumber("99999999999999999999999999999999999999").adding(DynamoNumber("0.1"))
        }
        #expect(
            throws: DynamoError.validation(
                "Number overflow. Attempting to store a number with magnitude larger than supported range")
        ) {
            try DynamoNumber("9.9999999999999999999999999999999999999E+125").adding(DynamoNumber("1E+125"))
        }
    }

    @Test func storageSizeFollowsSignificantDigits() throws {
        #expect(try DynamoNumber("1E125").storageSize == 2)
        #expect(try DynamoNumber("123.45").storageSize == 1 + 2 + 1)
        #expect(try DynamoNumber("-1").storageSize == 3)
    }
}
