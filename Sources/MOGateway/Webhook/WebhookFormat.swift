// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// The shape of the webhook request: mogate's own JSON v1, or that of Jasmin or Kannel, so that their users can
/// point existing MO handlers at mogate.
public enum WebhookFormat: String, Hashable, Sendable, CaseIterable {
    /// JSON format v1 (DESIGN.md): `POST` of ``MORecord/jsonV1()``, `Content-Type: application/json`,
    /// `Idempotency-Key`, and `X-MOGate-Signature` when a secret is set. Any 2xx acknowledges.
    case json
    /// Jasmin's HTTP MO (`deliverSmHttpThrower`): a form `POST` of `id`, `from`, `to`, `origin-connector`,
    /// `content`, `binary`, `coding`. Only a 2xx whose body is `ACK/Jasmin` acknowledges.
    case jasmin
    /// Kannel's `sms-service` `get-url`: a `GET` of the URL template with its escape codes filled in
    /// (see ``KannelTemplate``). Any 2xx acknowledges.
    case kannel

    /// The request that delivers `record`.
    /// - Parameters:
    ///   - record: The record to deliver.
    ///   - configuration: The target URLs, the secret and the timeout.
    ///   - now: The signing time.
    /// - Throws: When the record cannot be encoded.
    public func request(
        for record: MORecord,
        configuration: WebhookConfiguration,
        now: Date = Date()
    ) throws -> WebhookRequest {
        let target = configuration.target(for: record)
        var headers: [(name: String, value: String)] = [("User-Agent", "mogate"), ("Idempotency-Key", record.id)]
        switch self {
        case .json:
            return Self.jsonRequest(
                id: record.id,
                target: target,
                body: record.jsonV1Bytes(),
                configuration: configuration,
                now: now
            )
        case .jasmin:
            let fields = JasminForm.fields(for: record, originConnector: configuration.jasminOriginConnector)
            let body = Array(JasminForm.encode(fields).utf8)
            headers.insert(("Content-Type", "application/x-www-form-urlencoded"), at: 0)
            if let secret = configuration.secret {
                headers.append(
                    (WebhookSignature.headerName, WebhookSignature.header(secret: secret, timestamp: now, body: body))
                )
            }
            return WebhookRequest(
                method: .post,
                url: target,
                headers: headers,
                body: body,
                timeout: configuration.timeout
            )
        case .kannel:
            // A GET has no body to sign: Kannel receivers authenticate by URL, if at all.
            let url = KannelTemplate.expand(target, with: record)
            return WebhookRequest(method: .get, url: url, headers: headers, timeout: configuration.timeout)
        }
    }

    /// The request that delivers a due record. The JSON format sends its stored JSON v1 as it is; the others
    /// decode the record.
    /// - Throws: `DecodingError` when a stored record cannot be read back, or an encoding error.
    public func request(
        for due: PendingDelivery,
        configuration: WebhookConfiguration,
        now: Date = Date()
    ) throws -> WebhookRequest {
        guard self == .json else {
            return try self.request(for: due.decodedRecord(), configuration: configuration, now: now)
        }
        return Self.jsonRequest(
            id: due.id,
            target: configuration.target(for: due.type),
            body: try due.jsonBody(),
            configuration: configuration,
            now: now
        )
    }

    static func jsonRequest(
        id: String,
        target: String,
        body: [UInt8],
        configuration: WebhookConfiguration,
        now: Date
    ) -> WebhookRequest {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"), ("User-Agent", "mogate"), ("Idempotency-Key", id),
        ]
        if let secret = configuration.secret {
            headers.append(
                (WebhookSignature.headerName, WebhookSignature.header(secret: secret, timestamp: now, body: body))
            )
        }
        return WebhookRequest(method: .post, url: target, headers: headers, body: body, timeout: configuration.timeout)
    }

    /// Whether `response` means the record was delivered.
    public func acknowledges(_ response: WebhookResponse) -> Bool {
        guard (200..<300).contains(response.status) else { return false }
        switch self {
        case .json, .kannel:
            return true
        case .jasmin:
            return JasminForm.isAcknowledgement(response.body)
        }
    }
}
