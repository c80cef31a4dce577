// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// A user data header (3GPP TS 23.040 §9.2.3.24): the start of `short_message` when `esm_class` has UDHI (0x40).
///
/// ```
/// UDHL (1 octet, length of what follows)
/// IEI (1) | IEDL (1) | IED (IEDL octets)   repeated, in any order
/// ```
/// Information elements are kept in wire order, unknown ones included, so ``bytes`` round-trips exactly.
public struct UserDataHeader: Hashable, Sendable {
    /// One information element: identifier (IEI) and data (IED).
    public struct InformationElement: Hashable, Sendable {
        public let identifier: UInt8
        public let data: [UInt8]

        /// - Returns: `nil` if `data` is longer than 255 octets (IEDL is one octet).
        public init?(identifier: UInt8, data: [UInt8]) {
            guard data.count <= 255 else { return nil }
            self.identifier = identifier
            self.data = data
        }

        init(unchecked identifier: UInt8, data: [UInt8]) {
            self.identifier = identifier
            self.data = data
        }
    }

    /// The information elements, in wire order.
    public private(set) var elements: [InformationElement]

    /// - Returns: `nil` if the encoded elements would not fit the one-octet UDHL, or a concatenation or port
    ///   element is malformed (the same checks as parsing).
    public init?(elements: [InformationElement]) {
        guard elements.reduce(0, { $0 + 2 + $1.data.count }) <= 255 else { return nil }
        for element in elements {
            guard (try? Self.validate(element)) != nil else { return nil }
        }
        self.elements = elements
    }

    /// Parses the header at the start of `bytes`; octets after the header are ignored.
    ///
    /// - Throws: ``UserDataHeaderError`` if UDHL is missing or longer than the data, an element runs past UDHL,
    ///   or a concatenation or port element is malformed (see ``UserDataHeaderError/Code``).
    public init(parsing bytes: some Collection<UInt8>) throws(UserDataHeaderError) {
        self = try Self.split(bytes).header
    }

    /// Separates a header from the payload that follows it.
    ///
    /// 23.040 tells a handset to ignore a concatenation IE with total 0, sequence 0 or sequence > total. A gateway
    /// must not guess which message such a part belongs to, so here it is an error; a caller may catch it and treat
    /// the message as a single part.
    public static func split(
        _ userData: some Collection<UInt8>
    ) throws(UserDataHeaderError) -> (header: UserDataHeader, payload: ArraySlice<UInt8>) {
        let bytes = Array(userData)
        guard let udhl = bytes.first else { throw .truncated() }
        let end = 1 + Int(udhl)
        guard end <= bytes.count else { throw .lengthExceedsData(udhl: Int(udhl), available: bytes.count - 1) }
        var elements: [InformationElement] = []
        var index = 1
        while index < end {
            guard index + 2 <= end, index + 2 + Int(bytes[index + 1]) <= end else {
                throw .elementOverrun(offset: index)
            }
            let element = InformationElement(
                unchecked: bytes[index],
                data: Array(bytes[(index + 2)..<(index + 2 + Int(bytes[index + 1]))])
            )
            try Self.validate(element)
            elements.append(element)
            index += 2 + element.data.count
        }
        return (UserDataHeader(uncheckedElements: elements), bytes[end...])
    }

    init(uncheckedElements: [InformationElement]) {
        self.elements = uncheckedElements
    }

    private static func validate(_ element: InformationElement) throws(UserDataHeaderError) {
        switch element.identifier {
        case Concatenation.identifier8Bit, Concatenation.identifier16Bit:
            _ = try Concatenation(element)
        case ApplicationPorts.identifier8Bit, ApplicationPorts.identifier16Bit:
            _ = try ApplicationPorts(element)
        default:
            break
        }
    }

    /// The last element with `identifier`: 23.040 §9.2.3.24 says the last occurrence of a non-repeatable
    /// element is the one to use.
    public func element(_ identifier: UInt8) -> InformationElement? {
        self.elements.last { $0.identifier == identifier }
    }

    /// Appends an element.
    /// - Returns: `false` (and leaves the header unchanged) if it would no longer fit the one-octet UDHL or is a
    ///   malformed concatenation or port element.
    @discardableResult
    public mutating func append(_ element: InformationElement) -> Bool {
        guard self.length + 2 + element.data.count <= 256, (try? Self.validate(element)) != nil else { return false }
        self.elements.append(element)
        return true
    }

    // MARK: Encoding

    /// Encoded length in octets, including the UDHL octet.
    public var length: Int {
        1 + self.elements.reduce(0) { $0 + 2 + $1.data.count }
    }

    /// Appends UDHL and the elements.
    public func write(into bytes: inout [UInt8]) {
        bytes.reserveCapacity(bytes.count + self.length)
        bytes.append(UInt8(self.length - 1))
        for element in self.elements {
            bytes.append(element.identifier)
            bytes.append(UInt8(element.data.count))
            bytes.append(contentsOf: element.data)
        }
    }

    /// Writes UDHL and the elements to `buffer`.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeBytes(self.bytes)
    }

    /// UDHL followed by the elements.
    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        self.write(into: &bytes)
        return bytes
    }
}

/// A malformed user data header (3GPP TS 23.040 §9.2.3.24).
///
/// Equality compares ``code`` only; ``detail`` is diagnostics and never contains message content.
public struct UserDataHeaderError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case truncated, lengthExceedsData, elementOverrun, invalidConcatenation, invalidPorts
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No UDHL octet at all.
        public static let truncated = Code(.truncated)
        /// UDHL is larger than the user data.
        public static let lengthExceedsData = Code(.lengthExceedsData)
        /// An element's header or data runs past UDHL.
        public static let elementOverrun = Code(.elementOverrun)
        /// Concatenation IE (0x00/0x08) with the wrong length, total 0, sequence 0 or sequence > total.
        public static let invalidConcatenation = Code(.invalidConcatenation)
        /// Application port IE (0x04/0x05) with the wrong length.
        public static let invalidPorts = Code(.invalidPorts)

        public var description: String { self.base.rawValue }
    }

    public var code: Code
    public var detail: String

    public var description: String { "UserDataHeaderError.\(self.code): \(self.detail)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.code) }

    @inline(never)
    static func truncated() -> Self {
        Self(code: .truncated, detail: "no UDHL octet")
    }

    @inline(never)
    static func lengthExceedsData(udhl: Int, available: Int) -> Self {
        Self(code: .lengthExceedsData, detail: "UDHL \(udhl) exceeds the \(available) octets that follow")
    }

    @inline(never)
    static func elementOverrun(offset: Int) -> Self {
        Self(code: .elementOverrun, detail: "information element at offset \(offset) runs past UDHL")
    }

    @inline(never)
    static func invalidConcatenation(_ detail: String) -> Self {
        Self(code: .invalidConcatenation, detail: detail)
    }

    @inline(never)
    static func invalidPorts(_ detail: String) -> Self {
        Self(code: .invalidPorts, detail: detail)
    }
}
