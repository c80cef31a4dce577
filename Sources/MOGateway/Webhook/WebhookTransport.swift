// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// Sends one webhook request and returns the response: the seam between the dispatcher's logic (formats, retries,
/// dead letters) and the HTTP client, so that the hot path can change without touching the dispatcher.
///
/// A transport throws only when there is no HTTP response at all (connection error, timeout). Any status, 5xx
/// included, is a response: classifying it is the dispatcher's job.
public protocol WebhookTransport: Sendable {
    /// Sends `request` and waits for the whole response, within `request.timeout`.
    /// - Throws: ``WebhookTransportError`` (or any error) when no response arrived.
    func post(_ request: WebhookRequest) async throws -> WebhookResponse

    /// `post` for a caller without a task: the dispatcher's path. `completion` runs once, on any thread. The
    /// default runs `post` in a task on ``preferredExecutor``; a transport that can do without a task per request
    /// implements it.
    func post(_ request: WebhookRequest, completion: @escaping @Sendable (Result<WebhookResponse, any Error>) -> Void)

    /// Releases connections. The dispatcher calls it once, when its `run()` ends.
    func shutdown() async throws

    /// Where the dispatcher should run its delivery tasks, if the transport has a preference: the event loop of
    /// its connections, so that an exchange resumes its task without a thread hop. Default nil.
    var preferredExecutor: (any TaskExecutor)? { get }
}

extension WebhookTransport {
    public func post(
        _ request: WebhookRequest,
        completion: @escaping @Sendable (Result<WebhookResponse, any Error>) -> Void
    ) {
        Task(executorPreference: self.preferredExecutor) {
            do {
                completion(.success(try await self.post(request)))
            } catch {
                completion(.failure(error))
            }
        }
    }

    public func shutdown() async throws {}
    public var preferredExecutor: (any TaskExecutor)? { nil }
}

/// One HTTP request a webhook format produced.
public struct WebhookRequest: Sendable {
    public enum Method: String, Hashable, Sendable {
        case get = "GET"
        case post = "POST"
    }

    public var method: Method
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The deadline for the whole exchange: connecting, sending, and reading the response.
    public var timeout: Duration
    /// Whether the request may be pipelined behind others on one connection: a record's first attempt. A retry is
    /// sent alone, so that a receiver that mishandles pipelining cannot fail a record twice the same way.
    public var mayPipeline = false

    public init(
        method: Method = .post,
        url: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        timeout: Duration
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The first header of that name (case-insensitive).
    public func header(_ name: String) -> String? {
        self.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// The response to a ``WebhookRequest``.
public struct WebhookResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    /// The start of the body (transports may cut it at a limit: only short acknowledgements matter).
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header of that name (case-insensitive).
    public func header(_ name: String) -> String? {
        self.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Why a transport got no response.
public struct WebhookTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate let name: String
        /// The deadline passed before the response was complete.
        public static let timeout = Code(name: "timeout")
        /// The connection could not be made, or broke.
        public static let connection = Code(name: "connection error")
        /// The request could not be made (a malformed URL, for instance).
        public static let invalidRequest = Code(name: "invalid request")

        public var description: String { self.name }
    }

    public var code: Code
    /// What the HTTP client said. It holds no message text, numbers or secrets.
    public var detail: String?

    public init(code: Code, detail: String? = nil) {
        self.code = code
        self.detail = detail
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.code) }
    public var description: String { self.code.name + (self.detail.map { ": \($0)" } ?? "") }
}
