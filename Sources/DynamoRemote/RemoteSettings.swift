import Foundation

/// Where the AWS settings come from: the process environment and the user's `~/.aws` files. A
/// value, so tests resolve settings against temporary trees without touching the real ones.
public struct AWSEnvironment: Sendable {
    public var variables: [String: String]
    public var home: String

    public init(variables: [String: String] = ProcessInfo.processInfo.environment, home: String = NSHomeDirectory()) {
        self.variables = variables
        self.home = variables["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home
    }

    public subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    public var configPath: String { self["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config" }
    public var credentialsPath: String { self["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials" }
    public var ssoCacheDirectory: String { "\(home)/.aws/sso/cache" }

    public func loadConfig() -> AWSConfigFile { AWSConfigFile.load(configPath) }
    public func loadCredentials() -> AWSConfigFile { AWSConfigFile.load(credentialsPath) }
}

/// What the command line said about the remote endpoint.
public struct RemoteFlags: Sendable, Equatable {
    public var profile: String?
    public var region: String?
    public var endpointURL: String?
    public var local: Bool

    public init(profile: String? = nil, region: String? = nil, endpointURL: String? = nil, local: Bool = false) {
        self.profile = profile
        self.region = region
        self.endpointURL = endpointURL
        self.local = local
    }

    /// DynamoDB Local's (and `serve`'s) default address.
    public static let localEndpoint = "http://127.0.0.1:8000"
}

/// The settings of a remote session, resolved as the AWS CLI resolves them.
///
/// - profile: `--profile`, then `AWS_PROFILE`, then `default`;
/// - region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region` (a local
///   endpoint needs none and gets `us-east-1`);
/// - endpoint: `--endpoint-url`, `--local`, `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL`, the
///   profile's `services` section (`dynamodb = endpoint_url = …`), its `endpoint_url`, then AWS's own;
/// - attempts: `AWS_MAX_ATTEMPTS`, the profile's `max_attempts`, then 3.
public struct RemoteSettings: Sendable, Equatable {
    public var profile: String
    /// True when the profile was named by `--profile` (then environment keys are not used).
    public var profileIsExplicit: Bool
    public var region: String
    public var endpoint: URL
    public var maxAttempts: Int
    /// True when nothing named a region and `us-east-1` was taken for a custom endpoint: worth
    /// saying, since DynamoDB Local and others keep tables per region.
    public var regionIsDefault = false

    /// The note to show when the region was not chosen by the user, nil otherwise.
    public var regionNote: String? {
        regionIsDefault
            ? "no region given: using \(region) at \(endpoint.absoluteString) (tables are per region; "
                + "--region picks another)" : nil
    }

    public static let defaultMaxAttempts = 3

    public static func resolve(_ flags: RemoteFlags, environment env: AWSEnvironment) throws(RemoteError)
        -> RemoteSettings
    {
        let profile = flags.profile ?? env["AWS_PROFILE"] ?? "default"
        let config = env.loadConfig()
        let settings = config.configProfile(profile) ?? [:]
        if flags.profile != nil, config.configProfile(profile) == nil,
            env.loadCredentials().credentialsProfile(profile) == nil
        {
            throw RemoteError.configuration(
                "The profile \"\(profile)\" is not in \(env.configPath) or \(env.credentialsPath)")
        }
        let services = settings["services"].flatMap { config.sections["services \($0)"] } ?? [:]
        var endpointText = flags.endpointURL ?? (flags.local ? RemoteFlags.localEndpoint : nil)
        endpointText =
            endpointText ?? env["AWS_ENDPOINT_URL_DYNAMODB"] ?? env["AWS_ENDPOINT_URL"]
            ?? services["dynamodb.endpoint_url"] ?? settings["endpoint_url"]
        let named = flags.region ?? env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"] ?? settings["region"]
        let region = named ?? (endpointText != nil ? "us-east-1" : nil)
        guard let region else {
            throw RemoteError.configuration(
                "No region: pass --region (e.g. --region eu-west-1), set AWS_REGION, or add region = … to [profile "
                    + "\(profile)] in \(env.configPath)"
            )
        }
        let text = endpointText ?? "https://dynamodb.\(region).amazonaws.com\(region.hasPrefix("cn-") ? ".cn" : "")"
        guard let endpoint = URL(string: text), let scheme = endpoint.scheme, ["http", "https"].contains(scheme),
            endpoint.host != nil
        else {
            throw RemoteError.configuration("The endpoint \"\(text)\" is not an http:// or https:// URL")
        }
        let attemptsText = env["AWS_MAX_ATTEMPTS"] ?? settings["max_attempts"]
        var attempts = defaultMaxAttempts
        if let attemptsText {
            guard let parsed = Int(attemptsText), parsed >= 1 else {
                throw RemoteError.configuration(
                    "max attempts must be a whole number of at least 1, got \"\(attemptsText)\"")
            }
            attempts = parsed
        }
        return RemoteSettings(
            profile: profile, profileIsExplicit: flags.profile != nil, region: region,
            endpoint: endpoint, maxAttempts: attempts, regionIsDefault: named == nil)
    }

    /// True for AWS's own endpoints (the only place real credentials are needed).
    /// DynamoDB Streams' endpoint: AWS's `streams.dynamodb.REGION` host, or the custom endpoint itself
    /// (DynamoDB Local, `serve` and moto answer both services at one address).
    public var streamsEndpoint: URL {
        guard isAWS, let host = endpoint.host, host.hasPrefix("dynamodb."),
            var parts = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)
        else { return endpoint }
        parts.host = "streams." + host
        return parts.url ?? endpoint
    }

    public var isAWS: Bool {
        endpoint.host?.hasSuffix(".amazonaws.com") == true || endpoint.host?.hasSuffix(".amazonaws.com.cn") == true
    }

    /// For status lines and MCP instructions: profile, region and endpoint, never a key.
    public var label: String {
        "remote: \(endpoint.absoluteString) · region \(region) · profile \(profile)"
    }
}

/// A problem reaching or configuring the remote backend, before DynamoDB said anything.
public enum RemoteError: Error, Sendable, Equatable, CustomStringConvertible {
    case configuration(String)
    case credentials(String)
    /// No source had any credentials (as opposed to a source that failed).
    case noCredentials(String)

    public var description: String {
        switch self {
        case .configuration(let message), .credentials(let message), .noCredentials(let message): return message
        }
    }
}
