import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing

@testable import DynamoRemote

/// The credentials of code running on AWS: IMDSv2, ECS/EKS container credentials and web identity,
/// each against a local stub of its service.
@Suite struct MachineCredentialTests {
    static func keysJSON(_ key: String) -> String {
        let expires = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        return
            #"{"Code": "Success", "AccessKeyId": "\#(key)", "SecretAccessKey": "s", "Token": "t", "Expiration": "\#(expires)"}"#
    }

    @Test func instanceMetadataTakesASessionTokenThenTheRolesKeys() async throws {
        let seen = Mutex<[String]>([])
        let imds = try await StubServer.start { router in
            router.put("/latest/api/token") { request, _ -> Response in
                seen.withLock {
                    $0.append(
                        "token ttl=\(request.headers[HTTPField.Name("x-aws-ec2-metadata-token-ttl-seconds")!] ?? "")")
                }
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "session-token")))
            }
            router.get("/latest/meta-data/iam/security-credentials") { request, _ -> Response in
                let token = request.headers[HTTPField.Name("x-aws-ec2-metadata-token")!] ?? ""
                seen.withLock { $0.append("roles token=\(token)") }
                guard token == "session-token" else { return Response(status: .unauthorized) }
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "WebServerRole\n")))
            }
            router.get("/latest/meta-data/iam/security-credentials/WebServerRole") { request, _ -> Response in
                guard request.headers[HTTPField.Name("x-aws-ec2-metadata-token")!] == "session-token" else {
                    return Response(status: .unauthorized)
                }
                return jsonResponse(.ok, MachineCredentialTests.keysJSON("ASIAIMDS"))
            }
        }
        defer { imds.stop() }
        let home = try AWSHome()
        let (_, chain) = try home.chain(
            RemoteFlags(region: "eu-west-1"),
            ["AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.url.absoluteString])
        let credentials = try await chain.credentials()
        #expect(credentials.accessKeyId == "ASIAIMDS" && credentials.sessionToken == "t")
        #expect(credentials.source == "instance metadata (role WebServerRole)")
        #expect(seen.withLock { $0 } == ["token ttl=21600", "roles token=session-token"])
        // Turned off, nothing is asked and the error says what was tried.
        let (_, off) = try home.chain(
            RemoteFlags(region: "eu-west-1"),
            [
                "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.url.absoluteString, "AWS_EC2_METADATA_DISABLED": "true",
            ])
        await #expect(throws: RemoteError.self) { _ = try await off.credentials() }
    }

    @Test func containerCredentialsSendTheAuthorizationTokenFromItsFile() async throws {
        let imds = Counter()
        let container = try await StubServer.start { router in
            router.get("/creds") { request, _ -> Response in
                guard request.headers[.authorization] == "secret-token-1" else { return Response(status: .forbidden) }
                return jsonResponse(.ok, MachineCredentialTests.keysJSON("ASIACONTAINER"))
            }
            router.put("/latest/api/token") { _, _ -> Response in
                _ = imds.next()
                return Response(status: .ok)
            }
        }
        defer { container.stop() }
        let home = try AWSHome()
        let tokenFile = home.path + "/token"
        try "secret-token-1\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let (_, chain) = try home.chain(
            RemoteFlags(region: "eu-west-1"),
            [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": container.url.absoluteString + "/creds",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
                "AWS_EC2_METADATA_SERVICE_ENDPOINT": container.url.absoluteString,
            ])
        let credentials = try await chain.credentials()
        #expect(credentials.accessKeyId == "ASIACONTAINER" && credentials.source.hasPrefix("container credentials"))
        #expect(imds.count == 0, "container credentials come before instance metadata")
        // A wrong token is refused by the endpoint, and the error says which endpoint.
        try "wrong".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        await chain.invalidate()
        do {
            _ = try await chain.credentials()
            Issue.record("a refused token gave credentials")
        } catch let error as RemoteError {
            #expect(error.description.contains("HTTP 403") && error.description.contains("/creds"))
        }
        // Plain http to another machine is refused, as the SDKs refuse it.
        #expect(throws: RemoteError.self) {
            _ = try MachineCredentials.containerEndpoint(
                AWSEnvironment(variables: [
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://203.0.113.9/creds"
                ]))
        }
    }

    @Test func webIdentityExchangesTheTokenAtSTSWithoutASignature() async throws {
        let seen = Mutex<[String]>([])
        let sts = try await StubServer.start { router in
            router.post("/") { request, _ -> Response in
                let form = String(buffer: try await request.body.collect(upTo: 1 << 20))
                seen.withLock { $0.append(form + " | auth=" + (request.headers[.authorization] ?? "none")) }
                return Response(
                    status: .ok,
                    body: .init(
                        byteBuffer: ByteBuffer(
                            string: """
                                <AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>
                                <AccessKeyId>ASIAWEB</AccessKeyId><SecretAccessKey>web-secret</SecretAccessKey>
                                <SessionToken>web-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>
                                </Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>
                                """)))
            }
        }
        defer { sts.stop() }
        // A default profile with static keys: web identity from the environment comes first, as in the SDKs.
        let home = try AWSHome(credentials: "[default]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = x\n")
        let tokenFile = home.path + "/oidc-token"
        try "eyJ.web.identity\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let (_, chain) = try home.chain(
            RemoteFlags(region: "eu-west-1"),
            [
                "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/Pod",
                "AWS_ROLE_SESSION_NAME": "pod-1", "AWS_ENDPOINT_URL_STS": sts.url.absoluteString,
            ])
        let credentials = try await chain.credentials()
        #expect(credentials.accessKeyId == "ASIAWEB" && credentials.sessionToken == "web-token")
        let request = seen.withLock { $0.first } ?? ""
        #expect(
            request.contains("Action=AssumeRoleWithWebIdentity")
                && request.contains("WebIdentityToken=eyJ.web.identity"))
        #expect(request.contains("RoleSessionName=pod-1") && request.hasSuffix("auth=none"))
        // A token file that cannot be read says so.
        let (_, broken) = try home.chain(
            RemoteFlags(region: "eu-west-1"),
            [
                "AWS_WEB_IDENTITY_TOKEN_FILE": home.path + "/missing", "AWS_ROLE_ARN": "arn:aws:iam::1:role/R",
            ])
        do {
            _ = try await broken.credentials()
            Issue.record("a missing token file gave credentials")
        } catch let error as RemoteError {
            #expect(error.description.contains("cannot be read"))
        }
    }
}
