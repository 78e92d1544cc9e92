import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import Testing

@testable import DynamoRemote

/// A temporary home with `.aws/config` and `.aws/credentials`, removed afterwards.
final class AWSHome {
    let path: String

    init(config: String = "", credentials: String = "") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("dx-aws-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(path)/.aws/sso/cache", withIntermediateDirectories: true)
        try config.write(toFile: "\(path)/.aws/config", atomically: true, encoding: .utf8)
        try credentials.write(toFile: "\(path)/.aws/credentials", atomically: true, encoding: .utf8)
    }

    /// Instance metadata is off unless a test points it at its own stub: a test never sends a
    /// request to the link-local metadata address.
    func environment(_ variables: [String: String] = [:]) -> AWSEnvironment {
        var defaults = ["HOME": path]
        if variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] == nil { defaults["AWS_EC2_METADATA_DISABLED"] = "true" }
        return AWSEnvironment(variables: variables.merging(defaults) { current, _ in current })
    }

    func chain(_ flags: RemoteFlags = RemoteFlags(region: "eu-west-1"), _ variables: [String: String] = [:]) throws -> (
        RemoteSettings, CredentialChain
    ) {
        let environment = environment(variables)
        let settings = try RemoteSettings.resolve(flags, environment: environment)
        return (settings, CredentialChain(settings: settings, environment: environment, http: HTTPCaller()))
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct CredentialTests {
    let files = """
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = default-secret

        [dev]
        aws_access_key_id = AKIDDEV
        aws_secret_access_key = dev-secret
        aws_session_token = dev-token
        """

    @Test func environmentKeysWinUnlessAProfileIsNamedOnTheCommandLine() async throws {
        let home = try AWSHome(credentials: files)
        let env = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_PROFILE": "dev"]
        let fromEnv = try await home.chain(RemoteFlags(region: "eu-west-1"), env).1.credentials()
        #expect(fromEnv.accessKeyId == "AKIDENV" && fromEnv.source == "environment")
        let named = try await home.chain(RemoteFlags(profile: "dev", region: "eu-west-1"), env).1.credentials()
        #expect(named.accessKeyId == "AKIDDEV" && named.sessionToken == "dev-token")
        let byVariable = try await home.chain(RemoteFlags(region: "eu-west-1"), ["AWS_PROFILE": "dev"]).1.credentials()
        #expect(byVariable.accessKeyId == "AKIDDEV")
        let fallback = try await home.chain().1.credentials()
        #expect(fallback.accessKeyId == "AKIDDEFAULT")
        await #expect(throws: Error.self) {
            _ = try await home.chain(RemoteFlags(region: "eu-west-1"), ["AWS_ACCESS_KEY_ID": "only-half"]).1
                .credentials()
        }
    }

    @Test func regionEndpointAndAttemptsResolveInTheCLIsOrder() throws {
        let home = try AWSHome(
            config: """
                [profile dev]
                region = ap-south-1
                max_attempts = 7
                services = local-ddb

                [services local-ddb]
                dynamodb =
                  endpoint_url = http://127.0.0.1:9001
                """, credentials: files)
        let profile = try RemoteSettings.resolve(RemoteFlags(profile: "dev"), environment: home.environment())
        #expect(
            profile.region == "ap-south-1" && profile.maxAttempts == 7
                && profile.endpoint.absoluteString == "http://127.0.0.1:9001")
        let env = home.environment([
            "AWS_REGION": "eu-central-1", "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9002", "AWS_MAX_ATTEMPTS": "2",
        ])
        let overridden = try RemoteSettings.resolve(RemoteFlags(profile: "dev"), environment: env)
        #expect(overridden.region == "eu-central-1" && overridden.endpoint.port == 9002 && overridden.maxAttempts == 2)
        let flags = try RemoteSettings.resolve(
            RemoteFlags(profile: "dev", region: "us-west-2", endpointURL: "http://127.0.0.1:9003"), environment: env)
        #expect(flags.region == "us-west-2" && flags.endpoint.port == 9003)
        let aws = try RemoteSettings.resolve(RemoteFlags(region: "eu-west-1"), environment: AWSHome().environment())
        #expect(aws.endpoint.absoluteString == "https://dynamodb.eu-west-1.amazonaws.com" && aws.maxAttempts == 3)
        #expect(!aws.label.contains("AKID"))
        #expect(throws: RemoteError.self) {
            try RemoteSettings.resolve(RemoteFlags(), environment: AWSHome().environment())
        }
        #expect(throws: RemoteError.self) {
            try RemoteSettings.resolve(RemoteFlags(profile: "nope"), environment: home.environment())
        }
        let local = try RemoteSettings.resolve(RemoteFlags(local: true), environment: AWSHome().environment())
        #expect(local.endpoint.absoluteString == "http://127.0.0.1:8000" && local.region == "us-east-1")
    }

    @Test func credentialProcessOutputIsUsedAndFailuresAreNamed() async throws {
        let home = try AWSHome(
            config: """
                [profile proc]
                credential_process = printf '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2099-01-01T00:00:00Z"}'

                [profile broken]
                credential_process = sh -c 'echo nope >&2; exit 3'
                """)
        let creds = try await home.chain(RemoteFlags(profile: "proc", region: "eu-west-1")).1.credentials()
        #expect(creds.accessKeyId == "AKIDPROC" && creds.sessionToken == "t" && creds.expiration != nil)
        do {
            _ = try await home.chain(RemoteFlags(profile: "broken", region: "eu-west-1")).1.credentials()
            Issue.record("a failing credential_process gave credentials")
        } catch {
            #expect("\(error)".contains("exit 3") && "\(error)".contains("nope"))
        }
    }

    @Test func noCredentialsSaysWhatWasTriedAndWhatToDo() async throws {
        let home = try AWSHome()
        do {
            _ = try await home.chain().1.credentials()
            Issue.record("credentials from nowhere")
        } catch {
            #expect(
                "\(error)".contains("tried AWS_ACCESS_KEY_ID, profile default") && "\(error)".contains("aws sso login"),
                "\(error)")
        }
        // A local endpoint takes any keys: no setup needed.
        let local = try await home.chain(RemoteFlags(local: true)).1.credentials()
        #expect(local.source.contains("placeholder"))
    }

    @Test func assumeRoleSignsWithTheSourceProfileAndRefreshesBeforeExpiry() async throws {
        let calls = Counter()
        let seen = Mutex<[String]>([])
        let sts = try await StubServer.start { router in
            router.post("/") { request, context -> Response in
                let body = try await request.body.collect(upTo: 1 << 20)
                let form = String(buffer: body)
                let auth = request.headers[.authorization] ?? ""
                seen.withLock { $0.append(form + " | " + auth) }
                let n = calls.next()
                // The first answer expires in 2 minutes: inside the refresh margin, so the next call asks again.
                let expires = ISO8601DateFormatter().string(from: Date().addingTimeInterval(n == 1 ? 120 : 3600))
                return Response(
                    status: .ok,
                    body: .init(
                        byteBuffer: ByteBuffer(
                            string: """
                                <AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE\(n)</AccessKeyId>
                                <SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken>
                                <Expiration>\(expires)</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>
                                """)))
            }
        }
        defer { sts.stop() }
        let home = try AWSHome(
            config: """
                [profile admin]
                role_arn = arn:aws:iam::123456789012:role/Admin
                source_profile = dev
                external_id = ext-42
                role_session_name = me
                duration_seconds = 900
                """, credentials: files)
        let (_, chain) = try home.chain(
            RemoteFlags(profile: "admin", region: "eu-west-1"), ["AWS_ENDPOINT_URL_STS": sts.url.absoluteString])
        let first = try await chain.credentials()
        #expect(first.accessKeyId == "ASIAROLE1" && first.sessionToken == "role-token")
        let request = seen.withLock { $0.first } ?? ""
        #expect(
            request.contains("Action=AssumeRole")
                && request.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FAdmin"))
        #expect(
            request.contains("ExternalId=ext-42") && request.contains("RoleSessionName=me")
                && request.contains("DurationSeconds=900"))
        #expect(request.contains("Credential=AKIDDEV/") && request.contains("/eu-west-1/sts/aws4_request"))
        let second = try await chain.credentials()
        #expect(second.accessKeyId == "ASIAROLE2", "credentials expiring within 5 minutes are refreshed")
        let third = try await chain.credentials()
        #expect(third.accessKeyId == "ASIAROLE2" && calls.count == 2, "fresh credentials are cached")
    }

    @Test func ssoProfilesUseTheCachedLoginAndSayWhenItExpired() async throws {
        let sso = try await StubServer.start { router in
            router.get("/federation/credentials") { request, _ -> Response in
                let token = request.headers[HTTPField.Name("x-amz-sso_bearer_token")!]
                guard token == "cached-token", request.uri.query?.contains("role_name=Reader") == true,
                    request.uri.query?.contains("account_id=111122223333") == true
                else {
                    return jsonResponse(.unauthorized, #"{"message": "Session token not found or invalid"}"#)
                }
                let expiration = Int((Date().timeIntervalSince1970 + 3600) * 1000)
                return jsonResponse(
                    .ok,
                    #"{"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "sso-secret", "sessionToken": "sso-token", "expiration": \#(expiration)}}"#
                )
            }
        }
        defer { sso.stop() }
        let home = try AWSHome(
            config: """
                [profile reader]
                sso_session = corp
                sso_account_id = 111122223333
                sso_role_name = Reader
                region = eu-west-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1

                [profile legacy]
                sso_start_url = https://old.awsapps.com/start
                sso_region = eu-west-1
                sso_account_id = 111122223333
                sso_role_name = Reader
                """)
        func cache(_ key: String, token: String, expires: Date) throws {
            let name = Insecure.SHA1.hash(data: Array(key.utf8)).map { String(format: "%02x", $0) }.joined()
            let json = #"{"accessToken": "\#(token)", "expiresAt": "\#(ISO8601DateFormatter().string(from: expires))"}"#
            try json.write(toFile: "\(home.path)/.aws/sso/cache/\(name).json", atomically: true, encoding: .utf8)
        }
        let variables = ["AWS_ENDPOINT_URL_SSO": sso.url.absoluteString]
        do {
            _ = try await home.chain(RemoteFlags(profile: "reader"), variables).1.credentials()
            Issue.record("SSO without a login gave credentials")
        } catch {
            #expect("\(error)".contains("run `aws sso login --profile reader`"))
        }
        try cache("corp", token: "cached-token", expires: Date().addingTimeInterval(3600))
        let creds = try await home.chain(RemoteFlags(profile: "reader"), variables).1.credentials()
        #expect(creds.accessKeyId == "ASIASSO" && creds.sessionToken == "sso-token" && creds.expiration != nil)
        try cache("https://old.awsapps.com/start", token: "cached-token", expires: Date().addingTimeInterval(-60))
        do {
            _ = try await home.chain(RemoteFlags(profile: "legacy", region: "eu-west-1"), variables).1.credentials()
            Issue.record("an expired SSO login gave credentials")
        } catch {
            #expect("\(error)".contains("expired") && "\(error)".contains("aws sso login --profile legacy"))
        }
        try cache("https://old.awsapps.com/start", token: "revoked", expires: Date().addingTimeInterval(600))
        do {
            _ = try await home.chain(RemoteFlags(profile: "legacy", region: "eu-west-1"), variables).1.credentials()
            Issue.record("a revoked SSO login gave credentials")
        } catch {
            #expect("\(error)".contains("refused the cached login"))
        }
    }

    @Test func configFileParsingFollowsTheCLI() {
        let file = AWSConfigFile(
            text: """
                # comment
                [default]
                region = us-east-1 
                ; another
                [profile  spaced ]
                output=json
                s3 =
                  max_concurrent_requests = 4
                """)
        #expect(file.configProfile("default")?["region"] == "us-east-1")
        #expect(file.configProfile("spaced")?["output"] == "json")
        #expect(file.configProfile("spaced")?["s3.max_concurrent_requests"] == "4")
    }
}
