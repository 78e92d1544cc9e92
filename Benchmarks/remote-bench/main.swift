// Sequential GetItem and Query round trips through the remote backend (SigV4, AsyncHTTPClient).
// Run by Benchmarks/remote_bench.py beside boto3 against the same `serve`:
//   remote-bench http://127.0.0.1:PORT 2000
import DynamoCore
import DynamoRemote
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 2, let endpoint = URL(string: arguments[1]) else {
    print("usage: remote-bench ENDPOINT [COUNT]")
    exit(2)
}
let count = arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000
let environment = AWSEnvironment(variables: [
    "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "HOME": "/nonexistent",
])
let settings = try RemoteSettings.resolve(RemoteFlags(endpointURL: endpoint.absoluteString), environment: environment)
let backend = RemoteBackend(settings: settings, environment: environment)

func rate(_ label: String, _ body: (Int) async throws -> Void) async rethrows {
    for i in 0..<50 { try await body(i) }  // warm up the connection
    let start = ContinuousClock.now
    for i in 0..<count { try await body(i) }
    let elapsed = start.duration(to: .now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "%@ %.1f", label, Double(count) / seconds))
}

try await rate("get_item") { i in
    _ = try await backend.perform(
        .getItem, ["TableName": "Movies", "Key": ["year": ["N": .string("\(1990 + i % 10)")], "title": ["S": "X"]]])
}
try await rate("query") { i in
    _ = try await backend.perform(
        .query,
        [
            "TableName": "Shop", "KeyConditionExpression": "pk = :p", "Limit": 10,
            "ExpressionAttributeValues": [":p": ["S": .string(String(format: "CUSTOMER#C%04d", 1 + i % 50))]],
        ])
}
