// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// A PDU field, named as the spec names it, so that errors can say where a PDU went wrong.
///
/// A one-octet value: decoders pass a field to every read, so it must cost nothing to pass.
public struct SMPPField: Hashable, Sendable, CustomStringConvertible {
    enum Name: String, Hashable, Sendable {
        case commandLength = "command_length"
        case systemID = "system_id"
        case password = "password"
        case systemType = "system_type"
        case interfaceVersion = "interface_version"
        case addressTON = "addr_ton"
        case addressNPI = "addr_npi"
        case addressRange = "address_range"
        case serviceType = "service_type"
        case sourceAddressTON = "source_addr_ton"
        case sourceAddressNPI = "source_addr_npi"
        case sourceAddress = "source_addr"
        case destinationAddressTON = "dest_addr_ton"
        case destinationAddressNPI = "dest_addr_npi"
        case destinationAddress = "destination_addr"
        case esmeAddressTON = "esme_addr_ton"
        case esmeAddressNPI = "esme_addr_npi"
        case esmeAddress = "esme_addr"
        case esmClass = "esm_class"
        case protocolID = "protocol_id"
        case priorityFlag = "priority_flag"
        case scheduleDeliveryTime = "schedule_delivery_time"
        case validityPeriod = "validity_period"
        case registeredDelivery = "registered_delivery"
        case replaceIfPresentFlag = "replace_if_present_flag"
        case dataCoding = "data_coding"
        case smDefaultMessageID = "sm_default_msg_id"
        case smLength = "sm_length"
        case shortMessage = "short_message"
        case messageID = "message_id"
        case finalDate = "final_date"
        case messageState = "message_state"
        case errorCode = "error_code"
        case numberOfDestinations = "number_of_dests"
        case destinationFlag = "dest_flag"
        case distributionListName = "dl_name"
        case numberOfUnsuccessful = "no_unsuccess"
        case errorStatusCode = "error_status_code"
        case optionalParameters = "optional_parameters"
        case body = "body"
    }

    let id: Name

    init(_ id: Name) { self.id = id }

    /// The spec's field name, e.g. `source_addr`.
    public var name: String { self.id.rawValue }

    public var description: String { self.id.rawValue }

    public static let commandLength = SMPPField(.commandLength)
    public static let systemID = SMPPField(.systemID)
    public static let password = SMPPField(.password)
    public static let systemType = SMPPField(.systemType)
    public static let interfaceVersion = SMPPField(.interfaceVersion)
    public static let addressTON = SMPPField(.addressTON)
    public static let addressNPI = SMPPField(.addressNPI)
    public static let addressRange = SMPPField(.addressRange)
    public static let serviceType = SMPPField(.serviceType)
    public static let sourceAddressTON = SMPPField(.sourceAddressTON)
    public static let sourceAddressNPI = SMPPField(.sourceAddressNPI)
    public static let sourceAddress = SMPPField(.sourceAddress)
    public static let destinationAddressTON = SMPPField(.destinationAddressTON)
    public static let destinationAddressNPI = SMPPField(.destinationAddressNPI)
    public static let destinationAddress = SMPPField(.destinationAddress)
    public static let esmeAddressTON = SMPPField(.esmeAddressTON)
    public static let esmeAddressNPI = SMPPField(.esmeAddressNPI)
    public static let esmeAddress = SMPPField(.esmeAddress)
    public static let esmClass = SMPPField(.esmClass)
    public static let protocolID = SMPPField(.protocolID)
    public static let priorityFlag = SMPPField(.priorityFlag)
    public static let scheduleDeliveryTime = SMPPField(.scheduleDeliveryTime)
    public static let validityPeriod = SMPPField(.validityPeriod)
    public static let registeredDelivery = SMPPField(.registeredDelivery)
    public static let replaceIfPresentFlag = SMPPField(.replaceIfPresentFlag)
    public static let dataCoding = SMPPField(.dataCoding)
    public static let smDefaultMessageID = SMPPField(.smDefaultMessageID)
    public static let smLength = SMPPField(.smLength)
    public static let shortMessage = SMPPField(.shortMessage)
    public static let messageID = SMPPField(.messageID)
    public static let finalDate = SMPPField(.finalDate)
    public static let messageState = SMPPField(.messageState)
    public static let errorCode = SMPPField(.errorCode)
    public static let numberOfDestinations = SMPPField(.numberOfDestinations)
    public static let destinationFlag = SMPPField(.destinationFlag)
    public static let distributionListName = SMPPField(.distributionListName)
    public static let numberOfUnsuccessful = SMPPField(.numberOfUnsuccessful)
    public static let errorStatusCode = SMPPField(.errorStatusCode)
    public static let optionalParameters = SMPPField(.optionalParameters)
    public static let body = SMPPField(.body)

    /// The status a server answers when this field is invalid (SMPP 3.4 §5.1.3).
    ///
    /// This is the one place that maps fields to statuses; ``SMPPDecodingError/commandStatus`` uses it.
    public var invalidStatus: CommandStatus {
        // Exhaustive, so a new field has to choose its status.
        switch self.id {
        case .systemID: .invalidSystemID
        case .password: .invalidPassword
        case .systemType: .invalidSystemType
        case .addressRange, .interfaceVersion, .addressTON, .addressNPI: .bindFailed
        case .serviceType: .invalidServiceType
        case .sourceAddress, .esmeAddress: .invalidSourceAddress
        case .sourceAddressTON, .esmeAddressTON: .invalidSourceTON
        case .sourceAddressNPI, .esmeAddressNPI: .invalidSourceNPI
        case .destinationAddress: .invalidDestinationAddress
        case .destinationAddressTON: .invalidDestinationTON
        case .destinationAddressNPI: .invalidDestinationNPI
        case .esmClass: .invalidESMClass
        case .priorityFlag: .invalidPriorityFlag
        case .scheduleDeliveryTime: .invalidScheduledDeliveryTime
        case .validityPeriod: .invalidValidityPeriod
        case .registeredDelivery: .invalidRegisteredDeliveryFlag
        case .replaceIfPresentFlag: .invalidReplaceIfPresentFlag
        case .smDefaultMessageID: .invalidPredefinedMessageID
        case .smLength, .shortMessage: .invalidMessageLength
        case .messageID: .invalidMessageID
        case .numberOfDestinations: .invalidNumberOfDestinations
        case .destinationFlag: .invalidDestinationFlag
        case .distributionListName: .invalidDistributionListName
        case .optionalParameters: .invalidOptionalParameterStream
        case .commandLength, .protocolID, .dataCoding, .finalDate, .messageState, .errorCode, .numberOfUnsuccessful,
            .errorStatusCode, .body:
            .invalidCommandLength
        }
    }
}
