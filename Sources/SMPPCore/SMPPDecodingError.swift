// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// Why a PDU could not be decoded, and the status a server must answer with.
///
/// Equality compares ``code``, ``field`` and ``tag`` only; the detail text is for people.
/// Nothing here carries a phone number or message text.
public struct SMPPDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure. An extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidCommandLength = "invalid command_length"
            case truncated = "body ends inside a field"
            case unterminatedCString = "C-Octet String has no NUL within its maximum length"
            case invalidValue = "invalid field value"
            case trailingBytes = "bytes left after the last field"
            case invalidSMLength = "invalid sm_length"
            case invalidTLVStream = "malformed TLV stream"
            case invalidTLVLength = "TLV length wrong for its tag"
            case invalidTLVValue = "invalid TLV value"
            case conflictingPayload = "short_message and message_payload both carry data"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// command_length is under 16, over the configured maximum, or disagrees with the body.
        public static let invalidCommandLength = Code(.invalidCommandLength)
        /// The body ended before a fixed field was complete.
        public static let truncated = Code(.truncated)
        /// A C-Octet String was longer than its maximum or missing its NUL.
        public static let unterminatedCString = Code(.unterminatedCString)
        /// A field held a value the spec does not allow.
        public static let invalidValue = Code(.invalidValue)
        /// The body was longer than its fields.
        public static let trailingBytes = Code(.trailingBytes)
        /// sm_length was 255 or ran past the body.
        public static let invalidSMLength = Code(.invalidSMLength)
        /// A TLV header or length ran past the body.
        public static let invalidTLVStream = Code(.invalidTLVStream)
        /// A TLV's length was wrong for its tag.
        public static let invalidTLVLength = Code(.invalidTLVLength)
        /// A TLV held a value the spec does not allow.
        public static let invalidTLVValue = Code(.invalidTLVValue)
        /// short_message and message_payload both carried data.
        public static let conflictingPayload = Code(.conflictingPayload)

        public var description: String { self.base.rawValue }
    }

    public var code: Code
    /// The field at fault, where there is one.
    public var field: SMPPField?
    /// The TLV tag at fault, for TLV errors.
    public var tag: TLVTag?
    /// More detail for people: lengths and limits, never content.
    public var detail: String

    public init(code: Code, field: SMPPField? = nil, tag: TLVTag? = nil, detail: String = "") {
        self.code = code
        self.field = field
        self.tag = tag
        self.detail = detail
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.field == rhs.field && lhs.tag == rhs.tag
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
        hasher.combine(self.field)
        hasher.combine(self.tag)
    }

    /// The `command_status` a server answers this PDU with (SMPP 3.4 §5.1.3).
    ///
    /// The single mapping from decoding failures to statuses.
    public var commandStatus: CommandStatus {
        switch self.code {
        case .invalidCommandLength, .truncated, .trailingBytes: .invalidCommandLength
        case .invalidSMLength: .invalidMessageLength
        case .invalidTLVStream: .invalidOptionalParameterStream
        case .invalidTLVLength: .invalidParameterLength
        case .invalidTLVValue, .conflictingPayload: .invalidOptionalParameterValue
        default: self.field?.invalidStatus ?? .invalidCommandLength
        }
    }

    public var description: String {
        var text = self.code.description
        if let field { text = "\(field): " + text }
        if let tag { text += " (tag \(tag))" }
        if !self.detail.isEmpty { text += " (\(self.detail))" }
        return text
    }
}

extension SMPPDecodingError {
    @inline(never)
    static func truncated(_ field: SMPPField) -> Self { Self(code: .truncated, field: field) }

    @inline(never)
    static func unterminated(_ field: SMPPField, maximum: Int) -> Self {
        Self(code: .unterminatedCString, field: field, detail: "maximum \(maximum) octets including the NUL")
    }

    @inline(never)
    static func invalid(_ field: SMPPField, _ detail: String) -> Self {
        Self(code: .invalidValue, field: field, detail: detail)
    }

    @inline(never)
    static func invalidSMLength(_ length: UInt8) -> Self {
        Self(code: .invalidSMLength, field: .smLength, detail: "sm_length \(length)")
    }

    @inline(never)
    static func trailingBytes(_ count: Int) -> Self {
        Self(code: .trailingBytes, field: .body, detail: "\(count) octets")
    }

    @inline(never)
    static func invalidCommandLength(_ length: UInt32, maximum: Int) -> Self {
        Self(code: .invalidCommandLength, field: .commandLength, detail: "\(length), allowed 16...\(maximum)")
    }
}
