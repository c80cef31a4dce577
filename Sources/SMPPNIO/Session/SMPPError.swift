// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import SMPPCore

/// Why an SMPP operation we started did not complete.
public struct SMPPError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case bindFailed = "bind refused"
            case responseTimeout = "no response in time"
            case sessionClosed = "session closed"
            case notBound = "operation not allowed in this session state"
            case malformedResponse = "malformed response"
            case connectionFailed = "connection failed"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The peer answered our bind with an error status.
        public static let bindFailed = Code(.bindFailed)
        /// The peer did not answer within the response timeout.
        public static let responseTimeout = Code(.responseTimeout)
        /// The session closed before the response came.
        public static let sessionClosed = Code(.sessionClosed)
        /// The session state does not allow this operation (SMPP 3.4 §2.3).
        public static let notBound = Code(.notBound)
        /// The response could not be decoded.
        public static let malformedResponse = Code(.malformedResponse)
        /// The TCP or TLS connection could not be made.
        public static let connectionFailed = Code(.connectionFailed)

        public var description: String { self.base.rawValue }
    }

    public var code: Code
    /// The peer's status, where it sent one.
    public var status: CommandStatus?
    public var detail: String?

    public init(code: Code, status: CommandStatus? = nil, detail: String? = nil) {
        self.code = code
        self.status = status
        self.detail = detail
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code && lhs.status == rhs.status }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
        hasher.combine(self.status)
    }

    public var description: String {
        var text = "SMPPError: \(self.code)"
        if let status = self.status { text += " (\(status))" }
        if let detail = self.detail { text += ": \(detail)" }
        return text
    }
}
