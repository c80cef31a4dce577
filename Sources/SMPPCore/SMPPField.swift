// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// A PDU field, named as the spec names it, so that errors can say where a PDU went wrong.
public struct SMPPField: Hashable, Sendable, CustomStringConvertible {
    /// The spec's field name, e.g. `source_addr`.
    public let name: String

    init(_ name: String) { self.name = name }

    public var description: String { self.name }

    public static let commandLength = SMPPField("command_length")
    public static let systemID = SMPPField("system_id")
    public static let password = SMPPField("password")
    public static let systemType = SMPPField("system_type")
    public static let interfaceVersion = SMPPField("interface_version")
    public static let addressTON = SMPPField("addr_ton")
    public static let addressNPI = SMPPField("addr_npi")
    public static let addressRange = SMPPField("address_range")
    public static let serviceType = SMPPField("service_type")
    public static let sourceAddressTON = SMPPField("source_addr_ton")
    public static let sourceAddressNPI = SMPPField("source_addr_npi")
    public static let sourceAddress = SMPPField("source_addr")
    public static let destinationAddressTON = SMPPField("dest_addr_ton")
    public static let destinationAddressNPI = SMPPField("dest_addr_npi")
    public static let destinationAddress = SMPPField("destination_addr")
    public static let esmeAddressTON = SMPPField("esme_addr_ton")
    public static let esmeAddressNPI = SMPPField("esme_addr_npi")
    public static let esmeAddress = SMPPField("esme_addr")
    public static let esmClass = SMPPField("esm_class")
    public static let protocolID = SMPPField("protocol_id")
    public static let priorityFlag = SMPPField("priority_flag")
    public static let scheduleDeliveryTime = SMPPField("schedule_delivery_time")
    public static let validityPeriod = SMPPField("validity_period")
    public static let registeredDelivery = SMPPField("registered_delivery")
    public static let replaceIfPresentFlag = SMPPField("replace_if_present_flag")
    public static let dataCoding = SMPPField("data_coding")
    public static let smDefaultMessageID = SMPPField("sm_default_msg_id")
    public static let smLength = SMPPField("sm_length")
    public static let shortMessage = SMPPField("short_message")
    public static let messageID = SMPPField("message_id")
    public static let finalDate = SMPPField("final_date")
    public static let messageState = SMPPField("message_state")
    public static let errorCode = SMPPField("error_code")
    public static let numberOfDestinations = SMPPField("number_of_dests")
    public static let destinationFlag = SMPPField("dest_flag")
    public static let distributionListName = SMPPField("dl_name")
    public static let numberOfUnsuccessful = SMPPField("no_unsuccess")
    public static let errorStatusCode = SMPPField("error_status_code")
    public static let optionalParameters = SMPPField("optional_parameters")
    public static let body = SMPPField("body")

    /// The status a server answers when this field is invalid (SMPP 3.4 §5.1.3).
    ///
    /// This is the one place that maps fields to statuses; ``SMPPDecodingError/commandStatus`` uses it.
    public var invalidStatus: CommandStatus {
        switch self.name {
        case "system_id": .invalidSystemID
        case "password": .invalidPassword
        case "system_type": .invalidSystemType
        case "address_range", "interface_version", "addr_ton", "addr_npi": .bindFailed
        case "service_type": .invalidServiceType
        case "source_addr", "esme_addr": .invalidSourceAddress
        case "source_addr_ton", "esme_addr_ton": .invalidSourceTON
        case "source_addr_npi", "esme_addr_npi": .invalidSourceNPI
        case "destination_addr": .invalidDestinationAddress
        case "dest_addr_ton": .invalidDestinationTON
        case "dest_addr_npi": .invalidDestinationNPI
        case "esm_class": .invalidESMClass
        case "priority_flag": .invalidPriorityFlag
        case "schedule_delivery_time": .invalidScheduledDeliveryTime
        case "validity_period": .invalidValidityPeriod
        case "registered_delivery": .invalidRegisteredDeliveryFlag
        case "replace_if_present_flag": .invalidReplaceIfPresentFlag
        case "sm_default_msg_id": .invalidPredefinedMessageID
        case "sm_length", "short_message": .invalidMessageLength
        case "message_id": .invalidMessageID
        case "number_of_dests": .invalidNumberOfDestinations
        case "dest_flag": .invalidDestinationFlag
        case "dl_name": .invalidDistributionListName
        case "optional_parameters": .invalidOptionalParameterStream
        default: .invalidCommandLength
        }
    }
}
