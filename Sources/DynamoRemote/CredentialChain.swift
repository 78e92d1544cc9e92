import Foundation

/// Finds credentials as the AWS CLI does, and keeps temporary ones fresh.
///
/// Order: environment keys (unless `--profile` named a profile), then the profile: `role_arn`
/// (STS AssumeRole from `source_profile` or `credential_source`), IAM Identity Center (`sso_session`
/// or legacy `sso_*`, with the token `aws sso login` cached), static keys in the credentials file,
/// `credential_process`, static keys in the config file — with web identity (`AWS_WEB_IDENTITY_TOKEN_FILE`
/// + `AWS_ROLE_ARN`) after the profile's role, as the SDKs order it; then, as on AWS itself, container
/// credentials and EC2 instance metadata (`MachineCredentials`). Temporary credentials are refreshed five
/// minutes before they expire.
public actor CredentialChain {
    let settings: RemoteSettings
    let environment: AWSEnvironment
    let http: HTTPCaller
    /// Metadata services answer at once or not at all: one second, as the SDKs wait.
    let metadataHTTP = HTTPCaller(connectTimeout: .seconds(1), readTimeout: .seconds(2))
    var cached: Credentials?

    static let refreshMargin: TimeInterval = 300

    init(settings: RemoteSettings, environment: AWSEnvironment, http: HTTPCaller) {
        self.settings = settings
        self.environment = environment
        self.http = http
    }

    public func credentials() async throws -> Credentials {
        if let cached, !cached.expires(within: Self.refreshMargin) { return cached }
        let fresh = try await resolve()
        cached = fresh
        return fresh
    }

    /// Forgets cached credentials (after the service said they expired).
    public func invalidate() { cached = nil }

    func resolve() async throws -> Credentials {
        if !settings.profileIsExplicit, let key = environment["AWS_ACCESS_KEY_ID"] {
            guard let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
                throw RemoteError.credentials(
                    "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or unset both to use a "
                        + "profile"
                )
            }
            return Credentials(
                accessKeyId: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"],
                source: "environment")
        }
        let config = environment.loadConfig()
        let files = environment.loadCredentials()
        do {
            return try await profileCredentials(settings.profile, config: config, files: files, visited: [])
        } catch RemoteError.noCredentials(let tried) where !settings.profileIsExplicit {
            if let machine = try await machineCredentials() { return machine }
            guard settings.isAWS else {
                // DynamoDB Local, Alternator, moto and `serve` take any keys; a newcomer should not need any.
                return Credentials(
                    accessKeyId: "dynamo-explorer", secretAccessKey: "local",
                    source: "placeholder keys (not an AWS endpoint)")
            }
            throw RemoteError.noCredentials(tried + "; no container credentials or instance role either")
        }
    }

    /// Container credentials when the environment names an endpoint, then instance metadata — on an
    /// AWS endpoint, or anywhere when `AWS_EC2_METADATA_SERVICE_ENDPOINT` points at it (a dev machine
    /// talking to DynamoDB Local does not wait a second for an instance it is not on).
    func machineCredentials() async throws -> Credentials? {
        if let url = try MachineCredentials.containerEndpoint(environment) {
            return try await MachineCredentials.container(url, environment: environment, http: metadataHTTP)
        }
        let disabled = environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true"
        guard !disabled, settings.isAWS || environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] != nil else { return nil }
        do {
            return try await MachineCredentials.instanceMetadata(environment: environment, http: metadataHTTP)
        } catch let error as RemoteError {
            if case .credentials = error { throw error }
            return nil
        } catch {
            return nil  // no metadata service here: not on EC2
        }
    }

    func profileCredentials(_ name: String, config: AWSConfigFile, files: AWSConfigFile, visited: [String]) async throws
        -> Credentials
    {
        guard !visited.contains(name) else {
            throw RemoteError.credentials(
                "Profiles \((visited + [name]).joined(separator: " → ")) refer to each other in a loop (source_profile)"
            )
        }
        let fromConfig = config.configProfile(name) ?? [:]
        let fromFile = files.credentialsProfile(name) ?? [:]
        if let roleArn = fromConfig["role_arn"] ?? fromFile["role_arn"],
            let tokenFile = fromConfig["web_identity_token_file"] ?? fromFile["web_identity_token_file"]
        {
            return try await MachineCredentials.webIdentity(
                tokenFile: tokenFile, roleArn: roleArn,
                sessionName: fromConfig["role_session_name"],
                region: self.settings.region, environment: environment, http: http)
        }
        if let roleArn = fromConfig["role_arn"] ?? fromFile["role_arn"] {
            let source = try await roleSource(
                name, fromConfig, fromFile, config: config, files: files, visited: visited)
            let settings = fromConfig.merging(fromFile) { first, _ in first }
            return try await AssumeRole.call(
                roleArn: roleArn, settings: settings, source: source, profile: name,
                region: self.settings.region, environment: environment, http: http)
        }
        // As the SDKs: after a profile's role, before its SSO and static keys.
        if visited.isEmpty, !settings.profileIsExplicit, let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"],
            let roleArn = environment["AWS_ROLE_ARN"]
        {
            return try await MachineCredentials.webIdentity(
                tokenFile: tokenFile, roleArn: roleArn,
                sessionName: environment["AWS_ROLE_SESSION_NAME"],
                region: self.settings.region, environment: environment, http: http)
        }
        if fromConfig["sso_session"] != nil || fromConfig["sso_start_url"] != nil {
            return try await SSOCredentials.fetch(
                profile: name, settings: fromConfig, config: config, environment: environment, http: http)
        }
        if let key = fromFile["aws_access_key_id"], let secret = fromFile["aws_secret_access_key"] {
            return Credentials(
                accessKeyId: key, secretAccessKey: secret, sessionToken: fromFile["aws_session_token"],
                source: "profile \(name) in \(environment.credentialsPath)")
        }
        if let command = fromConfig["credential_process"] ?? fromFile["credential_process"] {
            return try CredentialProcess.run(command, profile: name)
        }
        if let key = fromConfig["aws_access_key_id"], let secret = fromConfig["aws_secret_access_key"] {
            return Credentials(
                accessKeyId: key, secretAccessKey: secret, sessionToken: fromConfig["aws_session_token"],
                source: "profile \(name) in \(environment.configPath)")
        }
        let tried = settings.profileIsExplicit ? "profile \(name)" : "AWS_ACCESS_KEY_ID, profile \(name)"
        throw RemoteError.noCredentials(
            """
            No credentials (tried \(tried) in \(environment.credentialsPath) and \(environment.configPath)): \
            set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run `aws configure --profile \(name)`, \
            or `aws sso login --profile \(name)` for IAM Identity Center
            """)
    }

    /// The credentials a profile's role is assumed with: its `source_profile`'s, or the environment's.
    func roleSource(
        _ name: String, _ fromConfig: [String: String], _ fromFile: [String: String], config: AWSConfigFile,
        files: AWSConfigFile, visited: [String]
    ) async throws -> Credentials {
        if let sourceProfile = fromConfig["source_profile"] ?? fromFile["source_profile"] {
            return try await profileCredentials(sourceProfile, config: config, files: files, visited: visited + [name])
        }
        if (fromConfig["credential_source"] ?? "") == "Environment", let key = environment["AWS_ACCESS_KEY_ID"],
            let secret = environment["AWS_SECRET_ACCESS_KEY"]
        {
            return Credentials(
                accessKeyId: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"],
                source: "environment")
        }
        throw RemoteError.credentials(
            "Profile \(name) has role_arn but no source_profile (or credential_source = Environment) to assume it with")
    }
}

/// `credential_process`: runs the command and reads the JSON it prints (Version 1).
enum CredentialProcess {
    static func run(_ command: String, profile: String) throws -> Credentials {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw RemoteError.credentials("credential_process of profile \(profile) could not start: \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw RemoteError.credentials(
                "credential_process of profile \(profile) failed (exit \(process.terminationStatus)): "
                    + "\(message.prefix(300))"
            )
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let key = json["AccessKeyId"] as? String, let secret = json["SecretAccessKey"] as? String
        else {
            throw RemoteError.credentials(
                "credential_process of profile \(profile) printed no AccessKeyId/SecretAccessKey JSON")
        }
        return Credentials(
            accessKeyId: key, secretAccessKey: secret, sessionToken: json["SessionToken"] as? String,
            expiration: (json["Expiration"] as? String).flatMap(ISO8601.parse),
            source: "profile \(profile) (credential_process)")
    }
}

/// ISO 8601 timestamps with or without fractional seconds.
enum ISO8601 {
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
