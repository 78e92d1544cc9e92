import Foundation

/// When and how long to wait before trying a request again: the AWS SDKs' "standard" mode.
///
/// At most `maxAttempts` tries (3 by default, as the AWS CLI's standard mode: an interactive
/// explorer and an agent both want a clear error within seconds more than a long silent wait;
/// `AWS_MAX_ATTEMPTS` or `max_attempts` raise it for bulk work). Throttling is always retried —
/// DynamoDB rejected the request, so nothing was applied. A 5xx or a broken connection after the
/// request was sent is retried only when repeating it is safe: reads, and transactions that carry a
/// `ClientRequestToken` (the backend adds one). The wait is full jitter: random in
/// [0, min(base × 2^(attempt−1), 20 s)].
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    /// The first retry waits up to this long.
    public var base: Duration
    public var cap: Duration = .seconds(20)

    public init(maxAttempts: Int, base: Duration = .seconds(1)) {
        self.maxAttempts = max(1, maxAttempts)
        self.base = base
    }

    static let throttling: Set<String> = [
        "ProvisionedThroughputExceededException", "ThrottlingException", "Throttling", "ThrottledException",
        "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
        "TransactionInProgressException",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "BandwidthLimitExceeded",
    ]

    static let transient: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalServerError", "ServiceUnavailable",
    ]

    /// The wait before retry number `attempt` (1 for the first retry).
    public func delay(beforeRetry attempt: Int, random: Double = Double.random(in: 0..<1)) -> Duration {
        let ceiling = min(base * (1 << min(attempt - 1, 20)), cap)
        return ceiling * random
    }

    /// Whether a DynamoDB error answer is worth another try.
    func retries(errorType: String, status: Int, safeToRepeat: Bool) -> Bool {
        if Self.throttling.contains(errorType) { return true }
        return safeToRepeat && (status >= 500 || Self.transient.contains(errorType))
    }
}

/// CRC-32 (IEEE 802.3), as DynamoDB sends it in `x-amz-crc32` over the response body.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
