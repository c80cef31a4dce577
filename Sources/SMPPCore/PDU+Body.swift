// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

extension PDU {
    /// The body of a PDU: one case per SMPP 3.4 operation (§4).
    public enum Body: Hashable, Sendable {
        case genericNack
        case bindReceiver(Bind)
        case bindReceiverResponse(BindResponse)
        case bindTransmitter(Bind)
        case bindTransmitterResponse(BindResponse)
        case bindTransceiver(Bind)
        case bindTransceiverResponse(BindResponse)
        case outbind(Outbind)
        case unbind
        case unbindResponse
        case submitSM(SubmitSM)
        case submitSMResponse(SubmitSMResponse)
        // Boxed: rare, and larger than the MO bodies, which would otherwise make every PDU copy bigger.
        indirect case submitMulti(SubmitMulti)
        case submitMultiResponse(SubmitMultiResponse)
        case deliverSM(DeliverSM)
        case deliverSMResponse(DeliverSMResponse)
        case dataSM(DataSM)
        case dataSMResponse(DataSMResponse)
        case querySM(QuerySM)
        case querySMResponse(QuerySMResponse)
        case cancelSM(CancelSM)
        case cancelSMResponse
        indirect case replaceSM(ReplaceSM)
        case replaceSMResponse
        case enquireLink
        case enquireLinkResponse
        case alertNotification(AlertNotification)
        /// A response that carries no body although its layout has one.
        ///
        /// Peers send error responses (and some send deliver_sm_resp) as a bare header.
        case emptyResponse(CommandID)
        /// A command_id SMPP 3.4 does not define, with its body bytes kept, so a session can answer
        /// `generic_nack ESME_RINVCMDID` and a re-encode reproduces the PDU.
        case unknown(CommandID, ByteBuffer)

        /// The `command_id` of this body.
        public var commandID: CommandID {
            switch self {
            case .genericNack: .genericNack
            case .bindReceiver: .bindReceiver
            case .bindReceiverResponse: .bindReceiverResponse
            case .bindTransmitter: .bindTransmitter
            case .bindTransmitterResponse: .bindTransmitterResponse
            case .bindTransceiver: .bindTransceiver
            case .bindTransceiverResponse: .bindTransceiverResponse
            case .outbind: .outbind
            case .unbind: .unbind
            case .unbindResponse: .unbindResponse
            case .submitSM: .submitSM
            case .submitSMResponse: .submitSMResponse
            case .submitMulti: .submitMulti
            case .submitMultiResponse: .submitMultiResponse
            case .deliverSM: .deliverSM
            case .deliverSMResponse: .deliverSMResponse
            case .dataSM: .dataSM
            case .dataSMResponse: .dataSMResponse
            case .querySM: .querySM
            case .querySMResponse: .querySMResponse
            case .cancelSM: .cancelSM
            case .cancelSMResponse: .cancelSMResponse
            case .replaceSM: .replaceSM
            case .replaceSMResponse: .replaceSMResponse
            case .enquireLink: .enquireLink
            case .enquireLinkResponse: .enquireLinkResponse
            case .alertNotification: .alertNotification
            case .emptyResponse(let id): id
            case .unknown(let id, _): id
            }
        }
    }
}
