// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

extension UserDataHeader {
    /// Concatenated short message IE (3GPP TS 23.040 §9.2.3.24.1 and §9.2.3.24.8).
    ///
    /// ```
    /// IEI 0x00, IEDL 3: ref (1) | total (1) | sequence (1)       8-bit reference
    /// IEI 0x08, IEDL 4: ref (2, big-endian) | total | sequence    16-bit reference
    /// ```
    public struct Concatenation: Hashable, Sendable {
        static let identifier8Bit: UInt8 = 0x00
        static let identifier16Bit: UInt8 = 0x08

        /// Concatenated short message reference number, the same in every part.
        public let reference: UInt16
        /// Maximum number of short messages in the concatenated message (1...255).
        public let total: UInt8
        /// Sequence number of this part (1...total).
        public let sequence: UInt8
        /// 8 (IEI 0x00) or 16 (IEI 0x08).
        public let referenceBits: Int

        /// - Returns: `nil` if `referenceBits` is not 8 or 16, an 8-bit `reference` is above 255, `total` is 0,
        ///   or `sequence` is not in `1...total`.
        public init?(reference: UInt16, total: UInt8, sequence: UInt8, referenceBits: Int = 8) {
            guard referenceBits == 16 || (referenceBits == 8 && reference <= 0xFF),
                total > 0, (1...total).contains(sequence)
            else { return nil }
            self.reference = reference
            self.total = total
            self.sequence = sequence
            self.referenceBits = referenceBits
        }

        init(_ element: InformationElement) throws(UserDataHeaderError) {
            let data = element.data
            let reference: UInt16
            switch (element.identifier, data.count) {
            case (Self.identifier8Bit, 3):
                reference = UInt16(data[0])
            case (Self.identifier16Bit, 4):
                reference = UInt16(data[0]) << 8 | UInt16(data[1])
            default:
                throw .invalidConcatenation("IEI \(element.identifier) with length \(data.count)")
            }
            let total = data[data.count - 2]
            let sequence = data[data.count - 1]
            guard
                let concatenation = Self(
                    reference: reference,
                    total: total,
                    sequence: sequence,
                    referenceBits: element.identifier == Self.identifier8Bit ? 8 : 16
                )
            else {
                throw .invalidConcatenation("sequence \(sequence) of total \(total)")
            }
            self = concatenation
        }

        /// The element that carries this value.
        public var element: InformationElement {
            let head: [UInt8] =
                self.referenceBits == 8
                ? [UInt8(truncatingIfNeeded: self.reference)]
                : [UInt8(truncatingIfNeeded: self.reference >> 8), UInt8(truncatingIfNeeded: self.reference)]
            return InformationElement(
                unchecked: self.referenceBits == 8 ? Self.identifier8Bit : Self.identifier16Bit,
                data: head + [self.total, self.sequence]
            )
        }
    }

    /// Application port addressing IE (3GPP TS 23.040 §9.2.3.24.3 and §9.2.3.24.4).
    ///
    /// ```
    /// IEI 0x04, IEDL 2: destination (1) | source (1)
    /// IEI 0x05, IEDL 4: destination (2) | source (2)    big-endian
    /// ```
    public struct ApplicationPorts: Hashable, Sendable {
        static let identifier8Bit: UInt8 = 0x04
        static let identifier16Bit: UInt8 = 0x05

        public let destination: UInt16
        public let source: UInt16
        /// 8 (IEI 0x04) or 16 (IEI 0x05).
        public let portBits: Int

        /// - Returns: `nil` if `portBits` is not 8 or 16, or an 8-bit port is above 255.
        public init?(destination: UInt16, source: UInt16, portBits: Int = 16) {
            guard portBits == 16 || (portBits == 8 && destination <= 0xFF && source <= 0xFF) else { return nil }
            self.destination = destination
            self.source = source
            self.portBits = portBits
        }

        init(_ element: InformationElement) throws(UserDataHeaderError) {
            let data = element.data
            switch (element.identifier, data.count) {
            case (Self.identifier8Bit, 2):
                (self.destination, self.source, self.portBits) = (UInt16(data[0]), UInt16(data[1]), 8)
            case (Self.identifier16Bit, 4):
                self.destination = UInt16(data[0]) << 8 | UInt16(data[1])
                self.source = UInt16(data[2]) << 8 | UInt16(data[3])
                self.portBits = 16
            default:
                throw .invalidPorts("IEI \(element.identifier) with length \(data.count)")
            }
        }

        /// The element that carries this value.
        public var element: InformationElement {
            if self.portBits == 8 {
                return InformationElement(
                    unchecked: Self.identifier8Bit,
                    data: [UInt8(truncatingIfNeeded: self.destination), UInt8(truncatingIfNeeded: self.source)]
                )
            }
            return InformationElement(
                unchecked: Self.identifier16Bit,
                data: [self.destination, self.source].flatMap {
                    [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)]
                }
            )
        }
    }

    /// A header holding one concatenation element: `05 00 03 ref total seq` or `06 08 04 refH refL total seq`.
    public init(concatenation: Concatenation) {
        self.init(uncheckedElements: [concatenation.element])
    }

    /// The concatenation element, if any; the last one wins when repeated (23.040 §9.2.3.24).
    ///
    /// Elements are validated when parsed or added, so a present element always reads.
    public var concatenation: Concatenation? {
        self.elements.last {
            $0.identifier == Concatenation.identifier8Bit || $0.identifier == Concatenation.identifier16Bit
        }.flatMap { try? Concatenation($0) }
    }

    /// The application port element, if any; the last one wins when repeated.
    public var ports: ApplicationPorts? {
        self.elements.last {
            $0.identifier == ApplicationPorts.identifier8Bit || $0.identifier == ApplicationPorts.identifier16Bit
        }.flatMap { try? ApplicationPorts($0) }
    }
}
