import Foundation
import Testing

@testable import DynamoCore

/// A deterministic generator for property tests.
@Suite struct PropertyTests {
    static let tokens = [
        "a", "b.c", "#n", ":v", "x[1]", "=", "<>", "<", ">=", "AND", "OR", "NOT", "(", ")", ",", "BETWEEN", "IN",
        "attribute_exists", "begins_with", "size", "contains", "SET", "REMOVE", "ADD", "DELETE", "+", "-",
        "list_append",
        "if_not_exists", "status", "[", "]", ".", "0", "99999999999999999999", "$", "\"", "é",
    ]

    @Test func printedConditionsParseBackToTheSameTree() throws {
        var rng = SeededGenerator(seed: 7)
        let atoms = [
            "a = :v", "b.c < :w", "#n <> :v", "size(x[1]) >= :w", "attribute_exists(a)", "begins_with(#n, :v)",
            "contains(b, :w)", "a BETWEEN :v AND :w", "a IN (:v, :w)", "attribute_type(a, :v)",
        ]
        func random(_ depth: Int) -> String {
            if depth == 0 || Int.random(in: 0..<3, using: &rng) == 0 { return atoms.randomElement(using: &rng)! }
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: return "(\(random(depth - 1)) AND \(random(depth - 1)))"
            case 1: return "\(random(depth - 1)) OR \(random(depth - 1))"
            default: return "NOT \(random(depth - 1))"
            }
        }
        for _ in 0..<500 {
            let text = random(4)
            let tree = try ExpressionParser.parseCondition(text)
            #expect(try ExpressionParser.parseCondition(tree.description) == tree, "\(text)")
        }
        let update = try ExpressionParser.parseUpdate(
            "SET a = b + :v, c[2] = list_append(:l, c) REMOVE d.e ADD f :n DELETE g :s")
        #expect(try ExpressionParser.parseUpdate(update.description) == update)
    }

    @Test func randomTokenSoupsAndBytesNeverCrash() {
        var rng = SeededGenerator(seed: 11)
        for i in 0..<3000 {
            let text: String
            if i % 2 == 0 {
                text = (0..<Int.random(in: 0..<12, using: &rng)).map { _ in
                    PropertyTests.tokens.randomElement(using: &rng)!
                }.joined(separator: " ")
            } else {
                let bytes = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng)
                }
                text = String(decoding: bytes, as: UTF8.self)
            }
            for parse in [
                { _ = try ExpressionParser.parseCondition(text) }, { _ = try ExpressionParser.parseUpdate(text) },
                { _ = try ExpressionParser.parseProjection(text) },
            ] {
                do { try parse() } catch let e as DynamoError {
                    #expect(e.type == "ValidationException")
                } catch {
                    Issue.record("unexpected error \(error) for \(text)")
                }
            }
        }
    }

    /// DynamoNumber arithmetic and order agree with Python's decimal module at 38 digits of precision.
    @Test func numberArithmeticMatchesPythonDecimal() throws {
        var rng = SeededGenerator(seed: 3)
        func randomNumber() -> String {
            let digits = (0..<Int.random(in: 1...20, using: &rng)).map { _ in String(Int.random(in: 0...9, using: &rng))
            }.joined()
            let exponent = Int.random(in: -30...30, using: &rng)
            return (Bool.random(using: &rng) ? "-" : "") + digits + "E" + String(exponent)
        }
        let pairs = (0..<400).map { _ in (randomNumber(), randomNumber()) }
        let script = """
            import sys, decimal
            decimal.getcontext().prec = 80
            for line in sys.stdin:
                a, b = line.split()
                x, y = decimal.Decimal(a), decimal.Decimal(b)
                s = x + y
                t = '0' if s == 0 else format(s.normalize(), 'f')
                print(t, (x > y) - (x < y))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(pairs.map { "\($0.0) \($0.1)\n" }.joined().utf8))
        try input.fileHandleForWriting.close()
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(
            separator: "\n")
        process.waitUntilExit()
        #expect(lines.count == pairs.count)
        for ((a, b), line) in zip(pairs, lines) {
            let parts = line.split(separator: " ")
            let x = try DynamoNumber(a)
            let y = try DynamoNumber(b)
            #expect(String(DynamoNumber.compare(x, y)) == parts[1], "\(a) vs \(b)")
            if let sum = try? x.adding(y) {
                #expect(sum.description == String(parts[0]), "\(a) + \(b)")
            } else {
                #expect(
                    parts[0].filter(\.isNumber).drop(while: { $0 == "0" }).count > 38,
                    "\(a) + \(b) rejected but python says \(parts[0])")
            }
        }
    }
}
