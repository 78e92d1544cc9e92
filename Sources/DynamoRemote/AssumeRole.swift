import Crypto
import Foundation
import NIOHTTP1

/// STS AssumeRole for profiles with `role_arn`: a SigV4-signed form POST to STS
/// (`AWS_ENDPOINT_URL_STS` overrides the endpoint), the temporary keys read from its XML answer.
enum AssumeRole {
    static func call(
        roleArn: String, settings: [String: String], source: Credentials, profile: String, region: String,
        environment: AWSEnvironment, http: HTTPCaller
    ) async throws -> Credentials {
        let endpointText = environment["AWS_ENDPOINT_URL_STS"] ?? "https://sts.\(region).amazonaws.com/"
        guard let endpoint = URL(string: endpointText) else {
            throw RemoteError.configuration("AWS_ENDPOINT_URL_STS is not a URL: \(endpointText)")
        }
        var form: [(String, String)] = [
            ("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", roleArn),
            (
                "RoleSessionName",
                settings["role_session_name"] ?? "dynamo-explorer-\(Int(Date().timeIntervalSince1970))"
            ),
        ]
        if let external = settings["external_id"] { form.append(("ExternalId", external)) }
        if let duration = settings["duration_seconds"] { form.append(("DurationSeconds", duration)) }
        let body = Array(form.map { "\(SigV4.uriEncode($0.0))=\(SigV4.uriEncode($0.1))" }.joined(separator: "&").utf8)
        let headers = SigV4.sign(
            method: "POST", url: endpoint,
            headers: ["content-type": "application/x-www-form-urlencoded; charset=utf-8"],
            body: body, credentials: source, region: region, service: "sts", date: Date())
        let response: WireResponse
        do {
            response = try await http.send(method: .POST, url: endpoint, headers: headers, body: body)
        } catch {
            throw RemoteError.credentials(
                "Could not reach STS at \(endpoint.absoluteString) to assume \(roleArn) for profile \(profile): "
                    + "\(error)"
            )
        }
        let text = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200, let key = tag("AccessKeyId", in: text),
            let secret = tag("SecretAccessKey", in: text)
        else {
            let message = tag("Message", in: text) ?? "HTTP \(response.status)"
            throw RemoteError.credentials("STS refused to assume \(roleArn) for profile \(profile): \(message)")
        }
        return Credentials(
            accessKeyId: key, secretAccessKey: secret, sessionToken: tag("SessionToken", in: text),
            expiration: tag("Expiration", in: text).flatMap(ISO8601.parse),
            source: "profile \(profile) (assumed \(roleArn))")
    }

    /// The text of the first `<name>…</name>` element.
    static func tag(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"),
            let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
        else {
            return nil
        }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}

/// IAM Identity Center: the access token `aws sso login` cached, exchanged at the portal's
/// GetRoleCredentials (`AWS_ENDPOINT_URL_SSO` overrides the portal endpoint).
enum SSOCredentials {
    /// The access token `aws sso login` left in the cache (named by the SHA-1 of the session or start URL).
    static func cachedToken(cacheKey: String, startURL: String?, profile: String, environment: AWSEnvironment)
        throws -> String
    {
        let login = "aws sso login --profile \(profile)"
        let digest = Insecure.SHA1.hash(data: Array(cacheKey.utf8)).map { String(format: "%02x", $0) }.joined()
        let path = "\(environment.ssoCacheDirectory)/\(digest).json"
        guard let data = FileManager.default.contents(atPath: path),
            let cache = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let token = cache["accessToken"] as? String
        else {
            throw RemoteError.credentials(
                "No IAM Identity Center login for profile \(profile) (\(startURL ?? cacheKey)); run `\(login)`")
        }
        if let expires = (cache["expiresAt"] as? String).flatMap(ISO8601.parse), expires < Date() {
            throw RemoteError.credentials(
                "The IAM Identity Center login for profile \(profile) expired at \(expires); run `\(login)` again")
        }
        return token
    }

    static func fetch(
        profile: String, settings: [String: String], config: AWSConfigFile, environment: AWSEnvironment,
        http: HTTPCaller
    ) async throws -> Credentials {
        let login = "aws sso login --profile \(profile)"
        var startURL = settings["sso_start_url"]
        var ssoRegion = settings["sso_region"]
        var cacheKey = startURL
        if let sessionName = settings["sso_session"] {
            guard let session = config.sections["sso-session \(sessionName)"] else {
                throw RemoteError.credentials(
                    "Profile \(profile) names sso_session \(sessionName), but [sso-session \(sessionName)] is not in "
                        + "\(environment.configPath)"
                )
            }
            startURL = session["sso_start_url"] ?? startURL
            ssoRegion = session["sso_region"] ?? ssoRegion
            cacheKey = sessionName
        }
        guard let accountId = settings["sso_account_id"], let roleName = settings["sso_role_name"], let ssoRegion,
            let cacheKey
        else {
            throw RemoteError.credentials(
                "Profile \(profile) needs sso_account_id, sso_role_name, sso_region and sso_start_url (or sso_session)")
        }
        let token = try cachedToken(cacheKey: cacheKey, startURL: startURL, profile: profile, environment: environment)
        let base = environment["AWS_ENDPOINT_URL_SSO"] ?? "https://portal.sso.\(ssoRegion).amazonaws.com"
        guard
            let url = URL(
                string:
                    "\(base)/federation/credentials?role_name=\(SigV4.uriEncode(roleName))"
                    + "&account_id=\(SigV4.uriEncode(accountId))"
            )
        else {
            throw RemoteError.configuration("AWS_ENDPOINT_URL_SSO is not a URL: \(base)")
        }
        let response: WireResponse
        do {
            response = try await http.send(method: .GET, url: url, headers: ["x-amz-sso_bearer_token": token], body: [])
        } catch {
            throw RemoteError.credentials("Could not reach the IAM Identity Center portal at \(base): \(error)")
        }
        if response.status == 401 || response.status == 403 {
            throw RemoteError.credentials(
                "IAM Identity Center refused the cached login for profile \(profile) (expired or revoked); run "
                    + "`\(login)` again"
            )
        }
        guard response.status == 200,
            let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
            let role = json["roleCredentials"] as? [String: Any], let key = role["accessKeyId"] as? String,
            let secret = role["secretAccessKey"] as? String
        else {
            throw RemoteError.credentials(
                "IAM Identity Center gave no credentials for \(roleName) in \(accountId) (HTTP \(response.status))")
        }
        let expiration =
            (role["expiration"] as? Double).map { Date(timeIntervalSince1970: $0 / 1000) }
            ?? (role["expiration"] as? Int).map { Date(timeIntervalSince1970: Double($0) / 1000) }
        return Credentials(
            accessKeyId: key, secretAccessKey: secret, sessionToken: role["sessionToken"] as? String,
            expiration: expiration, source: "profile \(profile) (IAM Identity Center)")
    }
}
