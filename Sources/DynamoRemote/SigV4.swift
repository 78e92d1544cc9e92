import Crypto
import Foundation
import Synchronization

/// AWS credentials; the secret and token never appear in descriptions, logs or errors.
public struct Credentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?
    /// Where they came from, e.g. `environment` or `profile dev (credential_process)`.
    public var source: String

    public init(
        accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil,
        source: String = ""
    ) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.source = source
    }

    public var description: String { "credentials \(accessKeyId.prefix(4))… from \(source)" }

    /// True when they expire within `margin` (refresh before, not after, a request fails).
    public func expires(within margin: TimeInterval, now: Date = Date()) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(now) < margin
    }
}

/// AWS Signature Version 4: signs a request with a key derived for one day, region and service.
///
/// Pure (the time is a parameter), so it is tested against AWS's published examples and against
/// botocore's signer on random requests.
///
/// ```swift
/// let headers = SigV4.sign(method: "POST", url: URL(string: "https://dynamodb.us-east-1.amazonaws.com/")!,
///                          headers: ["content-type": "application/x-amz-json-1.0"], body: body,
///                          credentials: creds, region: "us-east-1", service: "dynamodb", date: Date())
/// // headers["authorization"] = "AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/dynamodb/aws4_request, …"
/// ```
public enum SigV4 {
    /// Returns the request's headers with `host`, `x-amz-date`, `x-amz-security-token` (when there
    /// is a session token) and `authorization` added. Header names come back lowercased.
    public static func sign(
        method: String, url: URL, headers: [String: String], body: [UInt8],
        credentials: Credentials, region: String, service: String, date: Date
    ) -> [String: String] {
        var signed = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        let stamp = timestamp(date)
        let day = String(stamp.prefix(8))
        signed["host"] = hostHeader(url)
        signed["x-amz-date"] = stamp
        if let token = credentials.sessionToken { signed["x-amz-security-token"] = token }
        let names = signed.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(normalizeSpaces(signed[$0]!))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let canonical = [
            method.uppercased(), canonicalPath(url), canonicalQuery(url), canonicalHeaders, signedHeaders,
            hex(SHA256.hash(data: body)),
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, hex(SHA256.hash(data: Array(canonical.utf8)))].joined(
            separator: "\n")
        let key = signingKey(secret: credentials.secretAccessKey, day: day, region: region, service: service)
        let signature = hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        signed["authorization"] =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), "
            + "Signature=\(signature)"
        return signed
    }

    /// The derived key for one day, region and service: worked out once, not per request.
    static let keyCache = Mutex<[String: SymmetricKey]>([:])

    static func signingKey(secret: String, day: String, region: String, service: String) -> SymmetricKey {
        let cacheKey = "\(secret)\u{0}\(day)\u{0}\(region)\u{0}\(service)"
        if let cached = keyCache.withLock({ $0[cacheKey] }) { return cached }
        let key = deriveKey(secret: secret, day: day, region: region, service: service)
        keyCache.withLock { cache in
            if cache.count > 64 { cache.removeAll() }
            cache[cacheKey] = key
        }
        return key
    }

    static func deriveKey(secret: String, day: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// `20261125T220000Z`
    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    static func hostHeader(_ url: URL) -> String {
        let host = url.host ?? ""
        guard let port = url.port else { return host }
        let isDefault = (url.scheme == "https" && port == 443) || (url.scheme == "http" && port == 80)
        return isDefault ? host : "\(host):\(port)"
    }

    /// The path, each segment URI-encoded (once, as AWS services other than S3 expect it).
    static func canonicalPath(_ url: URL) -> String {
        let path = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? "/"
        guard !path.isEmpty else { return "/" }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { uriEncode(String($0)) }.joined(
            separator: "/")
    }

    static func canonicalQuery(_ url: URL) -> String {
        guard let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems, !items.isEmpty else {
            return ""
        }
        return items.map { (uriEncode($0.name), uriEncode($0.value ?? "")) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8)

    /// RFC 3986 percent-encoding of everything but the unreserved characters.
    public static func uriEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                out.append(Character(UnicodeScalar(byte)))
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func normalizeSpaces(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
