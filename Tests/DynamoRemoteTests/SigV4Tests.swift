import DynamoCore
import Foundation
import Testing

@testable import DynamoRemote

@Suite struct SigV4Tests {
    /// AWS's worked example from the Signature Version 4 documentation (IAM ListUsers).
    @Test func awsPublishedExample() {
        let credentials = Credentials(
            accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let url = URL(string: "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08")!
        let date = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z
        let headers = SigV4.sign(
            method: "GET", url: url, headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
            body: [], credentials: credentials, region: "us-east-1", service: "iam", date: date)
        #expect(headers["x-amz-date"] == "20150830T123600Z")
        #expect(
            headers["authorization"] == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        )
    }

    @Test func sessionTokenIsSignedAndSecretsStayOutOfDescriptions() {
        let credentials = Credentials(
            accessKeyId: "AKIDEXAMPLE", secretAccessKey: "SECRET", sessionToken: "TOKEN", source: "test")
        let headers = SigV4.sign(
            method: "POST", url: URL(string: "http://127.0.0.1:8000")!, headers: [:], body: Array("{}".utf8),
            credentials: credentials, region: "us-east-1", service: "dynamodb", date: Date())
        #expect(headers["host"] == "127.0.0.1:8000")
        #expect(headers["x-amz-security-token"] == "TOKEN")
        #expect(headers["authorization"]?.contains("SignedHeaders=host;x-amz-date;x-amz-security-token") == true)
        #expect(!"\(credentials)".contains("SECRET") && !"\(credentials)".contains("TOKEN"))
    }

    /// Random requests signed by us and by botocore's SigV4Auth must agree.
    @Test(.enabled(if: botocorePython != nil, "python3 with botocore is not installed"))
    func matchesBotocoreOnRandomRequests() throws {
        let python = try #require(Self.botocorePython)
        // Seeded, and the seed is in every failure message, so a failing request can be made again.
        let seed = UInt64(Date().timeIntervalSince1970)
        var generator = SeededGenerator(seed: seed)
        let alphabet = Array("abcXYZ019-_.~ /+=&%é!*")
        func word(_ n: Int) -> String { String((0..<n).map { _ in alphabet.randomElement(using: &generator)! }) }
        var cases: [[String: Any]] = []
        for i in 0..<60 {
            let query = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                (word(4), word(Int.random(in: 0...6, using: &generator)))
            }
            var components = URLComponents()
            components.scheme = i % 2 == 0 ? "https" : "http"
            components.host = "dynamodb.eu-west-1.amazonaws.com"
            if i % 3 == 0 { components.port = 8443 }
            components.path = "/"
            if !query.isEmpty {
                components.percentEncodedQuery = query.map { "\(SigV4.uriEncode($0.0))=\(SigV4.uriEncode($0.1))" }
                    .joined(separator: "&")
            }
            let body = word(Int.random(in: 0...40, using: &generator))
            let headers = [
                "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.\(word(5))",
                "x-custom": "  a   b \(word(3)) ",
            ]
            let token: String? = i % 4 == 0 ? "tok\(word(6))" : nil
            let date = Date(timeIntervalSince1970: 1_700_000_000 + Double(i * 7919))
            let credentials = Credentials(
                accessKeyId: "AKID\(i)", secretAccessKey: "secret/\(word(8))", sessionToken: token)
            let ours = SigV4.sign(
                method: i % 5 == 0 ? "GET" : "POST", url: components.url!, headers: headers, body: Array(body.utf8),
                credentials: credentials, region: "eu-west-1", service: "dynamodb", date: date)
            cases.append([
                "method": i % 5 == 0 ? "GET" : "POST", "url": components.url!.absoluteString, "headers": headers,
                "body": body,
                "key": credentials.accessKeyId, "secret": credentials.secretAccessKey, "token": token as Any,
                "timestamp": SigV4.timestamp(date), "ours": ours["authorization"]!,
            ])
        }
        let input = try JSONSerialization.data(withJSONObject: cases)
        let script = """
            import json, sys, datetime
            from unittest import mock
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            bad = 0
            for case in json.load(sys.stdin):
                request = AWSRequest(method=case["method"], url=case["url"], data=case["body"].encode(), headers=case["headers"])
                stamp = datetime.datetime.strptime(case["timestamp"], "%Y%m%dT%H%M%SZ")
                with mock.patch("botocore.auth.get_current_datetime", return_value=stamp):
                    SigV4Auth(Credentials(case["key"], case["secret"], case["token"]), "dynamodb", "eu-west-1").add_auth(request)
                if request.headers["Authorization"] != case["ours"]:
                    bad += 1
                    print("MISMATCH", case["url"], request.headers["Authorization"], case["ours"])
            print("compared", bad)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output.hasSuffix("compared 0\n"), "seed \(seed): \(output)")
    }

    static let botocorePython: String? = findBotocore()

    static func findBotocore() -> String? {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"]
            + (ProcessInfo.processInfo.environment["PATH"] ?? "")
            .split(separator: ":").map({ "\($0)/python3" })
        where FileManager.default.isExecutableFile(atPath: candidate) {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: candidate)
            probe.arguments = ["-c", "import botocore"]
            probe.standardError = FileHandle.nullDevice
            if (try? probe.run()) != nil {
                probe.waitUntilExit()
                if probe.terminationStatus == 0 { return candidate }
            }
        }
        return nil
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func retryDelaysAreFullJitterCappedExponential() {
        let policy = RetryPolicy(maxAttempts: 5, base: .milliseconds(100))
        #expect(policy.delay(beforeRetry: 1, random: 0.999) < .milliseconds(100))
        #expect(policy.delay(beforeRetry: 3, random: 0.5) == .milliseconds(200))
        #expect(policy.delay(beforeRetry: 30, random: 0.999) <= .seconds(20))
        #expect(policy.delay(beforeRetry: 2, random: 0) == .zero)
    }
}
