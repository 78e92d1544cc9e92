import Foundation

/// Credentials for code running on AWS itself, in the AWS SDKs' order after the profile's own:
/// web identity (EKS IRSA and similar: a token file and a role, exchanged at STS), container
/// credentials (ECS, EKS Pod Identity: an endpoint in the environment, with an authorization token),
/// then EC2 instance metadata (IMDSv2: a session token first, then the role's keys).
enum MachineCredentials {
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (or a profile's `web_identity_token_file` +
    /// `role_arn`): STS AssumeRoleWithWebIdentity, which needs no signature — the token is the proof.
    static func webIdentity(
        tokenFile: String, roleArn: String, sessionName: String?, region: String,
        environment: AWSEnvironment, http: HTTPCaller
    ) async throws -> Credentials {
        guard
            let token = try? String(contentsOfFile: tokenFile, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty
        else {
            throw RemoteError.credentials(
                "The web identity token file \(tokenFile) (AWS_WEB_IDENTITY_TOKEN_FILE) cannot be read")
        }
        let endpointText = environment["AWS_ENDPOINT_URL_STS"] ?? "https://sts.\(region).amazonaws.com/"
        guard let endpoint = URL(string: endpointText) else {
            throw RemoteError.configuration("AWS_ENDPOINT_URL_STS is not a URL: \(endpointText)")
        }
        let form: [(String, String)] = [
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleArn),
            ("RoleSessionName", sessionName ?? "dynamo-explorer-\(Int(Date().timeIntervalSince1970))"),
            ("WebIdentityToken", token),
        ]
        let body = Array(form.map { "\(SigV4.uriEncode($0.0))=\(SigV4.uriEncode($0.1))" }.joined(separator: "&").utf8)
        let response: WireResponse
        do {
            response = try await http.send(
                method: .POST, url: endpoint,
                headers: ["content-type": "application/x-www-form-urlencoded; charset=utf-8"], body: body)
        } catch {
            throw RemoteError.credentials(
                "Could not reach STS at \(endpoint.absoluteString) to assume \(roleArn) with a web identity: \(error)")
        }
        let text = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200, let key = AssumeRole.tag("AccessKeyId", in: text),
            let secret = AssumeRole.tag("SecretAccessKey", in: text)
        else {
            let message = AssumeRole.tag("Message", in: text) ?? "HTTP \(response.status)"
            throw RemoteError.credentials("STS refused the web identity for \(roleArn): \(message)")
        }
        return Credentials(
            accessKeyId: key, secretAccessKey: secret, sessionToken: AssumeRole.tag("SessionToken", in: text),
            expiration: AssumeRole.tag("Expiration", in: text).flatMap(ISO8601.parse),
            source: "web identity (\(roleArn))")
    }

    /// The container endpoint the environment names, if any: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
    /// (under 169.254.170.2) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
    static func containerEndpoint(_ environment: AWSEnvironment) throws -> URL? {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            return URL(string: "http://169.254.170.2" + relative)
        }
        guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] else { return nil }
        guard let url = URL(string: full), let host = url.host else {
            throw RemoteError.configuration("AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: \(full)")
        }
        // As the SDKs: plain http only to this machine or the container agents' own addresses.
        let allowed = ["127.0.0.1", "localhost", "::1", "169.254.170.2", "169.254.170.23", "fd00:ec2::23"]
        if url.scheme == "http", !allowed.contains(host), !host.hasPrefix("127.") {
            throw RemoteError.configuration(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to a loopback "
                    + "or container-agent address; got \(full)")
        }
        return url
    }

    /// ECS/EKS container credentials, with `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on each
    /// request, as it rotates) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
    static func container(_ url: URL, environment: AWSEnvironment, http: HTTPCaller) async throws -> Credentials {
        var headers: [String: String] = ["accept": "application/json"]
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            guard let token = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw RemoteError.credentials("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file) cannot be read")
            }
            headers["authorization"] = token.trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] {
            headers["authorization"] = token
        }
        let response: WireResponse
        do {
            response = try await http.send(method: .GET, url: url, headers: headers, body: [])
        } catch {
            throw RemoteError.credentials(
                "Could not reach the container credentials endpoint \(url.absoluteString): \(error)")
        }
        guard response.status == 200 else {
            throw RemoteError.credentials(
                "The container credentials endpoint \(url.absoluteString) answered HTTP \(response.status)")
        }
        return try keys(response.body, source: "container credentials (\(url.absoluteString))")
    }

    /// EC2 instance metadata, IMDSv2: PUT a session token, then the role's name and its keys.
    /// `AWS_EC2_METADATA_DISABLED=true` turns it off; `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it.
    static func instanceMetadata(environment: AWSEnvironment, http: HTTPCaller) async throws -> Credentials {
        let base = (environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254")
            .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let tokenURL = URL(string: base + "/latest/api/token"),
            let rolesURL = URL(string: base + "/latest/meta-data/iam/security-credentials/")
        else {
            throw RemoteError.configuration("AWS_EC2_METADATA_SERVICE_ENDPOINT is not a URL: \(base)")
        }
        let tokenResponse = try await http.send(
            method: .PUT, url: tokenURL,
            headers: ["x-aws-ec2-metadata-token-ttl-seconds": "21600"], body: [])
        guard tokenResponse.status == 200 else {
            // Whatever answered is not an instance's metadata service: not on EC2.
            throw RemoteError.noCredentials("No instance metadata at \(base) (HTTP \(tokenResponse.status))")
        }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
        let roles = try await http.send(
            method: .GET, url: rolesURL, headers: ["x-aws-ec2-metadata-token": token], body: [])
        let role = String(decoding: roles.body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init)
        guard roles.status == 200, let role, let keysURL = URL(string: rolesURL.absoluteString + role) else {
            throw RemoteError.noCredentials("This instance has no IAM role (instance metadata at \(base))")
        }
        let answer = try await http.send(
            method: .GET, url: keysURL, headers: ["x-aws-ec2-metadata-token": token], body: [])
        guard answer.status == 200 else {
            throw RemoteError.credentials("Instance metadata gave no keys for role \(role) (HTTP \(answer.status))")
        }
        return try keys(answer.body, source: "instance metadata (role \(role))")
    }

    /// `{"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}`: the container's and IMDS's answer.
    static func keys(_ body: [UInt8], source: String) throws -> Credentials {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let key = json["AccessKeyId"] as? String, let secret = json["SecretAccessKey"] as? String
        else {
            throw RemoteError.credentials("\(source) gave no AccessKeyId/SecretAccessKey")
        }
        return Credentials(
            accessKeyId: key, secretAccessKey: secret, sessionToken: json["Token"] as? String,
            expiration: (json["Expiration"] as? String).flatMap(ISO8601.parse), source: source)
    }
}
